/**
 * The journal's record types as the front ends read them (rows the services
 * return). Type-only: the front ends see the shapes, never the entities or the
 * data source (db/ stays below core).
 */
export type {
  AbsenceReason,
  AbsenceReport,
  AbsenceReportReason,
  Announcement,
  CorrectionRequest,
  MarkValue,
  PaperFile,
  SchoolSettings,
} from '../db/entities/index.js';
