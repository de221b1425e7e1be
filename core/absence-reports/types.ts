import { DomainError } from '../errors.js';
import type { AbsenceReportReason } from '../../db/entities/index.js';

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

export interface ReportInput {
  studentId: number;
  fromDate: string;
  toDate: string;
  /** Certain lessons of one day; null: whole days. */
  lessonIds: number[] | null;
  reason: AbsenceReportReason;
  reasonText: string | null;
  certificate: CertificateFile | null;
  /** The chat update that sends it (bot/update-source.ts): the same update handled again returns the report it filed. */
  source?: string | null;
}
