import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlReport, lastWeek, type ControlReport, type LessonItem } from '../core/control/figures.js';
import { updateControlSettings } from '../core/control/settings.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeControlSchool, NOW, WEEK, type ControlFixture } from './helpers/control-fixture.js';

/**
 * The control panel's figures against a week of journal built by hand
 * (test/helpers/control-fixture.ts): every list asserted student by student
 * and lesson by lesson.
 */
let db: TestDb;
let f: ControlFixture;
const TZ = 'Europe/Moscow';
const report = (extra: { classId?: number; teacherId?: number; from?: string; to?: string; now?: Date } = {}) =>
  buildControlReport(
    db.ds,
    {
      schoolId: f.school.id,
      from: extra.from ?? WEEK.from,
      to: extra.to ?? WEEK.to,
      classId: extra.classId,
      teacherId: extra.teacherId,
    },
    { now: extra.now ?? NOW, timezone: TZ },
  );
const lessons = (items: LessonItem[]) => items.map((i) => i.lessonId);
const pairs = (items: { name: string; subject: string; className: string }[]) =>
  items.map((i) => `${i.className} ${i.name}: ${i.subject}`);

beforeAll(async () => {
  db = await createTestDb();
  f = await makeControlSchool(db.ds);
});
afterAll(() => db.close());

