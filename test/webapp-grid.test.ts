import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../core/clock.js';
import { recordAttendance, setMark } from '../core/journal/index.js';
import { deactivateStaff } from '../core/linking/account.js';
import { processMarkWindows } from '../core/notifications/outbox.js';
import { guardianOf, setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { deliveriesTo } from './helpers/family.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { journalOf } from './helpers/school-builder.js';
import { webTest, type WebTest } from './helpers/webapp.js';
import { keyAction } from '../web/app/screens/grid/keys.js';

const TEACHER = 601; // Кузнецов: maths in 5А and 6Б
const PETROVA = 602; // Петрова: Russian in 5А and 1А, class teacher of 5А
const MOTHER = 603; // Анна's mother
const DEPUTY = 604;
const SUB = 605; // Сидоров, class teacher of 6Б, substituting one maths lesson in 5А
const clock = manualClock('2026-11-23T12:00:00+03:00'); // Monday; TEACHER_ENTRY_DAYS = 1

let t: BotTest<SchoolFixture>;
let web: WebTest;
let f: SchoolFixture;
/** 5А maths lessons besides the fixture's 23 November one. */
const L: Record<'thu' | 'fri' | 'sub' | 'next', number> = { thu: 0, fri: 0, sub: 0, next: 0 };

beforeAll(async () => {
  t = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [SUB, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
    ],
  });
  f = t.f;
  const j = journalOf(t.db.ds, f.school.id);
  const maths5a = (date: string, slot: number, more = {}) =>
    j.lesson(f.c5a.id, f.maths.id, f.mathTeacher.id, date, slot, more);
  L.thu = (await maths5a('2026-11-19', 2)).id; // closed: its window ended on Friday
  L.fri = (await maths5a('2026-11-20', 2)).id; // open until the end of Monday, the next school day
  L.sub = (await maths5a('2026-11-23', 4, { substituteTeacherId: f.sidorov.id })).id;
  L.next = (await maths5a('2026-11-25', 2)).id; // in the future
  await j.topic(L.thu, 'Дроби');
  await j.mark(f.anna.id, { id: L.thu, subjectId: f.maths.id, date: '2026-11-19' }, f.test.id, '5');
  await j.mark(f.anna.id, { id: L.fri, subjectId: f.maths.id, date: '2026-11-20' }, f.oral.id, '3', {
    comment: 'Слабо',
  });
  await j.mark(f.anna.id, { subjectId: f.maths.id, date: '2026-11-10' }, f.oral.id, '4'); // no lesson: counts in the average
  await j.mark(f.boris.id, { id: L.thu, subjectId: f.maths.id, date: '2026-11-19' }, f.test.id, 'exempt');
  await j.attendance(f.boris.id, L.fri, 'absent', 'illness');
  web = webTest(t.h);
});
afterAll(() => t.db.close());

const q = (o: Record<string, number | string>) =>
  new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)]));
const grid = (who: number, o: Record<string, number | string> = {}) =>
  web.json(who, `grid?${q({ class: f.c5a.id, subject: f.maths.id, ...o })}`);
const put = (who: number, what: string, body: unknown) => web.json(who, `grid/${what}`, body, 'PUT');
const mark = (
  who: number,
  lessonId: number,
  studentId: number,
  value: string | null,
  seen = { id: null, version: null } as { id: number | null; version: number | null },
  more = {},
) => put(who, 'mark', { lessonId, studentId, workKindId: f.test.id, value, seen, ...more });
const marksOf = (studentId: number, lessonId: number) =>
  t.db.ds.query(
    `SELECT id, value, comment, version, "updatedBy" FROM mark WHERE "studentId" = $1 AND "lessonId" = $2 AND NOT deleted ORDER BY id`,
    [studentId, lessonId],
  );

