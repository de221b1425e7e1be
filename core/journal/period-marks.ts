import { z } from 'zod';
import {
  MARK_VALUES,
  PeriodEntity,
  PeriodMarkEntity,
  type MarkValue,
  type PeriodMark,
} from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { NotFoundError, parseInput } from '../errors.js';
import { appendEvent, inTransaction, type Db, type EventOptions } from '../unit-of-work.js';
import { assertMarksKept, classOfStudent } from './rules.js';

export const setPeriodMarkInput = z.object({
  schoolId: z.number().int().positive(),
  studentId: z.number().int().positive(),
  subjectId: z.number().int().positive(),
  periodId: z.number().int().positive(),
  value: z.enum(MARK_VALUES as [MarkValue, ...MarkValue[]]),
  externalId: z.string().min(1).max(200).nullish(),
});
export type SetPeriodMarkInput = z.input<typeof setPeriodMarkInput>;

/** Sets the mark for a period (quarter, half-year, year), incl. «осв», «н/а», «зач»; writes `periodMark.set`. */
export async function setPeriodMark(
  db: Db,
  input: SetPeriodMarkInput,
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ periodMark: PeriodMark; outcome: 'created' | 'changed' | 'unchanged' }> {
  const i = parseInput(setPeriodMarkInput, input);
  return inTransaction(db, async (em) => {
    const { student, schoolClass } = await classOfStudent(em, i.studentId);
    if (student.schoolId !== i.schoolId) throw new NotFoundError('student', i.studentId);
    // Grade 1 may carry «безотм» only.
    if (i.value !== 'noMarks') assertMarksKept(schoolClass.grade);
    const period = await em.findOneBy(PeriodEntity, { id: i.periodId, schoolId: i.schoolId });
    if (!period) throw new NotFoundError('period', i.periodId);
    const existing = await em.findOne(PeriodMarkEntity, {
      where: { studentId: i.studentId, subjectId: i.subjectId, periodId: i.periodId },
      lock: { mode: 'pessimistic_write' },
    });
    if (existing?.value === i.value) return { periodMark: existing, outcome: 'unchanged' as const };
    const by = actorKey(actor);
    if (existing) await em.update(PeriodMarkEntity, { id: existing.id }, { value: i.value, updatedBy: by });
    else
      await em.insert(PeriodMarkEntity, {
        schoolId: i.schoolId,
        studentId: i.studentId,
        subjectId: i.subjectId,
        periodId: i.periodId,
        value: i.value,
        externalId: i.externalId ?? null,
        updatedBy: by,
      });
    const periodMark = await em.findOneByOrFail(PeriodMarkEntity, {
      studentId: i.studentId,
      subjectId: i.subjectId,
      periodId: i.periodId,
    });
    await appendEvent(
      em,
      i.schoolId,
      'periodMark.set',
      {
        periodMarkId: periodMark.id,
        studentId: i.studentId,
        subjectId: i.subjectId,
        periodId: i.periodId,
        value: i.value,
        oldValue: existing?.value ?? null,
      },
      opts,
    );
    return { periodMark, outcome: existing ? ('changed' as const) : ('created' as const) };
  });
}

/**
 * Removes a period mark; writes `periodMark.deleted` (with its value, for the record) the way setPeriodMark writes
 * `periodMark.set`. Used when the school's e-journal refused the teacher's entry that had created the mark.
 */
export async function removePeriodMark(
  db: Db,
  ref: { schoolId: number; periodMarkId: number },
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ outcome: 'deleted' | 'unchanged' }> {
  return inTransaction(db, async (em) => {
    const existing = await em.findOne(PeriodMarkEntity, {
      where: { id: ref.periodMarkId, schoolId: ref.schoolId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!existing) return { outcome: 'unchanged' as const };
    await em.delete(PeriodMarkEntity, { id: existing.id });
    await appendEvent(
      em,
      ref.schoolId,
      'periodMark.deleted',
      {
        periodMarkId: existing.id,
        studentId: existing.studentId,
        subjectId: existing.subjectId,
        periodId: existing.periodId,
        oldValue: existing.value,
        by: actorKey(actor),
      },
      opts,
    );
    return { outcome: 'deleted' as const };
  });
}