describe('control panel figures for the whole school', () => {
  let r: ControlReport;
  beforeAll(async () => {
    r = await report();
  });

  it('students with no marks and with one mark, per subject, leaving out grade 1 and the exempt', () => {
    expect(r.marks.pairs).toBe(6);
    expect(pairs(r.marks.none)).toEqual([
      '5А Борисов Борис: Русский язык',
      '5А Веденеева Вера: Математика',
      '6Б Иванов Павел: Математика',
    ]);
    expect(pairs(r.marks.one)).toEqual(['5А Борисов Борис: Математика', '5А Иванова Анна: Русский язык']);
    expect(r.marks.bySubject).toEqual([
      { subjectId: f.maths.id, subject: 'Математика', students: 4, none: 2, one: 1 },
      { subjectId: f.russian.id, subject: 'Русский язык', students: 2, none: 1, one: 1 },
    ]);
  });

  it('homework entered after the 1.5-hour rule, and not entered at all', () => {
    expect(r.lessonsHeld).toBe(6);
    expect(r.homeworkExpected).toBe(5);
    expect(lessons(r.homeworkLate)).toEqual([f.L2.id]);
    expect(r.homeworkLate[0]).toMatchObject({
      teacher: 'Петрова Елена Викторовна',
      className: '5А',
      subject: 'Русский язык',
      date: '2026-11-16',
    });
    expect(r.homeworkLate[0].dueAt.toISOString()).toBe('2026-11-16T08:15:00.000Z');
    expect(r.homeworkLate[0].setAt.toISOString()).toBe('2026-11-16T17:00:00.000Z');
    expect(lessons(r.homeworkMissing)).toEqual([f.L3.id]);
    expect(r.homeworkMissing[0].teacher).toBe('Кузнецов Олег');
  });

  it('lessons without a topic, grade 1 included, cancelled lessons not', () => {
    expect(lessons(r.noTopic)).toEqual([f.L7.id, f.L2.id]);
    expect(r.noTopic.map((l) => l.className)).toEqual(['1А', '5А']);
  });

  it("absences recorded after the lesson's day", () => {
    expect(r.attendanceLate.map((a) => [a.lessonId, a.student, a.status])).toEqual([
      [f.L3.id, 'Борисов Борис', 'late'],
    ]);
    expect(r.attendanceLate[0].recordedAt.toISOString()).toBe('2026-11-18T05:30:00.000Z');
  });

  it('marks for written work entered later than allowed', () => {
    expect(r.writtenMarks).toBe(1);
    expect(r.marksLate.map((m) => [m.markId, m.student, m.workKind, m.value, m.allowedDays])).toEqual([
      [f.lateTest.id, 'Иванова Анна', 'Контрольная работа', '4', 3],
    ]);
    expect(r.marksLate[0].dueAt.toISOString()).toBe('2026-11-19T21:00:00.000Z');
    expect(r.marksLate[0].teacher).toBe('Петрова Елена Викторовна');
  });

  it('families connected and active in the last 30 days, with refusals noted', () => {
    expect(r.families).toMatchObject({ students: 5, connected: 2, active: 1 });
    expect(r.families.off.map((i) => [i.className, i.name, i.refused])).toEqual([
      ['1А', 'Милова Мила', false],
      ['5А', 'Веденеева Вера', true],
      ['6Б', 'Иванов Павел', false],
    ]);
    expect(r.families.idle.map((i) => i.name)).toEqual(['Иванова Анна']);
  });

  it('open journal-error reports with their deadlines, the corrected one left out', () => {
    expect(r.corrections.map((c) => [c.requestId, c.name, c.entityType, c.overdue, c.teacher])).toEqual([
      [f.overdueReport, 'Иванова Анна', 'mark', true, 'Петрова Елена Викторовна'],
      [f.openReport, 'Борисов Борис', 'attendance', false, 'Кузнецов Олег'],
    ]);
    expect(r.corrections[0].dueAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
  });

  it('cancelled and substituted lessons', () => {
    expect(r.changed.map((c) => [c.lessonId, c.cancelled, c.substitute])).toEqual([
      [f.L4.id, true, null],
      [f.L5.id, false, 'Кузнецов Олег'],
    ]);
  });
});

describe('control panel figures for one class and one teacher', () => {
  it('5А only', async () => {
    const r = await report({ classId: f.c5a.id });
    expect(pairs(r.marks.none)).toEqual(['5А Борисов Борис: Русский язык', '5А Веденеева Вера: Математика']);
    expect(lessons(r.noTopic)).toEqual([f.L2.id]);
    expect(r.families).toMatchObject({ students: 3, connected: 2, active: 1 });
    expect(r.lessonsHeld).toBe(4);
  });

  it('Кузнецов: his courses for marks, the lessons he gave (a substitution too) for homework and topics', async () => {
    const r = await report({ teacherId: f.mathTeacher.id });
    expect(pairs(r.marks.none)).toEqual(['5А Веденеева Вера: Математика', '6Б Иванов Павел: Математика']);
    expect(pairs(r.marks.one)).toEqual(['5А Борисов Борис: Математика']);
    expect(r.lessonsHeld).toBe(4);
    expect(lessons(r.homeworkMissing)).toEqual([f.L3.id]);
    expect(r.homeworkLate).toEqual([]);
    expect(r.noTopic).toEqual([]);
    expect(r.attendanceLate.map((a) => a.lessonId)).toEqual([f.L3.id]);
    expect(r.marksLate).toEqual([]);
    expect(r.families).toMatchObject({ students: 4, connected: 2 });
    expect(r.corrections.map((c) => c.requestId)).toEqual([f.openReport]);
  });

  it('Петрова: the late homework and the late test mark are hers', async () => {
    const r = await report({ teacherId: f.petrova.id });
    expect(lessons(r.homeworkLate)).toEqual([f.L2.id]);
    expect(lessons(r.noTopic)).toEqual([f.L7.id, f.L2.id]);
    expect(r.marksLate.map((m) => m.markId)).toEqual([f.lateTest.id]);
    expect(r.homeworkMissing).toEqual([]);
  });
});

describe('deadlines and settings', () => {
  it('counts nothing as missing before its deadline', async () => {
    // Monday 16 November, 11:00 in Moscow: 5А's homework is due at 11:15, 6Б's (one lesson) was due at 10:15.
    const r = await report({ now: new Date('2026-11-16T08:00:00Z') });
    expect(r.homeworkMissing).toEqual([]);
    expect(r.homeworkExpected).toBe(1);
    expect(r.noTopic).toEqual([]);
    expect(r.lessonsHeld).toBe(4);
  });

  it('leaves subjects without homework out, and a longer allowance for tests clears the late mark', async () => {
    await updateControlSettings(
      db.ds,
      f.school.id,
      { noHomeworkSubjectIds: [f.maths.id], writtenWorkDays: { test: 5 } },
      { kind: 'staff', staffId: f.deputy.id },
    );
    const r = await report();
    expect(r.homeworkMissing).toEqual([]);
    expect(r.homeworkExpected).toBe(2);
    expect(r.marksLate).toEqual([]);
    expect(r.writtenMarks).toBe(1);
    const [a] = await db.ds.query(`SELECT actor, action FROM audit_log WHERE action = 'control.settings'`);
    expect(a).toEqual({ actor: `staff:${f.deputy.id}`, action: 'control.settings' });
    await updateControlSettings(
      db.ds,
      f.school.id,
      { noHomeworkSubjectIds: [], writtenWorkDays: { test: 3, dictation: 7 } },
      { kind: 'cli', command: 'test' },
    );
  });

  it('the last whole week before a day', () => {
    expect(lastWeek('2026-11-23')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(lastWeek('2026-11-25')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(lastWeek('2026-11-22')).toEqual({ from: '2026-11-09', to: '2026-11-15' });
  });
});
