import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, ts, createdAt, updatedAt, json } from './columns.js';

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
  /** The chat update that wrote it (bot/update-source.ts): a re-handled copy of that update writes nothing new. */
  sourceKey: string | null;
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
    sourceKey: text(true),
  },
  indices: [
    { name: 'ix_thread_message_thread', columns: ['threadId', 'id'] },
    { name: 'uq_thread_message_source', columns: ['sourceKey'], unique: true, where: '"sourceKey" IS NOT NULL' },
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

export const threadEntities = [ThreadEntity, ThreadMessageEntity, OfficeHoursEntity];
