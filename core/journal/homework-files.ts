import { z } from 'zod';
import { HomeworkAttachmentEntity, LessonEntity, SchoolClassEntity } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { NotFoundError, parseInput } from '../errors.js';
import { appendEvent, inTransaction, type Db, type EventOptions } from '../unit-of-work.js';
import { assertMarksKept } from './rules.js';

/** Telegram bots may upload files of up to 50 MB; homework files are kept well under that. */
export const MAX_HOMEWORK_FILE_BYTES = 20 * 1024 * 1024;

export const attachHomeworkFileInput = z.object({
  schoolId: z.number().int().positive(),
  lessonId: z.number().int().positive(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((n) => !/[\\/]/.test(n) && ![...n].some((c) => c.charCodeAt(0) < 0x20), 'must be a plain file name'),
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type'),
  content: z
    .instanceof(Buffer)
    .refine((b) => b.length > 0 && b.length <= MAX_HOMEWORK_FILE_BYTES, 'must be 1 byte to 20 MB'),
});
export type AttachHomeworkFileInput = z.input<typeof attachHomeworkFileInput>;

/**
 * Attaches a file to a lesson's homework (not in grade 1). Families get the
 * file itself from the diary. Writes `homework.set` with the attachment, in
 * the same transaction.
 */
export async function attachHomeworkFile(
  db: Db,
  input: AttachHomeworkFileInput,
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ attachmentId: number }> {
  const i = parseInput(attachHomeworkFileInput, input);
  return inTransaction(db, async (em) => {
    const lesson = await em.findOneBy(LessonEntity, { id: i.lessonId, schoolId: i.schoolId });
    if (!lesson) throw new NotFoundError('lesson', i.lessonId);
    const schoolClass = await em.findOneByOrFail(SchoolClassEntity, { id: lesson.classId });
    assertMarksKept(schoolClass.grade);
    const ins = await em.insert(HomeworkAttachmentEntity, {
      schoolId: i.schoolId,
      lessonId: i.lessonId,
      fileName: i.fileName,
      mimeType: i.mimeType,
      size: i.content.length,
      content: i.content,
      createdBy: actorKey(actor),
    });
    const attachmentId = ins.identifiers[0].id as number;
    await appendEvent(
      em,
      i.schoolId,
      'homework.set',
      {
        lessonId: lesson.id,
        classId: lesson.classId,
        subgroupId: lesson.subgroupId,
        subjectId: lesson.subjectId,
        date: lesson.date,
        changed: true,
        attachmentId,
      },
      opts,
    );
    return { attachmentId };
  });
}
