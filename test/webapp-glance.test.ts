import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { ANNA, diaryBotTest, MOTHER, PETROVA, type DiarySchool } from './helpers/diary.js';
import { texts } from './helpers/screen.js';
import { webTest, type WebTest } from './helpers/webapp.js';

/**
 * The class at a glance (Mini App screen 2) on the diary school
 * (test/helpers/diary.ts) on Wednesday 25 November 2026: 5А's class teacher
 * Петрова sees the same averages the family sees in /marks, the week's
 * absence without a reason, sets it in place; nobody else may.
 */
const SIDOROV = 7101;
const MATHS = 7102;
const DEPUTY = 7103;
const DIRECTOR = 7104;

let t: BotTest<DiarySchool>;
let web: WebTest;

beforeAll(async () => {
  t = await setupBotTest(
    diaryBotTest((f) => [
      [SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [DIRECTOR, staffOf(f, f.director, 'director')],
    ]),
  );
  web = webTest(t.h);
});
afterAll(() => t.db.close());

type Cell = { subjectId: number; average: number | null; rounded: number | null; periodMark: string | null };
const cellOf = (body: any, studentId: number, subjectId: number): Cell =>
  body.marks.students
    .find((s: { studentId: number }) => s.studentId === studentId)
    .cells.find((c: Cell) => c.subjectId === subjectId);

describe('the class teacher sees the class at a glance', () => {
  it('opens their class with the averages the diary shows, rounded the same, and the period marks', async () => {
    const { status, body } = await web.json(PETROVA, 'glance');
    expect(status).toBe(200);
    expect(body.cls).toEqual({ classId: t.f.c5a.id, name: '5А', grade: 5, decides: true });
    expect(body.classes).toEqual([{ classId: t.f.c5a.id, name: '5А' }]);
    expect(body.marks.period.name).toBe('2 четверть');
    expect(body.marks.students.map((s: { name: string }) => s.name)).toEqual(['Борисов Борис', 'Иванова Анна']);
    expect(body.marks.subjects.map((s: { name: string }) => s.name)).toEqual([
      'Английский язык',
      'Математика',
      'Русский язык',
      'Физическая культура',
    ]);
    const anna = t.f.anna.id;
    expect(cellOf(body, anna, t.f.maths.id)).toMatchObject({ average: 413, rounded: 4, periodMark: null });
    expect(cellOf(body, anna, t.f.russian.id)).toMatchObject({ average: 333, rounded: 3, periodMark: null });
    expect(cellOf(body, anna, t.f.pe.id)).toMatchObject({ average: null, rounded: null, periodMark: 'exempt' });
    expect(cellOf(body, t.f.boris.id, t.f.maths.id)).toMatchObject({ average: null, marks: 0 });
    // The same numbers as the family's /marks in the chat.
    const chat = texts(await t.h.send(ANNA, '/marks'))[0];
    expect(chat).toContain('Средний балл: <b>4,13</b> → «4»');
    expect(chat).toContain('Средний балл: <b>3,33</b> → «3»');
  });

  it('another period shows its own averages and period marks', async () => {
    const { body } = await web.json(PETROVA, `glance?class=${t.f.c5a.id}&period=${t.f.q1.id}`);
    expect(body.marks.period.name).toBe('1 четверть');
    expect(cellOf(body, t.f.anna.id, t.f.maths.id)).toMatchObject({ average: 200, rounded: 2, periodMark: '5' });
    expect(cellOf(body, t.f.anna.id, t.f.russian.id)).toMatchObject({ periodMark: 'notAttested' });
  });

  it('shows who of the families is connected, without codes or hashes', async () => {
    const { body } = await web.json(PETROVA, 'glance');
    const anna = body.families.find((x: { studentId: number }) => x.studentId === t.f.anna.id);
    expect(anna.people).toEqual([
      { role: 'guardian', name: 'Иванова Ольга', linked: true },
      { role: 'student', name: 'Иванова Анна', linked: true },
    ]);
    const raw = JSON.stringify(body);
    expect(raw).not.toMatch(/hash|code|accountHash/i);
  });

  it("lists the week's absences without a reason and sets one in place through the desk", async () => {
    const { body } = await web.json(PETROVA, 'glance');
    expect(body.week).toEqual({
      from: '2026-11-23',
      to: '2026-11-25',
      rows: [
        {
          studentId: t.f.anna.id,
          name: 'Иванова Анна',
          lessons: 1,
          unknown: [{ lessonId: t.f.L.m1124.id, date: '2026-11-24', slot: 1, subject: 'Математика' }],
        },
      ],
    });
    const lessonId = t.f.L.m1124.id;
    const put = { studentId: t.f.anna.id, lessonId, reason: 'illness' };
    // Nobody but the class teacher: a subject teacher, another class's teacher, the family, the administration.
    for (const who of [MATHS, SIDOROV, MOTHER, ANNA, DEPUTY, DIRECTOR]) {
      const res = await web.json(who, 'glance/absence-reason', put, 'PUT');
      expect([who, res.status, res.body.error]).toEqual([who, 403, 'forbidden']);
    }
    expect((await web.json(PETROVA, 'glance/absence-reason', { ...put, reason: 'holiday' }, 'PUT')).status).toBe(400);
    const reason = async () =>
      (await t.db.ds.query(`SELECT reason, "updatedBy" FROM attendance WHERE "lessonId" = $1`, [lessonId]))[0];
    expect(await reason()).toEqual({ reason: 'unknown', updatedBy: 'cli:test' });

    const res = await web.json(PETROVA, 'glance/absence-reason', put, 'PUT');
    expect(res).toEqual({ status: 200, body: { recorded: 1, unknown: [] } });
    expect(await reason()).toEqual({ reason: 'illness', updatedBy: `staff:${t.f.petrova.id}` });
    // The journal's event, as the chat's desk writes it.
    const [event] = await t.db.ds.query(
      `SELECT payload FROM outbox WHERE type = 'absence.recorded' AND (payload->>'lessonId')::int = $1 ORDER BY id DESC LIMIT 1`,
      [lessonId],
    );
    expect(event.payload).toMatchObject({ studentId: t.f.anna.id, reason: 'illness' });
    expect((await web.json(PETROVA, 'glance')).body.week.rows).toEqual([]);
    // Already explained (a second tab, the desk in the chat): a conflict, nothing changed.
    const again = await web.json(PETROVA, 'glance/absence-reason', { ...put, reason: 'unexcused' }, 'PUT');
    expect([again.status, again.body.error]).toEqual([409, 'conflict']);
    expect(await reason()).toEqual({ reason: 'illness', updatedBy: `staff:${t.f.petrova.id}` });
  });
});

describe('nobody else opens a class at a glance', () => {
  it('another class, a subject teacher, a family: 403, the same for a class that does not exist', async () => {
    const expected = { status: 403, body: { error: 'forbidden', message: 'Нет доступа к этим данным.' } };
    expect(await web.json(PETROVA, `glance?class=${t.f.c6b.id}`)).toEqual(expected);
    expect(await web.json(PETROVA, 'glance?class=999999')).toEqual(expected);
    expect(await web.json(SIDOROV, `glance?class=${t.f.c5a.id}`)).toEqual(expected);
    expect(await web.json(MATHS, `glance?class=${t.f.c5a.id}`)).toEqual(expected);
    expect(await web.json(MATHS, 'glance')).toEqual(expected);
    expect(await web.json(MOTHER, `glance?class=${t.f.c5a.id}`)).toEqual(expected);
    expect((await web.json(PETROVA, 'glance?class=abc')).status).toBe(400);
  });

  it('the deputy and the director may look, read-only', async () => {
    for (const who of [DEPUTY, DIRECTOR]) {
      const { status, body } = await web.json(who, `glance?class=${t.f.c5a.id}`);
      expect([status, body.cls.decides]).toEqual([200, false]);
      expect(cellOf(body, t.f.anna.id, t.f.maths.id).average).toBe(413);
    }
  });
});
