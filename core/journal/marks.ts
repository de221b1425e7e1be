import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { MarkEntity, MarkHistoryEntity, MARK_VALUES, type Mark, type MarkValue } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { DomainError, NotFoundError, parseInput } from '../errors.js';
import { appendEvent, inTransaction, type Db, type EventOptions } from '../unit-of-work.js';
import { assertMarksKept } from './rules.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

export const setMarkInput = z.object({
  schoolId: z.number().int().positive(),
  studentId: z.number().int().positive(),
  subjectId: z.number().int().positive(),
  workKindId: z.number().int().positive(),
  lessonId: z.number().int().positive().nullish(),
  teacherId: z.number().int().positive().nullish(),
  date: isoDate,
  value: z.enum(MARK_VALUES as [MarkValue, ...MarkValue[]]),
  comment: z.string().max(1000).nullish(),
  /** Update this mark (by our id)… */
  markId: z.number().int().positive().optional(),
  /** …or the mark with this id in the school's e-journal (upsert). */
  externalId: z.string().min(1).max(200).nullish(),
});
export type SetMarkInput = z.input<typeof setMarkInput>;

export type MarkResult = { mark: Mark; outcome: 'created' | 'changed' | 'unchanged' };

async function findExisting(em: EntityManager, i: z.infer<typeof setMarkInput>): Promise<Mark | null> {
  if (i.markId) {
    const m = await em.findOne(MarkEntity, { where: { id: i.markId }, lock: { mode: 'pessimistic_write' } });
    if (!m || m.schoolId !== i.schoolId) throw new NotFoundError('mark', i.markId);
    return m;
  }
  if (i.externalId)
    return em.findOne(MarkEntity, {
      where: { schoolId: i.schoolId, externalId: i.externalId },
      lock: { mode: 'pessimistic_write' },
    });
  return null;
}

type MarkFields = Pick<
  Mark,
  'studentId' | 'subjectId' | 'workKindId' | 'lessonId' | 'teacherId' | 'date' | 'value' | 'comment'
>;
type ParsedMark = z.infer<typeof setMarkInput>;

const markFields = (i: ParsedMark): MarkFields => ({
  studentId: i.studentId,
  subjectId: i.subjectId,
  workKindId: i.workKindId,
  lessonId: i.lessonId ?? null,
  teacherId: i.teacherId ?? null,
  date: i.date,
  value: i.value,
  comment: i.comment ?? null,
});

/**
 * The student must be of the school and their grade must keep marks; the work kind must be the school's.
 * One round trip: it runs for every mark a school's feed brings.
 */
async function checkMarkTarget(em: EntityManager, i: ParsedMark): Promise<void> {
  const [row]: { schoolId: number; grade: number; kind: boolean }[] = await em.query(
    `SELECT s."schoolId", c.grade,
            EXISTS (SELECT 1 FROM work_kind w WHERE w.id = $2 AND w."schoolId" = $3) AS kind
       FROM student s JOIN school_class c ON c.id = s."classId" WHERE s.id = $1`,
    [i.studentId, i.workKindId, i.schoolId],
  );
  if (!row || row.schoolId !== i.schoolId) throw new NotFoundError('student', i.studentId);
  assertMarksKept(row.grade);
  if (!row.kind) throw new NotFoundError('workKind', i.workKindId);
}

/** Changes a live mark: a new version, its history row and `mark.changed`. */
async function changeMark(
  em: EntityManager,
  i: ParsedMark,
  existing: Mark,
  fields: MarkFields,
  by: string,
  opts: EventOptions,
): Promise<MarkResult> {
  if (existing.studentId !== i.studentId) throw new DomainError('invalid', 'a mark cannot move to another student');
  await em.update(MarkEntity, { id: existing.id }, { ...fields, version: existing.version + 1, updatedBy: by });
  await em.insert(MarkHistoryEntity, {
    markId: existing.id,
    action: 'changed',
    oldValue: existing.value,
    newValue: i.value,
    oldComment: existing.comment,
    newComment: fields.comment,
    actor: by,
  });
  const mark = await em.findOneByOrFail(MarkEntity, { id: existing.id });
  await appendEvent(
    em,
    i.schoolId,
    'mark.changed',
    {
      markId: mark.id,
      studentId: mark.studentId,
      subjectId: mark.subjectId,
      date: mark.date,
      value: mark.value,
      oldValue: existing.value,
      workKindId: mark.workKindId,
    },
    opts,
  );
  return { mark, outcome: 'changed' as const };
}

