import type { DataSource } from 'typeorm';
import { ACTIVE_DAYS, byStudent } from './lesson-rows.js';
import type { ControlReport, ControlScope, CorrectionItem, FamilyItem } from './report-types.js';

/**
 * Per active student of the scope's classes (for a teacher: the classes they
 * gave lessons in during the span): is a guardian's account linked, and did
 * any of the student's accounts (guardian or the student's own) use the bot
 * in the last 30 days. A refused 152-ФЗ consent is noted.
 */
export async function familyFigures(
  ds: DataSource,
  scope: ControlScope,
  now: Date,
  from: string,
  to: string,
): Promise<ControlReport['families']> {
  const rows = await ds.query<
    (Omit<FamilyItem, 'guardian' | 'lastSeenAt'> & { guardian: boolean; lastSeenAt: string | Date | null })[]
  >(
    `SELECT st.id AS "studentId", concat_ws(' ', st."lastName", st."firstName") AS name, st."classId", c.name AS "className",
            bool_or(l.role = 'guardian') AS guardian, max(l."lastSeenAt") AS "lastSeenAt",
            EXISTS (SELECT 1 FROM consent k WHERE k."studentId" = st.id AND k.decision = 'refused' AND k."withdrawnAt" IS NULL) AS refused
       FROM student st JOIN school_class c ON c.id = st."classId"
       LEFT JOIN link l ON l."studentId" = st.id AND l."revokedAt" IS NULL AND l."telegramUserId" IS NOT NULL AND l.role IN ('guardian', 'student')
      WHERE st."schoolId" = $1 AND st.active
        AND ($2::int IS NULL OR st."classId" = $2)
        AND ($3::int IS NULL OR st."classId" IN (SELECT l2."classId" FROM lesson l2 WHERE coalesce(l2."substituteTeacherId", l2."teacherId") = $3
                                                 AND l2.date BETWEEN $4 AND $5))
      GROUP BY st.id, c.name
      ORDER BY c.name, name`,
    [scope.schoolId, scope.classId ?? null, scope.teacherId ?? null, from, to],
  );
  const since = new Date(now.getTime() - ACTIVE_DAYS * 24 * 3600 * 1000);
  const items: FamilyItem[] = rows
    .map((r): FamilyItem => {
      const seen = r.lastSeenAt ? new Date(r.lastSeenAt) : null;
      return {
        studentId: r.studentId,
        name: r.name,
        classId: r.classId,
        className: r.className,
        refused: r.refused,
        lastSeenAt: seen,
        guardian: !r.guardian ? 'off' : seen && seen >= since ? 'active' : 'idle',
      };
    })
    .sort(byStudent);
  return {
    students: items.length,
    connected: items.filter((i) => i.guardian !== 'off').length,
    active: items.filter((i) => i.guardian === 'active').length,
    off: items.filter((i) => i.guardian === 'off'),
    idle: items.filter((i) => i.guardian === 'idle'),
  };
}

/**
 * Families' reports of wrong data in the journal (correction_request) still
 * open, of the scope's students (for a teacher: the reports addressed to
 * them), with their deadline (a day, seed 000 §3.7) and whether it passed.
 */
export async function openCorrections(ds: DataSource, scope: ControlScope, now: Date): Promise<CorrectionItem[]> {
  const rows = await ds.query<
    (Omit<CorrectionItem, 'requestId' | 'reportedAt' | 'dueAt' | 'overdue'> & {
      id: number;
      createdAt: string | Date;
      dueAt: string | Date;
    })[]
  >(
    `SELECT r.id, r."entityType", r."createdAt", r."dueAt", r."studentId", concat_ws(' ', st."lastName", st."firstName") AS name,
            st."classId", c.name AS "className", r."teacherId", concat_ws(' ', t."lastName", t."firstName", t."middleName") AS teacher
       FROM correction_request r JOIN student st ON st.id = r."studentId" JOIN school_class c ON c.id = st."classId"
       LEFT JOIN staff t ON t.id = r."teacherId"
      WHERE r."schoolId" = $1 AND r.status = 'open' AND ($2::int IS NULL OR st."classId" = $2) AND ($3::int IS NULL OR r."teacherId" = $3)
      ORDER BY r."dueAt", r.id`,
    [scope.schoolId, scope.classId ?? null, scope.teacherId ?? null],
  );
  return rows.map((r) => ({
    requestId: r.id,
    entityType: r.entityType,
    reportedAt: new Date(r.createdAt),
    dueAt: new Date(r.dueAt),
    overdue: new Date(r.dueAt) < now,
    studentId: r.studentId,
    name: r.name,
    classId: r.classId,
    className: r.className,
    teacherId: r.teacherId,
    teacher: r.teacherId ? r.teacher : null,
  }));
}
