import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { notifyStaleEntries } from '../core/feed/entries/stale.js';
import { createLogger } from '../core/logger.js';
import { savePeriodMark } from '../core/grid/lesson-writes.js';
import { gridTarget } from '../core/grid/access.js';
import { saveMark } from '../core/today/saves.js';
import { startFeed } from '../jobs/feed-client/index.js';
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
    async () =>
      (await entries(db.ds, w.schoolId)).filter((e: any) => !['queued', 'sent'].includes(e.status)).length >= n,
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
      // Its event back first (else it could land after the next change, and the e-journal's «3» would stand anyway).
      await until(async () => (await entries(db.ds, w.schoolId))[0]?.status === 'applied', 'the first applied');
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

  it('a conflict: the teacher told both values, the e-journal value stands; told once', async () => {
    const w = await world(db.ds, 'tell-conflict');
    try {
      await w.link();
      const data = {
        student: 's1',
        subject: 'maths',
        workKind: 'oral',
        lesson: 'l1',
        date: '2026-11-23',
        value: '3' as const,
      };
      w.server.publish('tell-conflict', { event: 'mark.set', externalId: 'm9', data });
      await until(
        async () => (await count(db.ds, `SELECT count(*) n FROM mark WHERE "externalId" = 'm9'`)) === 1,
        'm9',
      );
      w.server.pause();
      w.server.dropConnections();
      w.server.publish('tell-conflict', { event: 'mark.set', externalId: 'm9', data: { ...data, value: '2' } });
      await mark(w, 'l1', w.ids.s1, '4');
      w.server.resume();
      await until(async () => (await entries(db.ds, w.schoolId))[0]?.status === 'conflict', 'the conflict', 30_000);
      await until(
        async () => (await db.ds.query(`SELECT value FROM mark WHERE "externalId" = 'm9'`))[0].value === '2',
        'theirs applied',
      );
      await drain(db.ds);
      await drain(db.ds);
      expect((await messagesTo(db.ds, w.chats.teacher)).map((m: any) => m.text)).toEqual([
        [
          '⚠️ <b>В журнале школы это значение уже изменили</b>',
          'Математика, 5А, 23 ноября, 1-й урок — отметка: Иванова Анна «4».',
          'В журнале школы: 2, вы ставили: 4. Оставлено значение журнала школы; если верно ваше, внесите его снова в /today.',
        ].join('\n'),
      ]);
    } finally {
      await done(w);
    }
  });

  it('a period mark from the grid: sent as an entry, accepted, the mother told once; a closed period refused and the teacher told', async () => {
    const w = await world(db.ds, 'tell-period');
    try {
      await w.link();
      const t = (await gridTarget(db.ds, w.teacher, {
        classId: w.ids.classId,
        subjectId: w.ids.maths,
        subgroupId: null,
      }))!;
      const put = (periodId: number, value: '4' | '5') =>
        savePeriodMark(db.ds, w.teacher, t, { periodId, studentId: w.ids.s1, value, seen: null }, now());
      expect(await put(w.ids.q2, '5')).toEqual({ saved: { value: '5' } });
      expect(await put(w.ids.q1, '4')).toEqual({ saved: { value: '4' } });
      await until(
        async () => (await entries(db.ds, w.schoolId)).map((e: any) => e.status).join() === 'applied,rejected',
        'the first applied, the second rejected',
      );
      const sent = w.server.entries.map((e) => [e.entry, e.data]);
      expect(sent).toEqual([
        ['periodMark.set', { student: 's1', subject: 'maths', period: 'q2', value: '5' }],
        ['periodMark.set', { student: 's1', subject: 'maths', period: 'q1', value: '4' }],
      ]);
      expect((await entries(db.ds, w.schoolId)).map((e: any) => [e.status, e.reason])).toEqual([
        ['applied', null],
        ['rejected', 'Период «1 четверть» закрыт: итоговые отметки за него не принимаются.'],
      ]);
      expect(
        await db.ds.query(
          `SELECT "periodId", value, "externalId" IS NOT NULL AS linked FROM period_mark WHERE "studentId" = $1`,
          [w.ids.s1],
        ),
      ).toEqual([{ periodId: w.ids.q2, value: '5', linked: true }]);
      // The refused mark was removed through the journal's use case: its removal is on record, told to nobody.
      expect(
        await db.ds.query(
          `SELECT silent, (payload->>'periodId')::int AS "periodId", payload->>'oldValue' AS "oldValue"
             FROM outbox WHERE "schoolId" = $1 AND type = 'periodMark.deleted'`,
          [w.schoolId],
        ),
      ).toEqual([{ silent: true, periodId: w.ids.q1, oldValue: '4' }]);
      await drain(db.ds);
      const toMother = (await messagesTo(db.ds, w.chats.mother)).map((m: any) => m.text);
      expect(toMother).toHaveLength(1);
      expect(toMother[0]).toContain('<b>5</b> — 2 четверть');
      expect((await messagesTo(db.ds, w.chats.teacher)).map((m: any) => m.text)).toEqual([
        [
          '❌ <b>Журнал школы отклонил запись</b>',
          'Математика, 5А, 1 четверть — отметка за период: Иванова Анна «4».',
          'Причина: Период «1 четверть» закрыт: итоговые отметки за него не принимаются.',
          'В дневнике она снята.',
        ].join('\n'),
      ]);
    } finally {
      await done(w);
    }
  });

  it('entries waiting longer than FEED_STALE_MINUTES: the teacher told once for the batch, never twice for one entry', async () => {
    const w = await world(db.ds, 'tell-stale');
    try {
      await w.link();
      w.server.pause();
      w.server.dropConnections();
      await mark(w, 'l1', w.ids.s1, '5');
      await mark(w, 'l2', w.ids.s2, '3');
      const age = (minutes: number) =>
        db.ds.query(
          `UPDATE feed_entry SET "createdAt" = now() - make_interval(mins => $2) WHERE "schoolId" = $1 AND "staleToldAt" IS NULL`,
          [w.schoolId, minutes],
        );
      // Younger than the limit: nobody is told.
      await age(3);
      expect(await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() })).toBe(0);
      await age(6);
      expect(await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() })).toBe(1);
      expect(await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() })).toBe(0);
      await drain(db.ds);
      const texts = () => messagesTo(db.ds, w.chats.teacher).then((r) => r.map((m: any) => m.text));
      expect(await texts()).toEqual([
        [
          '📤 <b>2 записи ждут отправки в журнал школы дольше 5 мин.</b>',
          '• Математика, 5А, 23 ноября, 1-й урок — отметка: Иванова Анна «5»',
          '• Математика, 5А, 23 ноября, 2-й урок — отметка: Петров Пётр «3»',
          'Записи не потеряны: они уйдут в журнал школы, как только он ответит.',
        ].join('\n'),
      ]);
      // A later entry waiting too: one more message, for it alone.
      await mark(w, 'l2', w.ids.s1, '4');
      await age(10);
      expect(await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() })).toBe(1);
      await drain(db.ds);
      expect((await texts()).slice(1)).toEqual([
        [
          '📤 <b>1 запись ждёт отправки в журнал школы дольше 5 мин.</b>',
          '• Математика, 5А, 23 ноября, 2-й урок — отметка: Иванова Анна «4»',
          'Записи не потеряны: они уйдут в журнал школы, как только он ответит.',
        ].join('\n'),
      ]);
      // The feed back: all three sent and accepted; the families were told nothing before.
      w.server.resume();
      await until(
        async () => (await entries(db.ds, w.schoolId)).every((e: any) => e.status === 'applied'),
        'all three applied',
        30_000,
      );
    } finally {
      await done(w);
    }
  });
  it("the worker's minute check tells the teacher once, by the worker's clock, of an entry waiting too long", async () => {
    const w = await world(db.ds, 'tell-check');
    const clock = manualClock(new Date());
    const config = loadConfig({ BOT_TOKEN: '42:TEST-token-for-unit-tests-only', FEED_STALE_MINUTES: '5' });
    const check = startFeed({ ds: db.ds, config, logger: createLogger('error'), clock, checkEveryMs: 20 });
    const texts = () => messagesTo(db.ds, w.chats.teacher).then((r) => r.map((m: any) => m.text));
    const stale = () =>
      count(db.ds, `SELECT count(*) n FROM outbox WHERE "schoolId" = $1 AND type = 'feed.entriesStale'`, [w.schoolId]);
    try {
      await w.link();
      w.server.pause();
      w.server.dropConnections();
      await mark(w, 'l1', w.ids.s1, '5');
      // Checks at the clock's present: the entry is young, nobody is told.
      await new Promise((r) => setTimeout(r, 150));
      expect(await stale()).toBe(0);
      clock.advance(6 * 60_000);
      await until(async () => (await stale()) > 0, 'the check telling the teacher');
      // More checks go by: not told twice.
      await new Promise((r) => setTimeout(r, 150));
      await drain(db.ds);
      expect(await texts()).toEqual([
        [
          '📤 <b>1 запись ждёт отправки в журнал школы дольше 5 мин.</b>',
          '• Математика, 5А, 23 ноября, 1-й урок — отметка: Иванова Анна «5»',
          'Записи не потеряны: они уйдут в журнал школы, как только он ответит.',
        ].join('\n'),
      ]);
    } finally {
      await check.stop();
      await done(w);
    }
  });
});