/** Creates a mark (or brings a deleted one back): its history row and `mark.set`. */
async function createMark(
  em: EntityManager,
  i: ParsedMark,
  existing: Mark | null,
  fields: MarkFields,
  by: string,
  opts: EventOptions,
): Promise<MarkResult> {
  let mark: Mark;
  if (existing) {
    // A deleted mark set again under the same external id comes back to life.
    await em.update(
      MarkEntity,
      { id: existing.id },
      { ...fields, deleted: false, version: existing.version + 1, updatedBy: by },
    );
    mark = await em.findOneByOrFail(MarkEntity, { id: existing.id });
  } else {
    const values = { schoolId: i.schoolId, ...fields, externalId: i.externalId ?? null, updatedBy: by };
    const ins = await em.insert(MarkEntity, values);
    // The row as written: what we gave and what the database filled in (id, version, deleted, times), returned by the insert.
    mark = {
      ...values,
      ...(ins.generatedMaps[0] as Pick<Mark, 'id' | 'deleted' | 'version' | 'createdAt' | 'updatedAt'>),
    };
  }
  await em.insert(MarkHistoryEntity, {
    markId: mark.id,
    action: 'created',
    oldValue: null,
    newValue: mark.value,
    oldComment: null,
    newComment: mark.comment,
    actor: by,
  });
  await appendEvent(
    em,
    i.schoolId,
    'mark.set',
    {
      markId: mark.id,
      studentId: mark.studentId,
      subjectId: mark.subjectId,
      date: mark.date,
      value: mark.value,
      workKindId: mark.workKindId,
    },
    opts,
  );
  return { mark, outcome: 'created' as const };
}

/**
 * Sets a mark, or changes it if it exists (by id or external id). Keeps every
 * change in mark_history and writes `mark.set` / `mark.changed` to the outbox,
 * all in one transaction. Writing the same values again changes nothing.
 */
export async function setMark(db: Db, input: SetMarkInput, actor: Actor, opts: EventOptions = {}): Promise<MarkResult> {
  const i = parseInput(setMarkInput, input);
  return inTransaction(db, async (em) => {
    await checkMarkTarget(em, i);
    const by = actorKey(actor);
    const existing = await findExisting(em, i);
    const fields = markFields(i);
    if (existing && !existing.deleted) {
      const same = (Object.keys(fields) as (keyof typeof fields)[]).every((k) => existing[k] === fields[k]);
      if (same) return { mark: existing, outcome: 'unchanged' as const };
      return changeMark(em, i, existing, fields, by, opts);
    }
    return createMark(em, i, existing, fields, by, opts);
  });
}

/** Deletes a mark (kept as deleted, with its history) and writes `mark.deleted`. */
export async function deleteMark(
  db: Db,
  ref: { schoolId: number; markId?: number; externalId?: string },
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ outcome: 'deleted' | 'unchanged' }> {
  return inTransaction(db, async (em) => {
    const where = ref.markId
      ? { id: ref.markId, schoolId: ref.schoolId }
      : { externalId: ref.externalId, schoolId: ref.schoolId };
    const mark = await em.findOne(MarkEntity, { where, lock: { mode: 'pessimistic_write' } });
    if (!mark) throw new NotFoundError('mark', ref.markId ?? ref.externalId ?? '?');
    if (mark.deleted) return { outcome: 'unchanged' as const };
    const by = actorKey(actor);
    await em.update(MarkEntity, { id: mark.id }, { deleted: true, version: mark.version + 1, updatedBy: by });
    await em.insert(MarkHistoryEntity, {
      markId: mark.id,
      action: 'deleted',
      oldValue: mark.value,
      newValue: null,
      oldComment: mark.comment,
      newComment: null,
      actor: by,
    });
    await appendEvent(
      em,
      ref.schoolId,
      'mark.deleted',
      {
        markId: mark.id,
        studentId: mark.studentId,
        subjectId: mark.subjectId,
        date: mark.date,
        oldValue: mark.value,
      },
      opts,
    );
    return { outcome: 'deleted' as const };
  });
}
