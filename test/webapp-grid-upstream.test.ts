import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { HELD_UNTIL } from '../core/feed/entries/mode.js';
import { guardianOf, setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { webTest, type WebTest } from './helpers/webapp.js';

/**
 * The grid in a school whose journal of record is its e-journal (issue 18): a cell's entry is queued for
 * the e-journal with the local change and the families' notice held, as /today's is; what the e-journal
 * cannot take is refused in the cell with the reason, and nothing is written.
 */
const TEACHER = 701;
const MOTHER = 702;
const clock = manualClock('2026-11-23T12:00:00+03:00');

let t: BotTest<SchoolFixture>;
let web: WebTest;
let f: SchoolFixture;

beforeAll(async () => {
  t = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
    ],
  });
  f = t.f;
  await t.db.ds.query(`UPDATE school SET journal = 'external' WHERE id = $1`, [f.school.id]);
  web = webTest(t.h);
});
afterAll(() => t.db.close());

const q = (sql: string, params: unknown[] = []) => t.db.ds.query(sql, params);
const markOf = (value: string) =>
  web.json(
    TEACHER,
    'grid/mark',
    {
      lessonId: f.mathsLesson5a.id,
      studentId: f.anna.id,
      workKindId: f.test.id,
      value,
      seen: { id: null, version: null },
    },
    'PUT',
  );
const annasMarks = async () =>
  (await q(`SELECT value FROM mark WHERE "studentId" = $1 AND NOT deleted`, [f.anna.id])).map(
    (r: { value: string }) => r.value,
  );

describe("the grid where the school's e-journal is the journal of record", () => {
  it('a lesson or student the e-journal does not know: refused in the cell with the reason, nothing written', async () => {
    const { status, body } = await markOf('5');
    expect(status).toBe(422);
    expect(body.message).toBe('Этого урока или ученика нет в журнале школы: запись не отправлена.');
    expect(await annasMarks()).toEqual([]);
    expect(await q(`SELECT id FROM feed_entry`)).toEqual([]);
  });

  it('a known one: saved, the entry queued for the e-journal, the mother told only once it is accepted', async () => {
    for (const [table, id] of [
      ['student', f.anna.id],
      ['subject', f.maths.id],
      ['work_kind', f.test.id],
      ['lesson', f.mathsLesson5a.id],
      ['staff', f.mathTeacher.id],
    ] as const)
      await q(`UPDATE ${table} SET "externalId" = $2 WHERE id = $1`, [id, `ej-${table}-${id}`]);
    const { status, body } = await markOf('4');
    expect(status).toBe(200);
    expect(body.saved).toMatchObject({ value: '4' });
    expect(await annasMarks()).toEqual(['4']);
    const entries = await q(`SELECT kind, status, "lessonId", after FROM feed_entry`);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'mark.set',
        lessonId: f.mathsLesson5a.id,
        after: expect.objectContaining({ value: '4' }),
      }),
    ]);
    const held = await q(`SELECT "availableAt" FROM outbox WHERE type = 'mark.set' ORDER BY id DESC LIMIT 1`);
    expect(new Date(held[0].availableAt).getTime()).toBe(HELD_UNTIL.getTime());
  });

  it('the grid lists the entry: sent to the school e-journal, then a conflict with both values', async () => {
    const journal = async () =>
      (await web.json(TEACHER, `grid?class=${f.c5a.id}&subject=${f.maths.id}&period=${f.q2.id}`)).body.journal;
    expect(await journal()).toEqual([
      expect.objectContaining({ kind: 'mark.set', status: 'queued', ours: '4', theirs: null, reason: null }),
    ]);
    await q(
      `UPDATE feed_entry SET status = 'conflict', reason = 'В журнале школы это значение уже изменили.', theirs = $1`,
      [JSON.stringify({ externalId: 'm9', version: 3, data: { value: '2' } })],
    );
    const [e] = await journal();
    expect(e).toMatchObject({ status: 'conflict', ours: '4', theirs: '2' });
    expect(e.student).toBe(`${f.anna.lastName} ${f.anna.firstName}`);
  });

  it('a period mark: refused while the e-journal does not know the period; then queued as an entry, held', async () => {
    const put = () =>
      web.json(
        TEACHER,
        'grid/period-mark',
        { classId: f.c5a.id, subjectId: f.maths.id, periodId: f.q2.id, studentId: f.anna.id, value: '5', seen: null },
        'PUT',
      );
    const refused = await put();
    expect(refused.status).toBe(422);
    expect(await q(`SELECT id FROM period_mark`)).toEqual([]);
    await q(`UPDATE period SET "externalId" = 'ej-q2' WHERE id = $1`, [f.q2.id]);
    const { status, body } = await put();
    expect(status).toBe(200);
    expect(body.saved).toEqual({ value: '5' });
    const [entry] = await q(`SELECT kind, "lessonId", lane, message FROM feed_entry WHERE kind = 'periodMark.set'`);
    expect(entry).toMatchObject({ lessonId: null, lane: `periodMarks:${f.anna.id}` });
    expect(entry.message.data).toEqual({
      student: `ej-student-${f.anna.id}`,
      subject: `ej-subject-${f.maths.id}`,
      period: 'ej-q2',
      value: '5',
    });
    const held = await q(`SELECT "availableAt" FROM outbox WHERE type = 'periodMark.set'`);
    expect(held.map((h: { availableAt: Date }) => new Date(h.availableAt).getTime())).toEqual([HELD_UNTIL.getTime()]);
  });

  it('an e-journal that takes no entries (protocol v1): refused in the cell, the Russian reason shown', async () => {
    await q(
      `INSERT INTO feed_state ("schoolId", status, "protocolVersion") VALUES ($1, 'live', 1)
       ON CONFLICT ("schoolId") DO UPDATE SET "protocolVersion" = 1`,
      [f.school.id],
    );
    const { status, body } = await markOf('2');
    expect(status).toBe(422);
    expect(body.message).toBe('Электронный журнал школы пока не принимает записи отсюда: внесите это прямо в нём.');
    expect(await annasMarks()).toEqual(['4']);
  });
});
