import type { Db } from '../unit-of-work.js';
import { addDays } from '../calendar.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import { studentInfo, today } from '../family/common.js';
import { reportLessons, studentLessons, termEnd } from './queries.js';
import {
  AbsenceReportRefused,
  CERTIFICATE_MAX_BYTES,
  REPORT_BACK_DAYS,
  type CertificateFile,
  type ReportInput,
  type ReportLesson,
} from './types.js';

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
