import { EntitySchema } from 'typeorm';
import { id, ref, text, ts, createdAt, actor, fk } from './columns.js';

/**
 * What an account last saw of a child's marks, for «new since you last looked».
 * `seenAt` is the last look; marks changed after `newSince` are highlighted
 * (it moves to the previous look when something new arrived or a new visit began).
 */
export interface DiarySeen {
  accountHash: string;
  studentId: number;
  seenAt: Date;
  newSince: Date | null;
}
export const DiarySeenEntity = new EntitySchema<DiarySeen>({
  name: 'DiarySeen',
  tableName: 'diary_seen',
  columns: {
    accountHash: { type: 'text', primary: true, foreignKey: fk('Account', 'fk_diary_seen_accountHash', 'CASCADE') },
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_diary_seen_studentId', 'CASCADE') },
    seenAt: ts(),
    newSince: ts(true),
  },
});

/** A file attached to a lesson's homework; families get the file itself, sent by the bot. */
export interface HomeworkAttachment {
  id: number;
  schoolId: number;
  lessonId: number;
  fileName: string;
  mimeType: string;
  size: number;
  content: Buffer;
  /** Telegram's id of the file once sent, so later sends need no upload. */
  telegramFileId: string | null;
  createdBy: string;
  createdAt: Date;
}
export const HomeworkAttachmentEntity = new EntitySchema<HomeworkAttachment>({
  name: 'HomeworkAttachment',
  tableName: 'homework_attachment',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_homework_attachment_schoolId', 'CASCADE')),
    lessonId: ref(false, fk('Lesson', 'fk_homework_attachment_lessonId', 'CASCADE')),
    fileName: text(),
    mimeType: text(),
    size: { type: 'int' },
    content: { type: 'bytea' },
    telegramFileId: text(true),
    createdBy: actor(),
    createdAt: createdAt(),
  },
  indices: [{ name: 'ix_homework_attachment_lesson', columns: ['lessonId'] }],
  checks: [{ name: 'ck_homework_attachment_size', expression: '"size" >= 0' }],
});

export const diaryEntities = [DiarySeenEntity, HomeworkAttachmentEntity];
