import type { DataSource } from 'typeorm';
import { mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import { studentInfo } from '../family/common.js';
import { checkCertificate, checkReportDates } from './checks.js';
import { loadReport, reportFor } from './queries.js';
import { AbsenceReportRefused, type CertificateFile, type ReportInput } from './types.js';

/** Saves a guardian's report and tells the class teacher (event `absenceReport.created`). */
export async function createAbsenceReport(
  ds: DataSource,
  p: AccessProfile,
  input: ReportInput,
  opts: { now: Date; timezone: string },
): Promise<AbsenceReport> {
  const s = await studentInfo(ds, input.studentId);
  if (!s || !mayOnStudent(p, 'reportAbsence', s)) throw new AbsenceReportRefused('notAllowed');
  if (input.certificate) checkCertificate(input.certificate);
  const actor: Actor = { kind: 'account', accountHash: p.accountHash };
  return inTransaction(ds, async (em) => {
    // One report at a time per child: the overlap check and the insert see the same rows.
    await em.query(`SELECT pg_advisory_xact_lock(7801, $1)`, [input.studentId]);
    // A copy of the update that filed it, handled again after a replica died mid-update: the same report, nothing new.
    const [filed] = input.source
      ? await em.query(`SELECT id FROM absence_report WHERE "sourceKey" = $1 AND "accountHash" = $2`, [
          input.source,
          p.accountHash,
        ])
      : [];
    if (filed) return (await loadReport(em, filed.id))!;
    await checkReportDates(em, input, opts);
    const link = p.links.find((l) => l.studentId === input.studentId && l.role === 'guardian');
    const [g] = link ? await em.query(`SELECT "guardianId" FROM link WHERE id = $1`, [link.id]) : [];
    const [row] = await em.query(
      `INSERT INTO absence_report ("schoolId", "studentId", "accountHash", "guardianId", "fromDate", "toDate", "lessonIds", reason, "reasonText",
                                   "certificateFileId", "certificateKind", "certificateAt", "createdAt", "sourceKey")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10::text IS NULL THEN NULL ELSE $12::timestamptz END, $12, $13) RETURNING id`,
      [
        s.schoolId,
        s.studentId,
        p.accountHash,
        g?.guardianId ?? null,
        input.fromDate,
        input.toDate,
        input.lessonIds ? JSON.stringify(input.lessonIds) : null,
        input.reason,
        input.reasonText,
        input.certificate?.fileId ?? null,
        input.certificate?.kind ?? null,
        opts.now,
        input.source ?? null,
      ],
    );
    await appendEvent(em, s.schoolId, 'absenceReport.created', { reportId: row.id, studentId: s.studentId });
    await audit(em, actor, 'absenceReport.created', { type: 'absence_report', id: row.id }, { studentId: s.studentId });
    return loadReport(em, row.id) as Promise<AbsenceReport>;
  });
}

/** The справка brought later: attached to the reporting account's own report. */
export async function attachCertificate(
  ds: DataSource,
  p: AccessProfile,
  reportId: number,
  file: CertificateFile,
): Promise<AbsenceReport> {
  checkCertificate(file);
  const r = await reportFor(ds, p, reportId, 'family');
  if (!r) throw new AbsenceReportRefused('notAllowed');
  return inTransaction(ds, async (em) => {
    await em.query(
      `UPDATE absence_report SET "certificateFileId" = $2, "certificateKind" = $3, "certificateAt" = now(), "updatedAt" = now() WHERE id = $1`,
      [reportId, file.fileId, file.kind],
    );
    await appendEvent(em, r.schoolId, 'absenceReport.certificate', { reportId, studentId: r.studentId });
    await audit(em, { kind: 'account', accountHash: p.accountHash }, 'absenceReport.certificate', {
      type: 'absence_report',
      id: reportId,
    });
    return (await loadReport(em, reportId))!;
  });
}