describe('the grid: what the teacher sees', () => {
  it("offers the teacher's classes and subjects and the school's periods; the deputy every pair, read-only", async () => {
    const { status, body } = await web.json(TEACHER, 'grid/options');
    expect(status).toBe(200);
    expect(body.pairs.map((p: any) => [p.className, p.subject, p.subgroup, p.readOnly])).toEqual([
      ['5А', 'Математика', null, false],
      ['6Б', 'Математика', null, false],
    ]);
    expect(body.periods).toEqual([
      { id: f.q2.id, kind: 'quarter', number: 2, name: '2 четверть', startsOn: '2026-11-09', endsOn: '2026-12-28' },
    ]);
    const deputy = (await web.json(DEPUTY, 'grid/options')).body;
    expect(deputy.pairs.map((p: any) => `${p.className} ${p.subject} ${p.readOnly}`)).toEqual([
      '1А Русский язык true',
      '5А Математика true',
      '5А Русский язык true',
      '6Б Математика true',
    ]);
    expect((await web.json(MOTHER, 'grid/options')).status).toBe(403);
  });

  it('shows students × lessons in date order with marks, versions, attendance and who may enter what today', async () => {
    const { status, body } = await grid(TEACHER);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      class: { id: f.c5a.id, name: '5А', grade: 5 },
      subject: { id: f.maths.id, name: 'Математика' },
      subgroup: null,
      period: { id: f.q2.id, name: '2 четверть' },
      from: '2026-11-09',
      to: '2026-12-28',
      today: '2026-11-23',
      keepsMarks: true,
      readOnly: false,
      setsPeriodMarks: true,
      workKinds: [
        { id: f.test.id, name: 'Контрольная работа', weight: 200 },
        { id: f.oral.id, name: 'Устный ответ', weight: 100 },
      ],
    });
    expect(body.students.map((s: any) => `${s.lastName} ${s.firstName}`)).toEqual(['Борисов Борис', 'Иванова Анна']);
    expect(body.lessons.map((l: any) => [l.date, l.slot, l.topic, l.substituted, l.entry])).toEqual([
      ['2026-11-19', 2, 'Дроби', false, { open: false, reason: 'closed' }],
      ['2026-11-20', 2, null, false, { open: true }],
      ['2026-11-23', 1, null, false, { open: true }],
      ['2026-11-23', 4, null, true, { open: false, reason: 'substituted' }],
      ['2026-11-25', 2, null, false, { open: false, reason: 'future' }],
    ]);
    const anna = body.marks.filter((m: any) => m.studentId === f.anna.id);
    expect(anna.map((m: any) => [m.lessonId, m.workKindId, m.value, m.comment, m.version])).toEqual([
      [L.thu, f.test.id, '5', null, 1],
      [L.fri, f.oral.id, '3', 'Слабо', 1],
    ]);
    expect(body.attendance).toEqual([{ studentId: f.boris.id, lessonId: L.fri, status: 'absent', reason: 'illness' }]);
  });

  it("each lesson's entry state is lessonForEntry's answer for this teacher", async () => {
    const { body } = await grid(TEACHER);
    const p = await t.h.services.access.profile(TEACHER);
    for (const l of body.lessons) {
      const r = await t.h.services.today.lessonForEntry(p, l.id, '2026-11-23');
      expect('lesson' in r, `${l.date} ${l.slot}`).toBe(l.entry.open);
    }
  });

  it('the period-mark column suggests the average the diary shows, rounded as the diary rounds it', async () => {
    const { body } = await grid(TEACHER);
    const anna = body.students.find((s: any) => s.id === f.anna.id);
    // 5 (weight 2), 3 and 4 (weight 1): (10 + 3 + 4) / 4 = 4,25 → «4».
    expect(anna).toMatchObject({ average: 425, suggested: 4, periodMark: null });
    const mother = await t.h.services.access.profile(MOTHER);
    const s = await t.h.services.diary.student(mother, f.anna.id);
    if (s.kind !== 'ok') throw new Error(s.kind);
    const diary = await t.h.services.diary.subject(mother.accountHash, s.student, f.maths.id, f.q2.id);
    expect(diary && 'marks' in diary ? [diary.marks.average, diary.marks.rounded] : null).toEqual([425, 4]);
    // «осв» stays out of the average.
    expect(body.students.find((s: any) => s.id === f.boris.id)).toMatchObject({ average: null, suggested: null });
  });

  it('dates by hand instead of a period: no period marks', async () => {
    const { body } = await grid(TEACHER, { from: '2026-11-20', to: '2026-11-23' });
    expect(body.period).toBeNull();
    expect(body.setsPeriodMarks).toBe(false);
    expect(body.lessons.map((l: any) => l.date)).toEqual(['2026-11-20', '2026-11-23', '2026-11-23']);
    expect(body.students.find((s: any) => s.id === f.anna.id).average).toBe(300);
  });

  it('grade 1: attendance only — no work kinds, no marks, no averages', async () => {
    const { body } = await web.json(PETROVA, `grid?${q({ class: f.c1a.id, subject: f.russian.id })}`);
    expect(body).toMatchObject({ keepsMarks: false, setsPeriodMarks: false, workKinds: [], marks: [] });
    expect(body.students).toEqual([
      { id: f.mila.id, lastName: 'Милова', firstName: 'Мила', average: null, suggested: null, periodMark: null },
    ]);
    const r = await put(PETROVA, 'mark', {
      lessonId: f.lesson1a.id,
      studentId: f.mila.id,
      workKindId: f.oral.id,
      value: '5',
      seen: { id: null, version: null },
    });
    expect(r).toEqual({
      status: 422,
      body: expect.objectContaining({
        error: 'closed',
        detail: 'noMarks',
        message: 'В 1 классе отметки и домашние задания не ставятся.',
      }),
    });
    const att = await put(PETROVA, 'attendance', {
      lessonId: f.lesson1a.id,
      studentId: f.mila.id,
      status: 'absent',
      seen: { status: 'present', reason: null },
    });
    expect(att).toEqual({ status: 200, body: { saved: { value: 'absent', reason: 'unknown' } } });
    expect(await t.db.ds.query(`SELECT count(*)::int AS n FROM mark WHERE "studentId" = $1`, [f.mila.id])).toEqual([
      { n: 0 },
    ]);
  });
});

