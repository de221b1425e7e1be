import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { runChecklistReminders } from '../core/checklist/reminders.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { journalOf, structureOf } from './helpers/school-builder.js';
import { alert, buttonsOf, data, last } from './helpers/screen.js';
import { deliveriesTo, planAll } from './helpers/family.js';
import { HASH_KEY } from './helpers/linking.js';

const MOTHER = 931; // Анна (5А), Павел (6Б)
const ANNA = 932;
const SENIOR = 933; // a student of 10А
const SENIOR_MOTHER = 934;

/** The fixture's school with a 10th grade: a student, their mother, a lesson with homework on Monday. */
async function schoolWithSeniors(ds: Parameters<typeof makeSchool>[0]) {
  const f = await makeSchool(ds);
  const senior = await ds.transaction(async (em) => {
    const b = structureOf(em, f.school.id);
    const c10a = await b.class(f.year.id, 10, 'А');
    const student = await b.student(c10a.id, 'Старшеклассникова Вера');
    const mother = await b.guardian('Старшеклассникова Нина');
    await b.child(mother.id, student.id, 'mother');
    return { c10a, student, mother };
  });
  const j = journalOf(ds, f.school.id);
  const lesson10a = await j.lesson(senior.c10a.id, f.maths.id, f.mathTeacher.id, '2026-11-23', 1);
  const day = new Date('2026-11-20T10:00:00Z');
  await j.homework(f.mathsLesson5a.id, '№ 12–15', day);
  await j.homework(f.russianLesson5a.id, 'Упр. 101', day);
  await j.homework(f.mathsLesson6b.id, '№ 1', day);
  await j.homework(lesson10a.id, 'Задачи 1–3', day);
  return { ...f, senior, lesson10a };
}

let db: TestDb;
let f: Awaited<ReturnType<typeof schoolWithSeniors>>;
let h: BotHarness;
// Sunday 22 November 2026, 15:00 in Moscow: /homework shows Monday the 23rd.
const clock = manualClock('2026-11-22T12:00:00Z');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: schoolWithSeniors,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [ANNA, studentOf(f, f.anna)],
      [SENIOR, studentOf(f, f.senior.student)],
      [SENIOR_MOTHER, guardianOf(f, f.senior.student, f.senior.mother)],
    ],
  }));
  await planAll(db.ds, clock);
  await db.ds.query(`DELETE FROM notification_delivery`);
}, 60_000);
afterAll(() => db.close());

const UNAVAILABLE = 'Это действие недоступно. Откройте меню заново — /start.';
const journalRows = async () =>
  (
    await db.ds.query(
      `SELECT (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM audit_log)::int AS audit,
              (SELECT count(*) FROM mark)::int AS marks, (SELECT count(*) FROM notification_delivery)::int AS deliveries`,
    )
  )[0];

describe('the student ticks homework done', () => {
  let before: Record<string, number>;

  it('/homework shows a box per task; a tick marks it done, in place; ticks never reach the journal', async () => {
    before = await journalRows();
    const view = last(await h.send(ANNA, '/homework'));
    expect(
      buttonsOf(view)
        .map((b) => b.text)
        .slice(-3),
    ).toEqual(['☐ Математика', '☐ Русский язык', '📋 Что осталось на неделе']);
    const done = await h.press(ANNA, data(view, '☐ Математика'), h.lastMessage(ANNA));
    expect(alert(done)).toBe('Отмечено: сделано.');
    const edited = last(done);
    expect(edited.method).toBe('editMessageText');
    expect(edited.payload.text).toContain('№ 12–15\n✅ сделано');
    expect(edited.payload.text).not.toContain('Упр. 101\n✅');
    expect(buttonsOf(edited).map((b) => b.text)).toContain('✅ Математика');
    expect(await db.ds.query(`SELECT "studentId", "lessonId" FROM homework_done`)).toEqual([
      { studentId: f.anna.id, lessonId: f.mathsLesson5a.id },
    ]);
    expect(await journalRows()).toEqual(before);
  });

  it('an untick takes it back', async () => {
    const view = last(await h.send(ANNA, '/homework'));
    const undone = await h.press(ANNA, data(view, '✅ Математика'));
    expect(alert(undone)).toBe('Отметка снята.');
    expect(buttonsOf(last(undone)).map((b) => b.text)).toContain('☐ Математика');
    expect(await db.ds.query(`SELECT * FROM homework_done`)).toEqual([]);
    await h.press(ANNA, data(last(undone), '☐ Математика'));
    expect(await journalRows()).toEqual(before);
  });

  it('a forged press is refused: another student, a parent, a lesson of another class, a task not set', async () => {
    const forged = [
      [ANNA, `hd:${f.boris.id}.${f.russianLesson5a.id}.y`],
      [ANNA, `hd:${f.pavel.id}.${f.mathsLesson6b.id}.y`],
      [MOTHER, `hd:${f.anna.id}.${f.russianLesson5a.id}.y`],
      [ANNA, `hd:${f.anna.id}.${f.mathsLesson6b.id}.y`],
      [ANNA, `hd:${f.anna.id}.${f.lesson1a.id}.y`],
      [SENIOR, `hx:${f.anna.id}.${f.russianLesson5a.id}`],
      [MOTHER, `hs:${f.anna.id}.19`],
      [ANNA, `hs:${f.anna.id}.3`],
    ] as const;
    for (const [user, payload] of forged) expect(alert(await h.press(user, payload))).toBe(UNAVAILABLE);
    expect(await db.ds.query(`SELECT "lessonId" FROM homework_done`)).toEqual([{ lessonId: f.mathsLesson5a.id }]);
    expect(await db.ds.query(`SELECT * FROM checklist_reminder`)).toEqual([]);
  });
});

