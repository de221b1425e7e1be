import { z } from 'zod';
import { AttendanceEntity, LessonEntity, StudentEntity, type Attendance } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { DomainError, NotFoundError, parseInput } from '../errors.js';
import { appendEvent, inTransaction, type Db, type EventOptions } from '../unit-of-work.js';

export const recordAttendanceInput = z.object({
  schoolId: z.number().int().positive(),
  studentId: z.number().int().positive(),
  lessonId: z.number().int().positive(),
  /** `present` removes an absence or lateness recorded by mistake. */
  status: z.enum(['absent', 'late', 'present']),
  reason: z.enum(['illness', 'excused', 'unexcused', 'unknown']).default('unknown'),
  comment: z.string().max(1000).nullish(),
  externalId: z.string().min(1).max(200).nullish(),
});
export type RecordAttendanceInput = z.input<typeof recordAttendanceInput>;

/**
 * Records an absence or lateness for one lesson (one row per student and
 * lesson), or clears it. A new or changed absence writes `absence.recorded`.
 */
export async function recordAttendance(
  db: Db,
  input: RecordAttendanceInput,
  actor: Actor,
  opts: EventOptions = {},
): Promise<{ attendance: Attendance | null; outcome: 'created' | 'changed' | 'cleared' | 'unchanged' }> {
  const i = parseInput(recordAttendanceInput, input);
  return inTransaction(db, async (em) => {
    const lesson = await em.findOneBy(LessonEntity, { id: i.lessonId, schoolId: i.schoolId });
    if (!lesson) throw new NotFoundError('lesson', i.lessonId);
    const student = await em.findOneBy(StudentEntity, { id: i.studentId, schoolId: i.schoolId });
    if (!student) throw new NotFoundError('student', i.studentId);
    if (student.classId !== lesson.classId)
      throw new DomainError('invalid', "the student is not in the lesson's class");
    const existing = await em.findOne(AttendanceEntity, {
      where: { studentId: i.studentId, lessonId: i.lessonId },
      lock: { mode: 'pessimistic_write' },
    });
    const by = actorKey(actor);
    if (i.status === 'present') {
      if (!existing) return { attendance: null, outcome: 'unchanged' as const };
      await em.delete(AttendanceEntity, { id: existing.id });
      return { attendance: null, outcome: 'cleared' as const };
    }
    const fields = { status: i.status, reason: i.reason, comment: i.comment ?? null };
    if (
      existing &&
      existing.status === fields.status &&
      existing.reason === fields.reason &&
      existing.comment === fields.comment
    )
      return { attendance: existing, outcome: 'unchanged' as const };
    if (existing) await em.update(AttendanceEntity, { id: existing.id }, { ...fields, updatedBy: by });
    else
      await em.insert(AttendanceEntity, {
        schoolId: i.schoolId,
        studentId: i.studentId,
        lessonId: i.lessonId,
        ...fields,
        externalId: i.externalId ?? null,
        updatedBy: by,
      });
    const attendance = await em.findOneByOrFail(AttendanceEntity, { studentId: i.studentId, lessonId: i.lessonId });
    await appendEvent(
      em,
      i.schoolId,
      'absence.recorded',
      {
        attendanceId: attendance.id,
        studentId: i.studentId,
        lessonId: i.lessonId,
        subjectId: lesson.subjectId,
        date: lesson.date,
        status: attendance.status,
        reason: attendance.reason,
        previous: existing ? { status: existing.status, reason: existing.reason } : null,
      },
      opts,
    );
    return { attendance, outcome: existing ? ('changed' as const) : ('created' as const) };
  });
}
