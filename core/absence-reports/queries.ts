import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { mayOnClass, mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import { studentInfo } from '../family/common.js';
import type { ReportLesson } from './types.js';

/** The child's lessons (own subgroups, not cancelled) between two dates, in order. */
export async function studentLessons(q: Db, studentId: number, from: string, to: string): Promise<ReportLesson[]> {
  return q.query(
    `SELECT l.id AS "lessonId", l.date::text AS date, l.slot, s.name AS subject, to_char(l."startsAt", 'HH24:MI') AS "startsAt"
       FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject s ON s.id = l."subjectId"
      WHERE st.id = $1 AND l.date BETWEEN $2 AND $3 AND NOT l.cancelled
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = $1))
      ORDER BY l.date, l.slot`,
    [studentId, from, to],
  );
}

/** The lessons a report covers: the chosen ones, or every lesson of its days. */
export async function reportLessons(
  q: Db,
  r: Pick<AbsenceReport, 'studentId' | 'fromDate' | 'toDate' | 'lessonIds'>,
): Promise<ReportLesson[]> {
  const all = await studentLessons(q, r.studentId, String(r.fromDate), String(r.toDate));
  return r.lessonIds ? all.filter((l) => r.lessonIds!.includes(l.lessonId)) : all;
}

/** The end of the term (the shortest period) that holds `date`; null in holidays or outside the year. */
export async function termEnd(q: Db, schoolId: number, date: string): Promise<string | null> {
  const [row] = await q.query(
    `SELECT "endsOn"::text AS "endsOn" FROM period WHERE "schoolId" = $1 AND "startsOn" <= $2 AND "endsOn" >= $2 ORDER BY "endsOn" - "startsOn", "endsOn" LIMIT 1`,
    [schoolId, date],
  );
  return row?.endsOn ?? null;
}

export async function loadReport(q: Db, id: number): Promise<AbsenceReport | null> {
  const [r] = await q.query(
    `SELECT *, "fromDate"::text AS "fromDate", "toDate"::text AS "toDate" FROM absence_report WHERE id = $1`,
    [id],
  );
  return r ?? null;
}

/** A report the account may see: its own (the reporting account), or one of a class it decides for. */
export async function reportFor(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  as: 'family' | 'classTeacher',
): Promise<AbsenceReport | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const r = await loadReport(ds, id);
  if (!r) return null;
  const s = await studentInfo(ds, r.studentId);
  if (!s) return null;
  if (as === 'family') return r.accountHash === p.accountHash && mayOnStudent(p, 'reportAbsence', s) ? r : null;
  return mayOnClass(p, 'decideAbsence', s) ? r : null;
}

/**
 * Whether an accepted report of the child covers this lesson: the delivery
 * worker then sends the family no absence alert for it (they told the school).
 */
export async function coveredByAcceptedReport(q: Db, studentId: number, lessonId: number): Promise<boolean> {
  const [row] = await q.query(
    `SELECT 1 FROM absence_report r JOIN lesson l ON l.id = $2
      WHERE r."studentId" = $1 AND r.status = 'accepted' AND l.date BETWEEN r."fromDate" AND r."toDate"
        AND (r."lessonIds" IS NULL OR r."lessonIds" @> to_jsonb($2::int)) LIMIT 1`,
    [studentId, lessonId],
  );
  return !!row;
}

export interface ReportRow extends AbsenceReport {
  studentName: string;
  className: string;
}

/** A class's reports: pending first, then the latest decided. */
export async function classReports(
  q: Db,
  classId: number,
  opts: { pendingOnly?: boolean; limit?: number } = {},
): Promise<ReportRow[]> {
  return q.query(
    `SELECT r.*, r."fromDate"::text AS "fromDate", r."toDate"::text AS "toDate", st."lastName" || ' ' || st."firstName" AS "studentName", c.name AS "className"
       FROM absence_report r JOIN student st ON st.id = r."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE st."classId" = $1 AND ($2::boolean IS NOT TRUE OR r.status = 'pending')
      ORDER BY (r.status = 'pending') DESC, r."createdAt" DESC LIMIT $3`,
    [classId, opts.pendingOnly ?? false, opts.limit ?? 30],
  );
}

/** The account's own reports about a child, newest first. */
export async function familyReports(
  q: Db,
  accountHash: string,
  studentId: number,
  limit = 10,
): Promise<AbsenceReport[]> {
  return q.query(
    `SELECT *, "fromDate"::text AS "fromDate", "toDate"::text AS "toDate" FROM absence_report WHERE "accountHash" = $1 AND "studentId" = $2 ORDER BY "createdAt" DESC LIMIT $3`,
    [accountHash, studentId, limit],
  );
}
