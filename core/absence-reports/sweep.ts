import type { DataSource } from 'typeorm';
import { appendEvent, inTransaction } from '../unit-of-work.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import { oneSchoolDayAfter } from '../family/common.js';
import { recordReportAttendance } from './decision.js';

/**
 * The sweep (every few minutes): reports pending more than one school day
 * are reminded to the class teacher (once a school day), and a report
 * accepted within the hour gets attendance still missing after a crash
 * between the decision and its journal writes (lessons a teacher has since
 * marked otherwise are left alone: only lessons without any row).
 */
export async function sweepAbsenceReports(
  ds: DataSource,
  opts: { now: Date; timezone: string },
): Promise<{ reminded: number; completed: number }> {
  const pending: { id: number; schoolId: number; studentId: number; createdAt: Date; remindedAt: Date | null }[] =
    await ds.query(
      `SELECT id, "schoolId", "studentId", "createdAt", "remindedAt" FROM absence_report WHERE status = 'pending'`,
    );
  let reminded = 0;
  for (const r of pending) {
    const due = oneSchoolDayAfter(new Date(r.remindedAt ?? r.createdAt), opts.timezone);
    if (due > opts.now) continue;
    const took = await inTransaction(ds, async (em) => {
      const rows = await em.query(
        `UPDATE absence_report SET "remindedAt" = $2 WHERE id = $1 AND status = 'pending' AND "remindedAt" IS NOT DISTINCT FROM $3 RETURNING id`,
        [r.id, opts.now, r.remindedAt],
      );
      if (!(Array.isArray(rows[0]) ? rows[0] : rows).length) return false;
      await appendEvent(em, r.schoolId, 'absenceReport.reminder', {
        reportId: r.id,
        studentId: r.studentId,
        at: opts.now.toISOString(),
      });
      return true;
    });
    if (took) reminded++;
  }
  const accepted: AbsenceReport[] = await ds.query(
    `SELECT *, "fromDate"::text AS "fromDate", "toDate"::text AS "toDate" FROM absence_report r
      WHERE status = 'accepted' AND "decidedAt" > $1::timestamptz - interval '1 hour'
        AND EXISTS (SELECT 1 FROM lesson l JOIN student st ON st."classId" = l."classId" AND st.id = r."studentId"
                     WHERE l.date BETWEEN r."fromDate" AND r."toDate" AND NOT l.cancelled
                       AND (r."lessonIds" IS NULL OR r."lessonIds" @> to_jsonb(l.id))
                       AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = r."studentId"))
                       AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a."lessonId" = l.id AND a."studentId" = r."studentId"))`,
    [opts.now],
  );
  let completed = 0;
  for (const r of accepted)
    completed += await recordReportAttendance(ds, r, { kind: 'system', job: 'absence-reports' }, true);
  return { reminded, completed };
}
