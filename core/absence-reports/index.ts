import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { mayOnClass, mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { recordAttendance } from '../journal/attendance.js';
import { addDays } from '../calendar.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { AbsenceReport, AbsenceReportReason } from '../../db/entities/index.js';
import { oneSchoolDayAfter, studentInfo, today } from '../family/common.js';

/**
 * Absence reports (seed 000 §3.9, §3.5): a guardian tells the class teacher
 * the child will miss (or missed) school for a valid reason, with a справка
 * now or later; the class teacher accepts (the attendance of those lessons is
 * recorded with the reason through core/journal, and the family gets no
 * absence alert for them) or rejects with a comment. Every step is one
 * transaction with its outbox event; the messages are sent by the delivery
 * worker (handlers in ./notify.ts).
 */

/**
 * Telegram's bot download limit, and the school's: a справка is a photo or a PDF of at most 20 MB.
 */
export const CERTIFICATE_MAX_BYTES = 20 * 1024 * 1024;
/** How far back a report may start: the class teacher reviews reasons weekly. */
export const REPORT_BACK_DAYS = 7;

export type CertificateFile = {
  kind: 'photo' | 'document';
  fileId: string;
  size?: number | null;
  mimeType?: string | null;
};
export type AbsenceReportError =
  | 'notAllowed'
  | 'order'
  | 'tooEarly'
  | 'pastTerm'
  | 'noTerm'
  | 'overlap'
  | 'noLessons'
  | 'fileTooBig'
  | 'fileType'
  | 'notPending'
  | 'notFound';

export class AbsenceReportRefused extends DomainError {
  constructor(
    readonly reason: AbsenceReportError,
    details: Record<string, unknown> = {},
  ) {
    super(`absence_report.${reason}`, `absence report refused: ${reason}`, details);
  }
}

/** The journal's reason for an accepted report: illness, or another valid reason. */
export const attendanceReason = (r: AbsenceReportReason) => (r === 'illness' ? 'illness' : 'excused');

export interface ReportLesson {
  lessonId: number;
  date: string;
  slot: number;
  subject: string;
  startsAt: string;
}

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

export interface ReportInput {
  studentId: number;
  fromDate: string;
  toDate: string;
  /** Certain lessons of one day; null: whole days. */
  lessonIds: number[] | null;
  reason: AbsenceReportReason;
  reasonText: string | null;
  certificate: CertificateFile | null;
}

export function checkCertificate(f: CertificateFile): void {
  if (f.size && f.size > CERTIFICATE_MAX_BYTES) throw new AbsenceReportRefused('fileTooBig');
  if (f.kind === 'document' && f.mimeType !== 'application/pdf') throw new AbsenceReportRefused('fileType');
}

/**
 * Checks a report's dates before anything is saved: in order, not before
 * last week, not past the end of the current term, not overlapping a pending
 * or accepted report of the child, and with lessons to miss. Returns the lessons.
 */
export async function checkReportDates(
  q: Db,
  input: Pick<ReportInput, 'studentId' | 'fromDate' | 'toDate' | 'lessonIds'>,
  opts: { now: Date; timezone: string },
): Promise<ReportLesson[]> {
  const s = await studentInfo(q, input.studentId);
  if (!s) throw new AbsenceReportRefused('notFound');
  if (input.fromDate > input.toDate) throw new AbsenceReportRefused('order');
  const day = today(opts.timezone, opts.now);
  if (input.fromDate < addDays(day, -REPORT_BACK_DAYS))
    throw new AbsenceReportRefused('tooEarly', { earliest: addDays(day, -REPORT_BACK_DAYS) });
  const end = await termEnd(q, s.schoolId, input.fromDate < day ? day : input.fromDate);
  if (!end) throw new AbsenceReportRefused('noTerm');
  if (input.toDate > end) throw new AbsenceReportRefused('pastTerm', { termEnd: end });
  const lessons = (await studentLessons(q, input.studentId, input.fromDate, input.toDate)).filter(
    (l) => !input.lessonIds || input.lessonIds.includes(l.lessonId),
  );
  if (!lessons.length) throw new AbsenceReportRefused('noLessons');
  const others: Pick<AbsenceReport, 'id' | 'studentId' | 'fromDate' | 'toDate' | 'lessonIds'>[] = await q.query(
    `SELECT id, "studentId", "fromDate"::text AS "fromDate", "toDate"::text AS "toDate", "lessonIds" FROM absence_report
      WHERE "studentId" = $1 AND status IN ('pending', 'accepted') AND "fromDate" <= $3 AND "toDate" >= $2`,
    [input.studentId, input.fromDate, input.toDate],
  );
  for (const o of others) {
    const theirs = new Set((await reportLessons(q, o)).map((l) => l.lessonId));
    const clash = lessons.find((l) => theirs.has(l.lessonId));
    if (clash) throw new AbsenceReportRefused('overlap', { reportId: o.id, date: clash.date });
  }
  return lessons;
}

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
    await checkReportDates(em, input, opts);
    const link = p.links.find((l) => l.studentId === input.studentId && l.role === 'guardian');
    const [g] = link ? await em.query(`SELECT "guardianId" FROM link WHERE id = $1`, [link.id]) : [];
    const [row] = await em.query(
      `INSERT INTO absence_report ("schoolId", "studentId", "accountHash", "guardianId", "fromDate", "toDate", "lessonIds", reason, "reasonText",
                                   "certificateFileId", "certificateKind", "certificateAt", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10::text IS NULL THEN NULL ELSE $12::timestamptz END, $12) RETURNING id`,
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
      ],
    );
    await appendEvent(em, s.schoolId, 'absenceReport.created', { reportId: row.id, studentId: s.studentId });
    await audit(em, actor, 'absenceReport.created', { type: 'absence_report', id: row.id }, { studentId: s.studentId });
    return loadReport(em, row.id) as Promise<AbsenceReport>;
  });
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
