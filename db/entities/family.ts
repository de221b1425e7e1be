import { EntitySchema } from 'typeorm';
import { id, ref, text, bool, date, ts, createdAt, updatedAt, json, fk } from './columns.js';

/**
 * School ↔ family (issue 8): absence reports, threads with teachers,
 * consultations, reports of errors in the journal, announcements with read
 * receipts, and how often families open the diary. A family side is an
 * account (its hash) acting for one child; staff are rows of `staff`.
 */

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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indices: [
    { name: 'ix_absence_report_student', columns: ['studentId', 'fromDate'] },
    { name: 'ix_absence_report_open', columns: ['schoolId', 'status'] },
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

/** A family account ↔ one staff member about one child (seed 000 §1.13: asked in the journal, answered in it). */
export interface Thread {
  id: number;
  schoolId: number;
  studentId: number;
  staffId: number;
  accountHash: string;
  familyRole: 'guardian' | 'student';
  createdAt: Date;
  lastMessageAt: Date;
}
export const ThreadEntity = new EntitySchema<Thread>({
  name: 'Thread',
  tableName: 'thread',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_thread_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_thread_studentId', 'CASCADE')),
    staffId: ref(false, fk('Staff', 'fk_thread_staffId', 'CASCADE')),
    accountHash: text(),
    familyRole: text(),
    createdAt: createdAt(),
    lastMessageAt: { type: 'timestamptz', default: () => 'now()' },
  },
  indices: [
    { name: 'uq_thread_sides', columns: ['studentId', 'staffId', 'accountHash'], unique: true },
    { name: 'ix_thread_staff', columns: ['staffId', 'lastMessageAt'] },
    { name: 'ix_thread_account', columns: ['accountHash', 'lastMessageAt'] },
  ],
  checks: [{ name: 'ck_thread_family_role', expression: `"familyRole" IN ('guardian','student')` }],
});

export interface ThreadMessage {
  id: number;
  threadId: number;
  side: 'family' | 'staff';
  text: string | null;
  fileId: string | null;
  fileKind: 'photo' | 'document' | null;
  createdAt: Date;
  deliverAt: Date;
  readAt: Date | null;
}
export const ThreadMessageEntity = new EntitySchema<ThreadMessage>({
  name: 'ThreadMessage',
  tableName: 'thread_message',
  columns: {
    id: id(),
    threadId: ref(false, fk('Thread', 'fk_thread_message_threadId', 'CASCADE')),
    side: text(),
    text: text(true),
    fileId: text(true),
    fileKind: text(true),
    createdAt: createdAt(),
    deliverAt: { type: 'timestamptz', default: () => 'now()' },
    readAt: ts(true),
  },
  indices: [
    { name: 'ix_thread_message_thread', columns: ['threadId', 'id'] },
    { name: 'ix_thread_message_unread', columns: ['threadId'], where: '"readAt" IS NULL' },
  ],
  checks: [
    { name: 'ck_thread_message_side', expression: `"side" IN ('family','staff')` },
    { name: 'ck_thread_message_body', expression: `"text" IS NOT NULL OR "fileId" IS NOT NULL` },
  ],
});

/** When a staff member answers families: weekdays (1 = Monday) and a span on the school's clock. */
export interface OfficeHours {
  staffId: number;
  days: number[];
  fromTime: string;
  toTime: string;
  updatedAt: Date;
}
export const OfficeHoursEntity = new EntitySchema<OfficeHours>({
  name: 'OfficeHours',
  tableName: 'office_hours',
  columns: {
    staffId: { type: 'int', primary: true, foreignKey: fk('Staff', 'fk_office_hours_staffId', 'CASCADE') },
    days: json(),
    fromTime: text(),
    toTime: text(),
    updatedAt: updatedAt(),
  },
});

