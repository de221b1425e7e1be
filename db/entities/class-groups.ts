import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, bool, ts, createdAt, updatedAt, json, messenger, type Messenger } from './columns.js';

/**
 * The class's Telegram group (glossary: classGroup), linked by its class teacher with a one-time code.
 * One active group per class and one class per group (partial unique indices); an unlinked row stays as
 * history. `inactiveReason` is set when the bot was removed or lost the right to send (my_chat_member or a
 * 403 on a send): nothing more goes there until the class teacher links it again. What the group gets is
 * switched per row; `answers` holds the last answer to `/homework` and `/schedule` (time and message id),
 * for the per-group rate limit and its pointer.
 */
export interface ClassGroupAnswer {
  at: string;
  messageId: number;
}
export interface ClassGroup {
  id: number;
  schoolId: number;
  classId: number;
  /** Telegram's group or MAX's group chat. */
  messenger: Messenger;
  chatId: string;
  title: string;
  /** The bot's username at linking time: the group's deep links to the private chat use it. */
  botUsername: string;
  linkedByStaffId: number | null;
  linkedAt: Date;
  unlinkedAt: Date | null;
  inactiveReason: string | null;
  mirrorAnnouncements: boolean;
  eveningPost: boolean;
  onRequest: boolean;
  answers: Partial<Record<'homework' | 'schedule', ClassGroupAnswer>> | null;
  updatedAt: Date;
}
export const ClassGroupEntity = new EntitySchema<ClassGroup>({
  name: 'ClassGroup',
  tableName: 'class_group',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_class_group_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_class_group_classId', 'CASCADE')),
    messenger: messenger(),
    chatId: { type: 'bigint' },
    title: text(),
    botUsername: text(),
    linkedByStaffId: ref(true, fk('Staff', 'fk_class_group_linkedByStaffId', 'SET NULL')),
    linkedAt: ts(),
    unlinkedAt: ts(true),
    inactiveReason: text(true),
    mirrorAnnouncements: bool(true),
    eveningPost: bool(true),
    onRequest: bool(true),
    answers: json(true),
    updatedAt: updatedAt(),
  },
  indices: [
    { name: 'uq_class_group_class', columns: ['classId'], unique: true, where: '"unlinkedAt" IS NULL' },
    {
      name: 'uq_class_group_chat',
      columns: ['messenger', 'chatId'],
      unique: true,
      where: '"unlinkedAt" IS NULL',
    },
  ],
});

/** A one-time code that links a group to a class: its keyed hash only, single-use, for one hour. */
export interface ClassGroupCode {
  id: number;
  schoolId: number;
  classId: number;
  staffId: number;
  codeHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}
export const ClassGroupCodeEntity = new EntitySchema<ClassGroupCode>({
  name: 'ClassGroupCode',
  tableName: 'class_group_code',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_class_group_code_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_class_group_code_classId', 'CASCADE')),
    staffId: ref(false, fk('Staff', 'fk_class_group_code_staffId', 'CASCADE')),
    codeHash: text(),
    expiresAt: ts(),
    usedAt: ts(true),
    createdAt: createdAt(),
  },
  indices: [{ name: 'uq_class_group_code_hash', columns: ['codeHash'], unique: true }],
});

/** A student's tick on a homework task (glossary: homeworkDone): the student's own; never the journal's. */
export interface HomeworkDone {
  studentId: number;
  lessonId: number;
  doneAt: Date;
}
export const HomeworkDoneEntity = new EntitySchema<HomeworkDone>({
  name: 'HomeworkDone',
  tableName: 'homework_done',
  columns: {
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_homework_done_studentId', 'CASCADE') },
    lessonId: { type: 'int', primary: true, foreignKey: fk('Lesson', 'fk_homework_done_lessonId', 'CASCADE') },
    doneAt: ts(),
  },
});

/** The student's reminder of tomorrow's unticked homework: the time they chose on the school's clock. */
export interface ChecklistReminder {
  studentId: number;
  time: string;
  updatedAt: Date;
}
export const ChecklistReminderEntity = new EntitySchema<ChecklistReminder>({
  name: 'ChecklistReminder',
  tableName: 'checklist_reminder',
  columns: {
    studentId: {
      type: 'int',
      primary: true,
      foreignKey: fk('Student', 'fk_checklist_reminder_studentId', 'CASCADE'),
    },
    time: text(),
    updatedAt: updatedAt(),
  },
  checks: [{ name: 'ck_checklist_reminder_time', expression: `"time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'` }],
});

export const classGroupEntities = [ClassGroupEntity, ClassGroupCodeEntity, HomeworkDoneEntity, ChecklistReminderEntity];