describe('the grid: refusals', () => {
  it("another teacher's class or subject and one that does not exist get the same 403", async () => {
    const foreign = await grid(TEACHER, { subject: f.russian.id });
    const missing = await grid(TEACHER, { class: 999_999 });
    const noSubgroup = await grid(TEACHER, { subgroup: 999_999 });
    expect(foreign).toEqual({ status: 403, body: { error: 'forbidden', message: 'Нет доступа к этим данным.' } });
    expect(missing).toEqual(foreign);
    expect(noSubgroup).toEqual(foreign);
    const otherPeriod = await grid(TEACHER, { period: 999_999 });
    expect(otherPeriod).toEqual(foreign);
    expect(await mark(TEACHER, f.russianLesson5a.id, f.anna.id, '5')).toEqual(foreign);
    expect(await mark(TEACHER, 999_999, f.anna.id, '5')).toEqual(foreign);
    expect(await mark(TEACHER, f.mathsLesson5a.id, f.pavel.id, '5')).toEqual(foreign); // a student of 6Б
    expect(await marksOf(f.anna.id, f.russianLesson5a.id)).toEqual([]);
  });

  it('a value, date or id out of range is 400 with the field, and nothing is saved', async () => {
    for (const value of ['6', '0', 'отл', 5]) {
      const r = await mark(TEACHER, f.mathsLesson5a.id, f.anna.id, value as string);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: 'badInput', message: 'Неверные данные — ничего не сохранено.' });
      expect(r.body.detail).toMatch(/^value/);
    }
    expect((await mark(TEACHER, f.mathsLesson5a.id, -1, '5')).body.detail).toMatch(/^studentId/);
    expect((await mark(TEACHER, f.mathsLesson5a.id, 2 ** 40, '5')).status).toBe(400);
    const kind = await put(TEACHER, 'mark', {
      lessonId: f.mathsLesson5a.id,
      studentId: f.anna.id,
      workKindId: 999_999,
      value: '5',
      seen: { id: null, version: null },
    });
    expect(kind).toMatchObject({ status: 400, body: { error: 'badInput', detail: 'workKindId' } });
    expect((await grid(TEACHER, { from: '2026-02-30', to: '2026-03-01' })).body.detail).toMatch(/^from/);
    expect((await grid(TEACHER, { class: 'abc' })).status).toBe(400);
    expect(await marksOf(f.anna.id, f.mathsLesson5a.id)).toEqual([]);
  });

  it('a lesson outside the entry window is refused in the cell with the reason', async () => {
    expect(await mark(TEACHER, L.thu, f.boris.id, '4')).toMatchObject({
      status: 422,
      body: { error: 'closed', detail: 'closed', message: 'Срок внесения записей за этот урок истёк.' },
    });
    expect(await mark(TEACHER, L.next, f.boris.id, '4')).toMatchObject({
      status: 422,
      body: { error: 'closed', detail: 'future', message: 'Урок ещё не прошёл: заполнить его можно в день урока.' },
    });
    expect(await marksOf(f.boris.id, L.next)).toEqual([]);
    // Friday's lesson is still open on Monday (one school day).
    expect((await mark(TEACHER, L.fri, f.boris.id, '4')).status).toBe(200);
  });

  it('a substituted lesson is entered by the substitute, not by the absent teacher', async () => {
    expect((await mark(TEACHER, L.sub, f.anna.id, '4')).status).toBe(403);
    const r = await mark(SUB, L.sub, f.anna.id, '4');
    expect(r).toEqual({
      status: 200,
      body: { saved: { id: expect.any(Number), value: '4', comment: null, version: 1 } },
    });
    expect((await marksOf(f.anna.id, L.sub))[0]).toMatchObject({ value: '4', updatedBy: `staff:${f.sidorov.id}` });
    const { body } = await grid(SUB);
    expect(body.readOnly).toBe(false);
    expect(body.setsPeriodMarks).toBe(false);
    expect(body.lessons.map((l: any) => (l.entry.open ? 'open' : l.entry.reason))).toEqual([
      'notYours',
      'notYours',
      'notYours',
      'open',
      'notYours',
    ]);
    // The substitute does not set period marks.
    const pm = await put(SUB, 'period-mark', {
      classId: f.c5a.id,
      subjectId: f.maths.id,
      periodId: f.q2.id,
      studentId: f.anna.id,
      value: '4',
      seen: null,
    });
    expect(pm.status).toBe(403);
  });

  it('the deputy sees the grid read-only and enters nothing', async () => {
    const { body } = await grid(DEPUTY);
    expect(body.readOnly).toBe(true);
    expect(new Set(body.lessons.map((l: any) => l.entry.reason))).toEqual(new Set(['readOnly']));
    expect((await mark(DEPUTY, f.mathsLesson5a.id, f.boris.id, '5')).status).toBe(403);
  });
});

