import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, bool, ts, createdAt } from './columns.js';

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

export const announcementEntities = [AnnouncementEntity, AnnouncementRecipientEntity];