describe('who sees the ticks: parents of grades 1–9 read them, of grades 10–11 do not', () => {
  it('the mother of a 5th-grader sees «отмечено сделанным», without boxes to tick', async () => {
    await h.press(MOTHER, `ch:${f.anna.id}`);
    const view = last(await h.send(MOTHER, '/homework'));
    expect(view.payload.text).toContain('№ 12–15\n✅ отмечено сделанным');
    expect(
      buttonsOf(view)
        .map((b) => b.text)
        .join(' '),
    ).not.toMatch(/☐|✅|Что осталось/);
    expect(last(await h.send(MOTHER, '/checklist')).payload.text).toBe(
      'Список «что осталось сделать» ведёт сам ученик в своём аккаунте.',
    );
  });

  it('the mother of a 10th-grader sees no ticks at all', async () => {
    const own = last(await h.send(SENIOR, '/homework'));
    await h.press(SENIOR, data(own, '☐ Математика'));
    expect(
      await db.ds.query(`SELECT count(*)::int AS n FROM homework_done WHERE "studentId" = $1`, [f.senior.student.id]),
    ).toEqual([{ n: 1 }]);
    const view = last(await h.send(SENIOR_MOTHER, '/homework'));
    expect(view.payload.text).toContain('Задачи 1–3');
    expect(view.payload.text).not.toContain('✅');
  });
});

describe("the week's list and the reminder", () => {
  it('/checklist lists what is left this week; a tick there takes it off', async () => {
    const list = last(await h.send(ANNA, '/checklist'));
    expect(list.payload.text).toBe(
      '<b>📋 Осталось сделать</b> (пн, 23 ноября — вс, 29 ноября)\n\n<b>пн, 23 ноября</b>\n☐ <b>Русский язык</b>: Упр. 101',
    );
    expect(buttonsOf(list).map((b) => b.text)).toEqual(['☐ 23.11 Русский язык', '⏰ Напоминание: выкл']);
    const after = last(await h.press(ANNA, data(list, '☐ 23.11 Русский язык')));
    expect(after.payload.text).toContain('Всё отмечено сделанным');
    const view = last(await h.send(ANNA, '/homework'));
    await h.press(ANNA, data(view, '✅ Русский язык'));
  });

  it("the student picks a time; at that time tomorrow's unticked tasks come to the student's chat only", async () => {
    const list = last(await h.send(ANNA, '/checklist'));
    const menu = last(await h.press(ANNA, data(list, '⏰ Напоминание: выкл')));
    expect(buttonsOf(menu).map((b) => b.text)).toEqual([
      '16:00',
      '17:00',
      '18:00',
      '19:00',
      '20:00',
      '21:00',
      'Выключить',
      '← К списку',
    ]);
    const set = await h.press(ANNA, data(menu, '19:00'));
    expect(alert(set)).toBe('Напомню в 19:00 о заданиях на завтра, которые не отмечены.');
    expect(buttonsOf(last(set)).map((b) => b.text)).toContain('⏰ Напоминание: в 19:00');
    const ctx = { ds: db.ds, hashKey: HASH_KEY, now: clock.now(), timezone: 'Europe/Moscow', defaultQuietHours: 'off' };
    expect(await runChecklistReminders(ctx, '2026-11-22', '18:00')).toEqual({ students: 0, messages: 0 });
    expect(await runChecklistReminders(ctx, '2026-11-22', '19:00')).toEqual({ students: 1, messages: 1 });
    expect((await deliveriesTo(db.ds, ANNA, 'checklist')).map((d) => d.text)).toEqual([
      '<b>⏰ На завтра (понедельник, 23 ноября) не отмечено сделанным: 1</b>\n☐ <b>Русский язык</b>: Упр. 101\nОтметить — в /homework.',
    ]);
    expect(await deliveriesTo(db.ds, MOTHER, 'checklist')).toEqual([]);
    // All ticked: nothing the next time.
    const view = last(await h.send(ANNA, '/homework'));
    await h.press(ANNA, data(view, '☐ Русский язык'));
    await db.ds.query(`DELETE FROM notification_delivery`);
    expect(await runChecklistReminders(ctx, '2026-11-22', '19:00')).toEqual({ students: 1, messages: 0 });
    const off = await h.press(ANNA, `hs:${f.anna.id}.0`);
    expect(alert(off)).toBe('Напоминание выключено.');
    expect(await db.ds.query(`SELECT * FROM checklist_reminder`)).toEqual([]);
  });
});
