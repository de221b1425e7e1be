import type { StudentInfo } from '../access/policy.js';
import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { familiesOf, staffRecipients, type ProfileCache, type Recipient } from '../notifications/audience.js';
import { addDays, weekday, wallClock, zonedInstant } from '../calendar.js';

/**
 * Helpers shared by the school ↔ family flows (absence reports, messages,
 * consultations, corrections, announcements): who a message goes to, buttons
 * as the bot parses them, school days.
 */

/** An inline button under a delivered message; `verb:arg` as bot/callback-data.ts `cb()` writes it. */
export const button = (text: string, verb: string, arg: string | number): { text: string; data: string } => ({
  text,
  data: `${verb}:${arg}`,
});

export type { StudentInfo } from '../access/policy.js';

/** «Фамилия Имя» of a guardian, or null. */
export async function guardianName(q: Db, guardianId: number | null): Promise<string | null> {
  if (!guardianId) return null;
  const [g] = await q.query(`SELECT "lastName" || ' ' || "firstName" AS name FROM guardian WHERE id = $1`, [
    guardianId,
  ]);
  return (g?.name as string | undefined) ?? null;
}

export async function studentInfo(q: Db, studentId: number): Promise<StudentInfo | null> {
  const [row] = await q.query(
    `SELECT st.id AS "studentId", st."classId", st."schoolId", st."lastName", st."firstName", c.name AS "className", c.grade
       FROM student st JOIN school_class c ON c.id = st."classId" WHERE st.id = $1`,
    [studentId],
  );
  return row ?? null;
}

/** «Анна Иванова» */
export const childName = (s: { firstName: string; lastName: string }) => `${s.firstName} ${s.lastName}`;
/** «Петрова Елена Викторовна» */
export const staffName = (s: { lastName: string; firstName: string; middleName?: string | null }) =>
  [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ');

/** The chats of one family account about one child (its guardian or student link), as the policy allows. */
export async function accountRecipients(
  ds: DataSource,
  cache: ProfileCache,
  studentId: number,
  accountHash: string,
): Promise<Recipient[]> {
  return (await familiesOf(ds, [studentId], cache)).filter((r) => r.accountHash === accountHash);
}

/** The chats of these staff members (their own staff links). */
export async function staffChats(ds: DataSource, cache: ProfileCache, staffIds: number[]): Promise<Recipient[]> {
  if (!staffIds.length) return [];
  return staffRecipients(ds, { staffIds }, cache, (p) => !!p.staff && staffIds.includes(p.staff.staffId));
}

export async function classTeacherIds(q: Db, classId: number): Promise<number[]> {
  const rows: { staffId: number }[] = await q.query(
    `SELECT r."staffId" FROM staff_role r JOIN staff s ON s.id = r."staffId" WHERE r.role = 'classTeacher' AND r."classId" = $1 AND s.active ORDER BY r."staffId"`,
    [classId],
  );
  return rows.map((r) => r.staffId);
}

export async function staffWithRole(q: Db, schoolId: number, role: string): Promise<number[]> {
  const rows: { staffId: number }[] = await q.query(
    `SELECT DISTINCT r."staffId" FROM staff_role r JOIN staff s ON s.id = r."staffId" WHERE r."schoolId" = $1 AND r.role = $2 AND s.active ORDER BY 1`,
    [schoolId, role],
  );
  return rows.map((r) => r.staffId);
}

export const isSchoolDay = (date: string) => weekday(date) <= 5;

/** The school day `n` school days after `date` (weekends skipped). */
export function addSchoolDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isSchoolDay(d)) left--;
  }
  return d;
}

/** The same wall-clock time one school day later (a report at Friday 10:00 is due Monday 10:00). */
export function oneSchoolDayAfter(at: Date, timeZone: string): Date {
  const w = wallClock(timeZone, at);
  return zonedInstant(addSchoolDays(w.date, 1), w.time, timeZone);
}

export const today = (timeZone: string, now: Date) => wallClock(timeZone, now).date;