describe('the grid: writes', () => {
  it('a mark saved: the row, its history, the audit, the outbox event, and the parent is told after the correction window', async () => {
    const r = await mark(
      TEACHER,
      f.mathsLesson5a.id,
      f.anna.id,
      '5',
      { id: null, version: null },
      { from: '2026-11-09', to: '2026-12-28' },
    );
    expect(r.status).toBe(200);
    // 5, 4 (the substitute's), 5 (weight 2); 3, 4 (weight 1): (28 + 7) / 8 = 4,375 → 4,38 → «4».
    expect(r.body.summary).toEqual({ average: 438, suggested: 4 });
    const [row] = await marksOf(f.anna.id, f.mathsLesson5a.id);
    expect(row).toEqual({
      id: r.body.saved.id,
      value: '5',
      comment: null,
      version: 1,
      updatedBy: `staff:${f.mathTeacher.id}`,
    });
    expect(
      await t.db.ds.query(`SELECT action, "newValue", actor FROM mark_history WHERE "markId" = $1`, [row.id]),
    ).toEqual([{ action: 'created', newValue: '5', actor: `staff:${f.mathTeacher.id}` }]);
    expect(
      await t.db.ds.query(`SELECT action FROM audit_log WHERE "entityId" = $1 AND entity = 'mark'`, [String(row.id)]),
    ).toEqual([{ action: 'grid.mark.created' }]);
    const [event] = await t.db.ds.query(
      `SELECT payload FROM outbox WHERE type = 'mark.set' AND (payload->>'markId')::int = $1`,
      [row.id],
    );
    expect(event.payload).toMatchObject({
      studentId: f.anna.id,
      subjectId: f.maths.id,
      value: '5',
      workKindId: f.test.id,
      date: '2026-11-23',
    });
    const later = manualClock(new Date(systemClock.now().getTime() + 20 * 60_000));
    await processMarkWindows({
      ds: t.db.ds,
      clock: later,
      timezone: 'Europe/Moscow',
      hashKey: t.h.hashKey,
      defaultQuietHours: 'off',
      correctionWindowMs: 600_000,
    });
    const told = await deliveriesTo(t.db.ds, MOTHER, 'marks');
    expect(told.map((d) => d.text).join('\n')).toContain('• Математика: <b>5</b> — контрольная работа, 23 ноября');

    // Changed with the version seen, then cleared.
    const changed = await mark(
      TEACHER,
      f.mathsLesson5a.id,
      f.anna.id,
      '4',
      { id: row.id, version: 1 },
      { comment: '  Ошибка в задаче 2 ' },
    );
    expect(changed.body.saved).toEqual({ id: row.id, value: '4', comment: 'Ошибка в задаче 2', version: 2 });
    const cleared = await mark(TEACHER, f.mathsLesson5a.id, f.anna.id, null, { id: row.id, version: 2 });
    expect(cleared.body.saved).toEqual({ id: null, value: null, version: null });
    expect(await marksOf(f.anna.id, f.mathsLesson5a.id)).toEqual([]);
  });

  it('409 when the journal feed changed the mark after the version the page saw; the value is left as the feed set it', async () => {
    const first = await mark(TEACHER, f.mathsLesson5a.id, f.boris.id, '3');
    const seen = { id: first.body.saved.id, version: 1 };
    await setMark(
      t.db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        subjectId: f.maths.id,
        workKindId: f.test.id,
        lessonId: f.mathsLesson5a.id,
        date: '2026-11-23',
        value: '4',
        markId: seen.id,
      },
      { kind: 'feed', schoolId: f.school.id },
    );
    const r = await mark(TEACHER, f.mathsLesson5a.id, f.boris.id, '2', seen);
    expect(r).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message: 'Запись уже изменили, пока вы её правили.',
        current: { id: seen.id, value: '4', comment: null, version: 2 },
      },
    });
    expect(await marksOf(f.boris.id, f.mathsLesson5a.id)).toEqual([
      { id: seen.id, value: '4', comment: null, version: 2, updatedBy: `feed:${f.school.id}` },
    ]);
    // A mark the page thought empty but is not is a conflict too; «записать моё» sends the version now seen.
    expect((await mark(TEACHER, f.mathsLesson5a.id, f.boris.id, '2')).status).toBe(409);
    const mine = await mark(TEACHER, f.mathsLesson5a.id, f.boris.id, '2', { id: seen.id, version: 2 });
    expect(mine.body.saved).toMatchObject({ value: '2', version: 3 });
  });

  it('attendance: saved by status with its reason; a change made meanwhile is a conflict', async () => {
    const body = (status: string, seen: object, reason?: string) => ({
      lessonId: f.mathsLesson5a.id,
      studentId: f.anna.id,
      status,
      ...(reason ? { reason } : {}),
      seen,
    });
    expect(await put(TEACHER, 'attendance', body('absent', { status: 'present', reason: null }, 'illness'))).toEqual({
      status: 200,
      body: { saved: { value: 'absent', reason: 'illness' } },
    });
    const [event] = await t.db.ds.query(
      `SELECT payload FROM outbox WHERE type = 'absence.recorded' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.payload).toMatchObject({
      studentId: f.anna.id,
      lessonId: f.mathsLesson5a.id,
      status: 'absent',
      reason: 'illness',
    });
    await recordAttendance(
      t.db.ds,
      { schoolId: f.school.id, lessonId: f.mathsLesson5a.id, studentId: f.anna.id, status: 'late' },
      { kind: 'feed', schoolId: f.school.id },
    );
    expect(await put(TEACHER, 'attendance', body('present', { status: 'absent', reason: 'illness' }))).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message: 'Запись уже изменили, пока вы её правили.',
        current: { value: 'late', reason: 'unknown' },
      },
    });
    expect((await put(TEACHER, 'attendance', body('present', { status: 'late', reason: 'unknown' }))).status).toBe(200);
    expect(
      await t.db.ds.query(`SELECT 1 FROM attendance WHERE "lessonId" = $1 AND "studentId" = $2`, [
        f.mathsLesson5a.id,
        f.anna.id,
      ]),
    ).toEqual([]);
  });

  it('topic and homework per lesson, checked against the text the page saw', async () => {
    const r = await put(TEACHER, 'lesson', {
      lessonId: f.mathsLesson5a.id,
      field: 'homework',
      text: '№ 12, 14',
      seen: null,
    });
    expect(r).toEqual({ status: 200, body: { saved: { value: '№ 12, 14' } } });
    expect(
      (
        await t.db.ds.query(
          `SELECT count(*)::int AS n FROM outbox WHERE type = 'homework.set' AND (payload->>'lessonId')::int = $1`,
          [f.mathsLesson5a.id],
        )
      )[0].n,
    ).toBe(1);
    expect(
      (await put(TEACHER, 'lesson', { lessonId: f.mathsLesson5a.id, field: 'homework', text: '№ 15', seen: null })).body
        .current,
    ).toEqual({ value: '№ 12, 14' });
    expect(
      (await put(TEACHER, 'lesson', { lessonId: f.mathsLesson5a.id, field: 'topic', text: 'Проценты', seen: null }))
        .status,
    ).toBe(200);
    expect(
      (
        await put(TEACHER, 'lesson', {
          lessonId: f.mathsLesson5a.id,
          field: 'topic',
          text: 'x'.repeat(501),
          seen: 'Проценты',
        })
      ).status,
    ).toBe(400);
    const [l] = await t.db.ds.query(`SELECT topic, homework FROM lesson WHERE id = $1`, [f.mathsLesson5a.id]);
    expect(l).toEqual({ topic: 'Проценты', homework: '№ 12, 14' });
  });

  it('the period mark: set by the teacher, value validated, checked against the one the page saw', async () => {
    const pm = (value: unknown, seen: unknown, who = TEACHER) =>
      put(who, 'period-mark', {
        classId: f.c5a.id,
        subjectId: f.maths.id,
        periodId: f.q2.id,
        studentId: f.anna.id,
        value,
        seen,
      });
    expect((await pm('6', null)).status).toBe(400);
    expect(await pm('4', null)).toEqual({ status: 200, body: { saved: { value: '4' } } });
    expect((await pm('5', null)).body.current).toEqual({ value: '4' });
    expect((await pm('notAttested', '4')).status).toBe(200);
    expect((await pm('5', '4', PETROVA)).status).toBe(403);
    const [event] = await t.db.ds.query(
      `SELECT payload FROM outbox WHERE type = 'periodMark.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.payload).toMatchObject({ studentId: f.anna.id, value: 'notAttested', oldValue: '4' });
    expect((await grid(TEACHER)).body.students.find((s: any) => s.id === f.anna.id).periodMark).toBe('notAttested');
  });
});

