import type { DataSource } from 'typeorm';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { recordAttendance } from '../journal/attendance.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import { loadReport, reportFor, reportLessons } from './queries.js';
import { AbsenceReportRefused, attendanceReason } from './types.js';

/**
 * The class teacher's decision. The report's status is decided first (one
 * transaction with `absenceReport.decided`); an accepted report's attendance
 * follows through recordAttendance (each lesson its own journal write and
 * `absence.recorded` event; the delivery worker sends no absence alert for a
 * lesson an accepted report covers). Writing the attendance is idempotent and
 * rerun by the sweep, so a crash in between leaves nothing half-done for long.
 */
export async function decideAbsenceReport(
  ds: DataSource,
  p: AccessProfile,
  reportId: number,
  decision: 'accepted' | 'rejected',
  comment: string | null,
): Promise<{ report: AbsenceReport; lessons: number }> {
  const r = await reportFor(ds, p, reportId, 'classTeacher');
  if (!r || !p.staff) throw new AbsenceReportRefused('notAllowed');
  const actor: Actor = { kind: 'staff', staffId: p.staff.staffId };
  const decided = await inTransaction(ds, async (em) => {
    const rows = await em.query(
      `UPDATE absence_report SET status = $2, "decidedBy" = $3, "decidedAt" = now(), "decisionComment" = $4, "updatedAt" = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [reportId, decision, p.staff!.staffId, comment],
    );
    if (!(Array.isArray(rows[0]) ? rows[0] : rows).length)
      throw new AbsenceReportRefused('notPending', { status: r.status });
    await appendEvent(em, r.schoolId, 'absenceReport.decided', { reportId, studentId: r.studentId, decision });
    await audit(
      em,
      actor,
      `absenceReport.${decision}`,
      { type: 'absence_report', id: reportId },
      { studentId: r.studentId },
    );
    return (await loadReport(em, reportId))!;
  });
  const lessons = decision === 'accepted' ? await recordReportAttendance(ds, decided, actor) : 0;
  return { report: decided, lessons };
}

/** Writes «absent, <reason>» for every lesson of an accepted report; returns how many rows changed. */
export async function recordReportAttendance(
  ds: DataSource,
  r: AbsenceReport,
  actor: Actor,
  onlyMissing = false,
): Promise<number> {
  let changed = 0;
  const marked = new Set<number>(
    onlyMissing
      ? (await ds.query(`SELECT "lessonId" FROM attendance WHERE "studentId" = $1`, [r.studentId])).map(
          (x: { lessonId: number }) => x.lessonId,
        )
      : [],
  );
  for (const l of (await reportLessons(ds, r)).filter((x) => !marked.has(x.lessonId))) {
    const res = await recordAttendance(
      ds,
      {
        schoolId: r.schoolId,
        studentId: r.studentId,
        lessonId: l.lessonId,
        status: 'absent',
        reason: attendanceReason(r.reason),
      },
      actor,
    );
    if (res.outcome !== 'unchanged') changed++;
  }
  return changed;
}