/** An individual consultation asked by a parent (seed 000 §3.9). */
export type ConsultationStatus = 'pending' | 'accepted' | 'countered' | 'declined';
export interface Consultation {
  id: number;
  schoolId: number;
  studentId: number;
  staffId: number;
  accountHash: string;
  proposals: string[];
  comment: string | null;
  status: ConsultationStatus;
  slotAt: Date | null;
  staffComment: string | null;
  remindedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
export const ConsultationEntity = new EntitySchema<Consultation>({
  name: 'Consultation',
  tableName: 'consultation',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_consultation_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_consultation_studentId', 'CASCADE')),
    staffId: ref(false, fk('Staff', 'fk_consultation_staffId', 'CASCADE')),
    accountHash: text(),
    proposals: json(),
    comment: text(true),
    status: { type: 'text', default: 'pending' },
    slotAt: ts(true),
    staffComment: text(true),
    remindedAt: ts(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indices: [
    { name: 'ix_consultation_staff', columns: ['staffId', 'status'] },
    { name: 'ix_consultation_slot', columns: ['slotAt'], where: `"status" = 'accepted'` },
  ],
  checks: [{ name: 'ck_consultation_status', expression: `"status" IN ('pending','accepted','countered','declined')` }],
});

/** A family's report of wrong data in the journal; to be answered within one day (seed 000 §3.7). */
export type CorrectionStatus = 'open' | 'corrected' | 'confirmed';
export interface CorrectionRequest {
  id: number;
  schoolId: number;
  studentId: number;
  accountHash: string;
  entityType: 'mark' | 'attendance' | 'homework';
  entityId: number;
  teacherId: number | null;
  comment: string;
  snapshot: Record<string, unknown>;
  status: CorrectionStatus;
  dueAt: Date;
  escalatedAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  answer: string | null;
  createdAt: Date;
}
export const CorrectionRequestEntity = new EntitySchema<CorrectionRequest>({
  name: 'CorrectionRequest',
  tableName: 'correction_request',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_correction_request_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_correction_request_studentId', 'CASCADE')),
    accountHash: text(),
    entityType: text(),
    entityId: { type: 'int' },
    teacherId: ref(true, fk('Staff', 'fk_correction_request_teacherId', 'SET NULL')),
    comment: text(),
    snapshot: json(),
    status: { type: 'text', default: 'open' },
    dueAt: ts(),
    escalatedAt: ts(true),
    resolvedAt: ts(true),
    resolvedBy: text(true),
    answer: text(true),
    createdAt: createdAt(),
  },
  indices: [
    { name: 'ix_correction_request_open', columns: ['dueAt'], where: `"status" = 'open'` },
    { name: 'ix_correction_request_student', columns: ['studentId'] },
  ],
  checks: [
    { name: 'ck_correction_request_status', expression: `"status" IN ('open','corrected','confirmed')` },
    { name: 'ck_correction_request_entity', expression: `"entityType" IN ('mark','attendance','homework')` },
  ],
});

/** A class, grade or school message to families, with «Ознакомлен» receipts. */
export type AnnouncementStatus = 'scheduled' | 'sent' | 'cancelled';
export interface Announcement {
  id: number;
  schoolId: number;
  authorStaffId: number | null;
  scope: 'class' | 'grade' | 'school';
  classId: number | null;
  grade: number | null;
  text: string;
  fileId: string | null;
  fileKind: 'photo' | 'document' | null;
  urgent: boolean;
  status: AnnouncementStatus;
  sendAt: Date;
  sentAt: Date | null;
  cancelledAt: Date | null;
  remindedAt: Date | null;
  createdAt: Date;
}
export const AnnouncementEntity = new EntitySchema<Announcement>({
  name: 'Announcement',
  tableName: 'announcement',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_announcement_schoolId', 'CASCADE')),
    authorStaffId: ref(true, fk('Staff', 'fk_announcement_authorStaffId', 'SET NULL')),
    scope: text(),
    classId: ref(true, fk('SchoolClass', 'fk_announcement_classId', 'CASCADE')),
    grade: { type: 'int', nullable: true },
    text: text(),
    fileId: text(true),
    fileKind: text(true),
    urgent: bool(false),
    status: { type: 'text', default: 'scheduled' },
    sendAt: ts(),
    sentAt: ts(true),
    cancelledAt: ts(true),
    remindedAt: ts(true),
    createdAt: createdAt(),
  },
  indices: [{ name: 'ix_announcement_author', columns: ['authorStaffId', 'createdAt'] }],
  checks: [
    { name: 'ck_announcement_scope', expression: `"scope" IN ('class','grade','school')` },
    { name: 'ck_announcement_status', expression: `"status" IN ('scheduled','sent','cancelled')` },
  ],
});

/**
 * One family chat an announcement went to; `acknowledgedAt` is its «Ознакомлен».
 */
export interface AnnouncementRecipient {
  announcementId: number;
  linkId: number;
  studentId: number;
  chatId: string;
  acknowledgedAt: Date | null;
  remindedAt: Date | null;
  createdAt: Date;
}
export const AnnouncementRecipientEntity = new EntitySchema<AnnouncementRecipient>({
  name: 'AnnouncementRecipient',
  tableName: 'announcement_recipient',
  columns: {
    announcementId: {
      type: 'int',
      primary: true,
      foreignKey: fk('Announcement', 'fk_announcement_recipient_announcementId', 'CASCADE'),
    },
    linkId: { type: 'int', primary: true, foreignKey: fk('Link', 'fk_announcement_recipient_linkId', 'CASCADE') },
    studentId: ref(false, fk('Student', 'fk_announcement_recipient_studentId', 'CASCADE')),
    chatId: { type: 'bigint' },
    acknowledgedAt: ts(true),
    remindedAt: ts(true),
    createdAt: createdAt(),
  },
  indices: [{ name: 'ix_announcement_recipient_student', columns: ['studentId'] }],
});

/** Diary visits per account, child and day (seed 000 §3.5: class teachers track how regularly parents look). */
export interface DiaryVisit {
  accountHash: string;
  studentId: number;
  day: string;
  visits: number;
  lastAt: Date;
}
export const DiaryVisitEntity = new EntitySchema<DiaryVisit>({
  name: 'DiaryVisit',
  tableName: 'diary_visit',
  columns: {
    accountHash: { type: 'text', primary: true },
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_diary_visit_studentId', 'CASCADE') },
    day: { type: 'date', primary: true },
    visits: { type: 'int', default: 1 },
    lastAt: ts(),
  },
});

export const familyEntities = [
  AbsenceReportEntity,
  ThreadEntity,
  ThreadMessageEntity,
  OfficeHoursEntity,
  ConsultationEntity,
  CorrectionRequestEntity,
  AnnouncementEntity,
  AnnouncementRecipientEntity,
  DiaryVisitEntity,
];
