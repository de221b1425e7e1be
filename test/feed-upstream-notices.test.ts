import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyStaleEntries } from '../core/feed/entries/stale.js';
import { savePeriodMark } from '../core/grid/lesson-writes.js';
import { gridTarget } from '../core/grid/access.js';
import { saveMark } from '../core/today/saves.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, until } from './helpers/feed.js';
import { done, drain, entries, messagesTo, world, type World } from './helpers/upstream.js';

/**
 * What people are told about teachers' entries for the school's e-journal (issue 18), with the reference
 * e-journal over a real WebSocket: families only of accepted ones; the teacher once of a rejection or a
 * conflict (the reason, the lesson, the student, the value put back) and once of entries waiting too long;
 * period marks from the grid go upstream like marks; a rejection is kept among the feed's dead letters.
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const now = () => new Date('2026-11-23T09:00:00+03:00');
const mark = async (w: World, lesson: string, student: number, value: '2' | '3' | '4' | '5') =>
  saveMark(db.ds, w.teacher, await w.lesson(lesson), { studentId: student, workKindId: w.ids.oral, value }, now());
const settled = (w: World, n: number) =>
  until(
    async () => (await entries(db.ds, w.schoolId)).filter((e: any) => !['queued', 'sent'].includes(e.status)).length >= n,
    `${n} answered`,
  );

describe('teachers told about their entries for the school e-journal', () => {
  it('accepted: one row, the mother told once, the teacher told nothing', async () => {
    const w = await world(db.ds, 'tell-ok');
    try {
      await w.link();
      await mark(w, 'l1', w.ids.s1, '5');
      await until(async () => (await entries(db.ds, w.schoolId))[0]?.status === 'applied', 'applied');
      await drain(db.ds);
      expect(await count(db.ds, `SELECT count(*) n FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toBe(1);
      const toMother = await messagesTo(db.ds, w.chats.mother);
      expect(toMother).toHaveLength(1);
      expect(toMother[0].text).toContain('<b>5</b>');
      expect(await messagesTo(db.ds, w.chats.teacher)).toEqual([]);
      expect(await count(db.ds, `SELECT count(*) n FROM feed_dead_letter WHERE "schoolId" = $1`, [w.schoolId])).toBe(0);
    } finally {
      await done(w);
    }
  });

  it('rejected: the teacher told once with the reason, the lesson, the student and the value put back; the mother nothing; a dead letter', async () => {
    const w = await world(db.ds, 'tell-rej');
    try {
      await w.link();
      await mark(w, 'l-old', w.ids.s1, '4');
      await settled(w, 1);
      await drain(db.ds);
      await drain(db.ds);
      expect(await db.ds.query(`SELECT value, deleted FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toEqual([
        { value: '4', deleted: true },
      ]);
      expect(await messagesTo(db.ds, w.chats.mother)).toEqual([]);
      expect(await messagesTo(db.ds, w.chats.teacher)).toEqual([
        {
          kind: 'journalEntry',
          text: [
            '❌ <b>Журнал школы отклонил запись</b>',
            'Математика, 5А, 20 октября, 1-й урок — отметка: Иванова Анна «4».',
            'Причина: Период закрыт: изменения за 20.10.2026 не принимаются.',
            'В дневнике она снята.',
          ].join('\n'),
        },
      ]);
      const [e] = await entries(db.ds, w.schoolId);
      expect(
        await db.ds.query(`SELECT seq, "eventId", type, reason FROM feed_dead_letter WHERE "schoolId" = $1`, [
          w.schoolId,
        ]),
      ).toEqual([
        {
          seq: null,
          eventId: e.clientId,
          type: 'mark.set',
          reason: 'entry rejected (period_closed): Период закрыт: изменения за 20.10.2026 не принимаются.',
        },
      ]);
    } finally {
      await done(w);
    }
  });

  it('a changed mark rejected: the teacher told the earlier value is back', async () => {
    const w = await world(db.ds, 'tell-back');
    try {
      await w.link();
      await mark(w, 'l1', w.ids.s2, '3');
      await settled(w, 1);
      // The e-journal's administrator closes the period meanwhile: the change is refused.
      w.server.closeThrough('2026-11-30');
      await mark(w, 'l1', w.ids.s2, '5');
      await settled(w, 2);
      await drain(db.ds);
      const texts = (await messagesTo(db.ds, w.chats.teacher)).map((m: any) => m.text);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('отметка: Петров Пётр «5»');
      expect(texts[0]).toContain('Причина: Период закрыт: изменения за 23.11.2026 не принимаются.');
      expect(texts[0]).toContain('В дневнике возвращено прежнее значение: 3.');
      expect(await db.ds.query(`SELECT value FROM mark WHERE "schoolId" = $1 AND NOT deleted`, [w.schoolId])).toEqual([
        { value: '3' },
      ]);
    } finally {
      await done(w);
    }
  });
});
