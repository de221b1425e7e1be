import type { DataSource } from 'typeorm';
import type { Lesson } from '../../db/entities/index.js';
import { makeSchool } from './fixtures.js';
import { journalOf, structureOf } from './school-builder.js';

/** The moment the fixture's panel is built: Wednesday 25 November 2026, 10:00 in Moscow. */
export const NOW = new Date('2026-11-25T07:00:00Z');
/** The week the fixture's journal covers. */
export const WEEK = { from: '2026-11-16', to: '2026-11-22' };
const msk = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`);

/**
 * makeSchool plus a week of 5А's journal built by hand, so each figure of the
 * control panel has a known answer (test/control-figures.test.ts spells it out):
 *
 * 5А: Иванова Анна, Борисов Борис, Веденеева Вера (new, exempt from Russian in quarter 2).
 *  L1 Mon 16 maths, 08:00–08:45, Кузнецов: topic, homework at 10:00 (on time), Anna absent (recorded that day).
 *  L2 Mon 16 Russian, 09:00–09:45, Петрова: NO topic, homework at 20:00 (due 11:15: late).
 *  L3 Tue 17 maths, 08:00–08:45, Кузнецов: topic, NO homework; Boris late (recorded the next day).
 *  L4 Wed 18 maths: cancelled.
 *  L5 Thu 19 Russian, substituted by Кузнецов: topic, homework on time.
 *  Marks: Anna maths 5 and 4 (oral), Boris maths 3 (oral), Vera maths none; Anna Russian 4 for a test
 *  on Mon 16 entered Fri 20 12:00 (due end of Thu 19: late); Boris Russian none; Vera exempt.
 * 6Б: Павел; L6 Mon 16 maths, Кузнецов: topic, homework at 09:50 (on time); no marks.
 * 1А: Мила; L7 Mon 16 Russian, Петрова: no topic, no homework (grade 1: homework not expected).
 * Families: Boris's father linked and seen 2 days ago; Anna's mother linked, last seen 40 days ago;
 *  Vera's family refused consent; Pavel's and Mila's families never linked.
 * Error reports: Anna's late test mark (to Петрова, overdue since Tuesday 10:00), Boris's lateness
 *  (to Кузнецов, due Thursday 08:00), Vera's homework (already corrected).
 */
export async function makeControlSchool(ds: DataSource) {
  const f = await makeSchool(ds);
  const schoolId = f.school.id;
  const vera = await ds.transaction((em) => structureOf(em, schoolId).student(f.c5a.id, 'Веденеева Вера'));
  const j = journalOf(ds, schoolId);
  const L1 = await j.lesson(f.c5a.id, f.maths.id, f.mathTeacher.id, '2026-11-16', 1);
  const L2 = await j.lesson(f.c5a.id, f.russian.id, f.petrova.id, '2026-11-16', 2);
  const L3 = await j.lesson(f.c5a.id, f.maths.id, f.mathTeacher.id, '2026-11-17', 1);
  const L4 = await j.lesson(f.c5a.id, f.maths.id, f.mathTeacher.id, '2026-11-18', 1, { cancelled: true });
  const L5 = await j.lesson(f.c5a.id, f.russian.id, f.petrova.id, '2026-11-19', 1, {
    substituteTeacherId: f.mathTeacher.id,
  });
  const L6 = await j.lesson(f.c6b.id, f.maths.id, f.mathTeacher.id, '2026-11-16', 1);
  const L7 = await j.lesson(f.c1a.id, f.russian.id, f.petrova.id, '2026-11-16', 1);
  for (const [l, topic] of [
    [L1, 'Дроби'],
    [L3, 'Сложение дробей'],
    [L4, 'Вычитание дробей'],
    [L5, 'Имя существительное'],
    [L6, 'Уравнения'],
  ] as const)
    await j.topic(l.id, topic);
  await j.homework(L1.id, 'Упр. 12', msk('2026-11-16', '10:00'));
  await j.homework(L2.id, 'Упр. 40', msk('2026-11-16', '20:00'));
  await j.homework(L5.id, '§ 3', msk('2026-11-19', '09:30'));
  await j.homework(L6.id, '№ 101', msk('2026-11-16', '09:50'));

  /** A mark entered at `at` (its createdAt), for the lateness figures. */
  const mark = async (studentId: number, l: Lesson, value: '3' | '4' | '5', workKindId: number, at: Date) => {
    const m = await j.mark(studentId, l, workKindId, value);
    await ds.query(`UPDATE mark SET "createdAt" = $2 WHERE id = $1`, [m.id, at]);
    return m;
  };
  await mark(f.anna.id, L1, '5', f.oral.id, msk('2026-11-16', '09:00'));
  await mark(f.anna.id, L3, '4', f.oral.id, msk('2026-11-17', '09:00'));
  await mark(f.boris.id, L1, '3', f.oral.id, msk('2026-11-16', '09:00'));
  const lateTest = await mark(f.anna.id, L2, '4', f.test.id, msk('2026-11-20', '12:00'));
  await j.periodMark(vera.id, f.russian.id, f.q2.id, 'exempt');

  /** An absence recorded at `at` (its outbox event's createdAt). */
  const absence = async (studentId: number, l: Lesson, status: 'absent' | 'late', at: Date) => {
    await j.attendance(studentId, l.id, status, 'unknown');
    await ds.query(
      `UPDATE outbox SET "createdAt" = $3 WHERE type = 'absence.recorded' AND (payload->>'lessonId')::int = $1 AND (payload->>'studentId')::int = $2`,
      [l.id, studentId, at],
    );
  };
  await absence(f.anna.id, L1, 'absent', msk('2026-11-16', '08:10'));
  await absence(f.boris.id, L3, 'late', msk('2026-11-18', '08:30'));

  const link = async (
    role: 'guardian' | 'student',
    studentId: number,
    guardianId: number | null,
    user: number,
    seen: Date | null,
  ) => {
    const [inv] = await ds.query(
      `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "issuedBy", "expiresAt", "usedAt")
       VALUES ($1, $2, $3, $4, $5, 'cli:test', now() + interval '1 day', now()) RETURNING id`,
      [schoolId, `hash-${user}-${studentId}`, role, studentId, guardianId],
    );
    await ds.query(
      `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "invitationId", "lastSeenAt")
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8)`,
      [schoolId, user, `account-${user}`, role, studentId, guardianId, inv.id, seen],
    );
  };
  await link('guardian', f.boris.id, f.borisFather.id, 7001, new Date(NOW.getTime() - 2 * 86400_000));
  await link('guardian', f.anna.id, f.mother.id, 7002, new Date(NOW.getTime() - 40 * 86400_000));
  await ds.query(
    `INSERT INTO consent ("schoolId", "accountHash", "invitationId", "studentId", role, decision, "textVersion") VALUES ($1, 'account-7003', 1, $2, 'guardian', 'refused', 'v1')`,
    [schoolId, vera.id],
  );
  const report = async (
    studentId: number,
    entityType: string,
    entityId: number,
    teacherId: number,
    status: string,
    createdAt: Date,
    dueAt: Date,
  ) =>
    (
      await ds.query(
        `INSERT INTO correction_request ("schoolId", "studentId", "accountHash", "entityType", "entityId", "teacherId", comment, snapshot, status, "dueAt", "createdAt")
       VALUES ($1, $2, 'account-report', $3, $4, $5, 'Проверьте, пожалуйста', '{}', $6, $7, $8) RETURNING id`,
        [schoolId, studentId, entityType, entityId, teacherId, status, dueAt, createdAt],
      )
    )[0].id as number;
  const day = 86400_000;
  const overdueReport = await report(
    f.anna.id,
    'mark',
    lateTest.id,
    f.petrova.id,
    'open',
    new Date(NOW.getTime() - 2 * day),
    new Date(NOW.getTime() - day),
  );
  const openReport = await report(
    f.boris.id,
    'attendance',
    L3.id,
    f.mathTeacher.id,
    'open',
    new Date(NOW.getTime() - 2 * 3600_000),
    new Date(NOW.getTime() + 22 * 3600_000),
  );
  await report(
    vera.id,
    'homework',
    L1.id,
    f.mathTeacher.id,
    'corrected',
    new Date(NOW.getTime() - 3 * day),
    new Date(NOW.getTime() - 2 * day),
  );
  return { ...f, vera, L1, L2, L3, L4, L5, L6, L7, lateTest, overdueReport, openReport };
}
export type ControlFixture = Awaited<ReturnType<typeof makeControlSchool>>;
