import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, date, ts, createdAt, updatedAt, json } from './columns.js';

/** A parent's notice of an absence for a valid reason (seed 000 §3.9), decided by the class teacher. */
export type AbsenceReportStatus = 'pending' | 'accepted' | 'rejected';
export type AbsenceReportReason = 'illness' | 'family' | 'other';
export interface AbsenceReport {
  id: number;
  schoolId: number;
  studentId: number;
  accountHash: string;
  guardianId: number | null;
  fromDate: string;
  toDate: string;
  lessonIds: number[] | null;
  reason: AbsenceReportReason;
  reasonText: string | null;
  certificateFileId: string | null;
  certificateKind: 'photo' | 'document' | null;
  certificateAt: Date | null;
  status: AbsenceReportStatus;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  remindedAt: Date | null;
  /** The chat update that filed it (bot/update-source.ts): a re-handled copy of that update files nothing new. */
  sourceKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}
export const AbsenceReportEntity = new EntitySchema<AbsenceReport>({
  name: 'AbsenceReport',
  tableName: 'absence_report',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_absence_report_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_absence_report_studentId', 'CASCADE')),
    accountHash: text(),
    guardianId: ref(true, fk('Guardian', 'fk_absence_report_guardianId', 'SET NULL')),
    fromDate: date(),
    toDate: date(),
    lessonIds: json(true),
    reason: text(),
    reasonText: text(true),
    certificateFileId: text(true),
    certificateKind: text(true),
    certificateAt: ts(true),
    status: { type: 'text', default: 'pending' },
    decidedBy: ref(true, fk('Staff', 'fk_absence_report_decidedBy', 'SET NULL')),
    decidedAt: ts(true),
    decisionComment: text(true),
    remindedAt: ts(true),
    sourceKey: text(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indices: [
    { name: 'ix_absence_report_student', columns: ['studentId', 'fromDate'] },
    { name: 'ix_absence_report_open', columns: ['schoolId', 'status'] },
    { name: 'uq_absence_report_source', columns: ['sourceKey'], unique: true, where: '"sourceKey" IS NOT NULL' },
  ],
  checks: [
    { name: 'ck_absence_report_status', expression: `"status" IN ('pending','accepted','rejected')` },
    { name: 'ck_absence_report_reason', expression: `"reason" IN ('illness','family','other')` },
    { name: 'ck_absence_report_dates', expression: `"fromDate" <= "toDate"` },
    {
      name: 'ck_absence_report_certificate',
      expression: `"certificateKind" IS NULL OR "certificateKind" IN ('photo','document')`,
    },
  ],
});

export const absenceReportEntities = [AbsenceReportEntity];
