import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { LessonEntity, SchoolClassEntity, type Lesson } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { NotFoundError, parseInput, ValidationError } from '../errors.js';
import { appendEvent, inTransaction, type Db, type EventOptions } from '../unit-of-work.js';
import { assertMarksKept } from './rules.js';

const time = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'time must be HH:MM');

export const upsertLessonInput = z.object({
  schoolId: z.number().int().positive(),
  classId: z.number().int().positive(),
  subgroupId: z.number().int().positive().nullish(),
  subjectId: z.number().int().positive(),
  teacherId: z.number().int().positive(),
  substituteTeacherId: z.number().int().positive().nullish(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  slot: z.number().int().min(0).max(12),
  startsAt: time,
  endsAt: time,
  room: z.string().max(50).nullish(),
  topic: z.string().max(500).nullish(),
  cancelled: z.boolean().default(false),
  lessonId: z.number().int().positive().optional(),
  externalId: z.string().min(1).max(200).nullish(),
});
export type UpsertLessonInput = z.input<typeof upsertLessonInput>;

/** The fields whose change families hear about (substitution, cancellation, moves). */
const NOTIFIED: (keyof Lesson)[] = [
  'substituteTeacherId',
  'cancelled',
  'date',
  'slot',
  'startsAt',
  'room',
  'subjectId',
];

const hhmm = (t: string) => (t.length === 5 ? `${t}:00` : t);

/**
 * Creates or updates a timetable lesson (by id or external id). A change to a
 * lesson's teacher, time, room or cancellation writes `lesson.changed`.
 */
export function upsertLesson(
  db: Db,
  input: UpsertLessonInput,
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ lesson: Lesson; outcome: 'created' | 'changed' | 'unchanged' }> {
  return inTransaction(db, (em) => upsertLessonIn(em, input, actor, opts));
}

/** `upsertLesson` inside the caller's transaction (a timetable import writes one file in one transaction). */
export async function upsertLessonIn(
  em: EntityManager,
  input: UpsertLessonInput,
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ lesson: Lesson; outcome: 'created' | 'changed' | 'unchanged' }> {
  const i = parseInput(upsertLessonInput, input);
  const fields = {
    classId: i.classId,
    subgroupId: i.subgroupId ?? null,
    subjectId: i.subjectId,
    teacherId: i.teacherId,
    substituteTeacherId: i.substituteTeacherId ?? null,
    date: i.date,
    slot: i.slot,
    startsAt: hhmm(i.startsAt),
    endsAt: hhmm(i.endsAt),
    room: i.room ?? null,
    cancelled: i.cancelled,
    ...(i.topic !== undefined ? { topic: i.topic ?? null } : {}),
  };
  const where = i.lessonId
    ? { id: i.lessonId, schoolId: i.schoolId }
    : i.externalId
      ? { schoolId: i.schoolId, externalId: i.externalId }
      : null;
  const existing = where ? await em.findOne(LessonEntity, { where, lock: { mode: 'pessimistic_write' } }) : null;
  if (i.lessonId && !existing) throw new NotFoundError('lesson', i.lessonId);
  const by = actorKey(actor);
  if (!existing) {
    const ins = await em.insert(LessonEntity, {
      schoolId: i.schoolId,
      ...fields,
      externalId: i.externalId ?? null,
      updatedBy: by,
    });
    const lesson = await em.findOneByOrFail(LessonEntity, { id: ins.identifiers[0].id as number });
    return { lesson, outcome: 'created' as const };
  }
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => existing[k] !== fields[k]);
  if (!changed.length) return { lesson: existing, outcome: 'unchanged' as const };
  await em.update(LessonEntity, { id: existing.id }, { ...fields, updatedBy: by });
  const lesson = await em.findOneByOrFail(LessonEntity, { id: existing.id });
  const notified = changed.filter((k) => NOTIFIED.includes(k));
  if (notified.length)
    await appendEvent(
      em,
      i.schoolId,
      'lesson.changed',
      {
        lessonId: lesson.id,
        classId: lesson.classId,
        subgroupId: lesson.subgroupId,
        date: lesson.date,
        changes: Object.fromEntries(notified.map((k) => [k, { from: existing[k], to: lesson[k] }])),
      },
      opts,
    );
  return { lesson, outcome: 'changed' as const };
}

/**
 * Sets or changes a lesson's homework (not in grade 1) and writes `homework.set`. `setAt` is when the
 * teacher set it (the caller's clock, or the e-journal's change time): the control panel compares it
 * with the deadline.
 */
export async function setHomework(
  db: Db,
  input: { schoolId: number; lessonId: number; homework: string | null; setAt: Date },
  actor: Actor,
  opts: EventOptions = {},
): Promise<Lesson> {
  const text = input.homework?.trim() || null;
  if (text && text.length > 4000) throw new ValidationError('homework is longer than 4000 characters');
  return inTransaction(db, async (em) => {
    const lesson = await em.findOne(LessonEntity, {
      where: { id: input.lessonId, schoolId: input.schoolId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!lesson) throw new NotFoundError('lesson', input.lessonId);
    const schoolClass = await em.findOneByOrFail(SchoolClassEntity, { id: lesson.classId });
    assertMarksKept(schoolClass.grade);
    if (lesson.homework === text) return lesson;
    await em.update(
      LessonEntity,
      { id: lesson.id },
      { homework: text, homeworkSetAt: input.setAt, updatedBy: actorKey(actor) },
    );
    await appendEvent(
      em,
      input.schoolId,
      'homework.set',
      {
        lessonId: lesson.id,
        classId: lesson.classId,
        subgroupId: lesson.subgroupId,
        subjectId: lesson.subjectId,
        date: lesson.date,
        changed: lesson.homework !== null,
      },
      opts,
    );
    return em.findOneByOrFail(LessonEntity, { id: lesson.id });
  });
}

/** Sets what a lesson covered (its topic); no notification. */
export async function setLessonTopic(
  db: Db,
  input: { schoolId: number; lessonId: number; topic: string | null },
  actor: Actor,
): Promise<void> {
  const topic = input.topic?.trim() || null;
  if (topic && topic.length > 500) throw new ValidationError('topic is longer than 500 characters');
  await inTransaction(db, async (em) => {
    const res = await em.update(
      LessonEntity,
      { id: input.lessonId, schoolId: input.schoolId },
      { topic, updatedBy: actorKey(actor) },
    );
    if (!res.affected) throw new NotFoundError('lesson', input.lessonId);
  });
}
