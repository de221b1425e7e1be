import type { DataSource } from 'typeorm';
import type { DiaryPeriod } from '../diary/marks.js';

/**
 * What the deputy's panel (/control) picks from: the school's periods, the
 * teachers with lessons, its subjects, one staff member or subject of it.
 * Every lookup is within one school, so a forged id of another school is
 * simply not found.
 */

/** The periods of the school's current academic year (the latest begun by `today`), shortest kind first. */
export function currentYearPeriods(ds: DataSource, schoolId: number, today: string): Promise<DiaryPeriod[]> {
  return ds.query(
    `SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn" FROM period p
      WHERE p."academicYearId" = (SELECT y.id FROM academic_year y WHERE y."schoolId" = $1 AND y."startsOn" <= $2 ORDER BY y."startsOn" DESC LIMIT 1)
      ORDER BY array_position(ARRAY['quarter','trimester','halfYear','year'], p.kind), p.number`,
    [schoolId, today],
  );
}

export interface SchoolStaffMember {
  id: number;
  name: string;
  /** Has a Telegram link a nudge can reach. */
  linked: boolean;
}

export async function schoolStaffMember(
  ds: DataSource,
  schoolId: number,
  staffId: number | null | undefined,
): Promise<SchoolStaffMember | null> {
  if (!staffId) return null;
  const [t] = await ds.query(
    `SELECT s.id, concat_ws(' ', s."lastName", s."firstName", s."middleName") AS name,
            EXISTS (SELECT 1 FROM link l WHERE l."staffId" = s.id AND l."revokedAt" IS NULL AND l."chatId" IS NOT NULL) AS linked
       FROM staff s WHERE s.id = $1 AND s."schoolId" = $2`,
    [staffId, schoolId],
  );
  return t ?? null;
}

/** Staff who teach or substitute a lesson of the school, by surname. */
export function schoolTeachers(ds: DataSource, schoolId: number): Promise<{ id: number; name: string }[]> {
  return ds.query(
    `SELECT DISTINCT s.id, concat_ws(' ', s."lastName", s."firstName", s."middleName") AS name, s."lastName", s."firstName"
       FROM staff s JOIN lesson l ON l."teacherId" = s.id OR l."substituteTeacherId" = s.id
      WHERE s."schoolId" = $1 AND l."schoolId" = $1 ORDER BY s."lastName", s."firstName"`,
    [schoolId],
  );
}

export function schoolSubjects(ds: DataSource, schoolId: number): Promise<{ id: number; name: string }[]> {
  return ds.query(`SELECT id, name FROM subject WHERE "schoolId" = $1 ORDER BY name`, [schoolId]);
}

export async function schoolSubjectId(
  ds: DataSource,
  schoolId: number,
  subjectId: number | null | undefined,
): Promise<number | null> {
  if (!subjectId) return null;
  const [s] = await ds.query(`SELECT id FROM subject WHERE id = $1 AND "schoolId" = $2`, [subjectId, schoolId]);
  return (s?.id as number | undefined) ?? null;
}
