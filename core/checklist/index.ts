import type { AccessProfile } from '../access/profile.js';
import { addDays, mondayOf, weekday } from '../calendar.js';
import { OWN_SUBGROUP_SQL, keepsMarks } from '../diary/student.js';
import type { Db } from '../unit-of-work.js';
import { REMINDER_TIMES, tickMode } from './rules.js';

/**
 * The student's homework checklist: ticks on their own class's (and own
 * subgroups') tasks, what is left this week, and the reminder time. Only the
 * student ticks; a forged id (another student, a lesson of another class, a
 * task not set) is refused with the same answer as one that does not exist.
 */
export interface OwnStudent {
  studentId: number;
  classId: number;
  grade: number;
}

/** The student this account is (its own student link), or null. */
export function ownStudent(p: AccessProfile | null, studentId: number): OwnStudent | null {
  const c = p?.children.find((x) => x.studentId === studentId && x.via === 'student');
  return c && keepsMarks(c) ? { studentId: c.studentId, classId: c.classId, grade: c.grade } : null;
}

/** Ticks (done = true) or unticks a task; the lesson's date, or null when refused. */
export async function setDone(db: Db, s: OwnStudent, lessonId: number, done: boolean, now: Date) {
  const [l] = await db.query(
    `SELECT l.date FROM lesson l WHERE l.id = $2 AND l."classId" = $3 AND l.homework IS NOT NULL AND ${OWN_SUBGROUP_SQL}`,
    [s.studentId, lessonId, s.classId],
  );
  if (!l) return null;
  if (done)
    await db.query(
      `INSERT INTO homework_done ("studentId", "lessonId", "doneAt") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [s.studentId, lessonId, now],
    );
  else await db.query(`DELETE FROM homework_done WHERE "studentId" = $1 AND "lessonId" = $2`, [s.studentId, lessonId]);
  return l.date as string;
}

/** Which of these lessons the student ticked, as this account may see them. */
export async function ticksFor(db: Db, p: AccessProfile, s: { studentId: number; grade: number }, lessonIds: number[]) {
  const mode = tickMode(p, s);
  if (mode === 'none' || !lessonIds.length) return { mode, done: [] as number[] };
  const rows: { lessonId: number }[] = await db.query(
    `SELECT "lessonId" FROM homework_done WHERE "studentId" = $1 AND "lessonId" = ANY($2)`,
    [s.studentId, lessonIds],
  );
  return { mode, done: rows.map((r) => r.lessonId) };
}

export interface LeftTask {
  lessonId: number;
  date: string;
  subject: string;
  homework: string;
}

/** Tasks not ticked, due from `from` to `to` (cancelled lessons left out). */
export async function unticked(db: Db, s: OwnStudent, from: string, to: string): Promise<LeftTask[]> {
  return db.query(
    `SELECT l.id AS "lessonId", l.date, sb.name AS subject, l.homework FROM lesson l JOIN subject sb ON sb.id = l."subjectId"
      WHERE l."classId" = $2 AND l.date BETWEEN $3 AND $4 AND l.homework IS NOT NULL AND NOT l.cancelled AND ${OWN_SUBGROUP_SQL}
        AND NOT EXISTS (SELECT 1 FROM homework_done d WHERE d."studentId" = $1 AND d."lessonId" = l.id)
      ORDER BY l.date, l.slot, l.id`,
    [s.studentId, s.classId, from, to],
  );
}

/** The week's list: what is left from today to Sunday (on a weekend, the coming week). */
export function weekSpan(today: string) {
  const from = weekday(today) >= 6 ? addDays(mondayOf(today), 7) : today;
  return { from, to: addDays(mondayOf(from), 6) };
}

export async function reminderOf(db: Db, studentId: number): Promise<string | null> {
  const [r] = await db.query(`SELECT time FROM checklist_reminder WHERE "studentId" = $1`, [studentId]);
  return r?.time ?? null;
}

/** Sets (one of REMINDER_TIMES) or clears (null) the reminder; false for a time not offered. */
export async function setReminder(db: Db, s: OwnStudent, time: string | null): Promise<boolean> {
  if (time === null) {
    await db.query(`DELETE FROM checklist_reminder WHERE "studentId" = $1`, [s.studentId]);
    return true;
  }
  if (!(REMINDER_TIMES as readonly string[]).includes(time)) return false;
  await db.query(
    `INSERT INTO checklist_reminder ("studentId", time) VALUES ($1, $2) ON CONFLICT ("studentId") DO UPDATE SET time = EXCLUDED.time, "updatedAt" = now()`,
    [s.studentId, time],
  );
  return true;
}