describe('the grid: access ends with the account', () => {
  it('a deactivated teacher is refused on the next request', async () => {
    expect((await grid(TEACHER)).status).toBe(200);
    await deactivateStaff(t.db.ds, f.mathTeacher.id, { kind: 'cli', command: 'test' });
    const r = await mark(TEACHER, f.mathsLesson5a.id, f.boris.id, '5', { id: null, version: null });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('notLinked');
    expect((await grid(TEACHER)).status).toBe(403);
  });
});

describe("the grid page's keyboard", () => {
  const key = (k: string, code = '', mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) =>
    keyAction({ key: k, code, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('digits enter marks, н б у о attendance on either layout, arrows move, Backspace clears, Ctrl+Z undoes', () => {
    expect(key('5', 'Digit5')).toEqual({ kind: 'mark', value: '5' });
    expect(key('6', 'Digit6')).toBeNull();
    expect(key('н', 'KeyY')).toEqual({ kind: 'attendance', status: 'absent', reason: 'unknown' });
    expect(key('y', 'KeyY')).toEqual(key('н', 'KeyY'));
    expect(key('б', 'Comma')).toEqual({ kind: 'attendance', status: 'absent', reason: 'illness' });
    expect(key('у', 'KeyE')).toEqual({ kind: 'attendance', status: 'absent', reason: 'excused' });
    expect(key('j', 'KeyJ')).toEqual({ kind: 'attendance', status: 'late', reason: 'unknown' });
    expect(key('ArrowDown', 'ArrowDown')).toEqual({ kind: 'move', dRow: 1, dCol: 0 });
    expect(key('Backspace', 'Backspace')).toEqual({ kind: 'clear' });
    expect(key('Enter', 'Enter')).toEqual({ kind: 'comment' });
    expect(key('Escape', 'Escape')).toEqual({ kind: 'cancel' });
    expect(key('я', 'KeyZ', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(key('z', 'KeyZ', { metaKey: true })).toEqual({ kind: 'undo' });
    expect(key('5', 'Digit5', { ctrlKey: true })).toBeNull();
  });
});
