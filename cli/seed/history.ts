import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { actorKey, type Actor } from '../../core/actor.js';
import {
  AttendanceEntity,
  LessonEntity,
  MarkEntity,
  MarkHistoryEntity,
  PeriodMarkEntity,
  type MarkValue,
} from '../../db/entities/index.js';
import { zonedInstant } from '../calendar.js';
import { demo } from './data.js';
import type { JournalPlan } from './journal-plan.js';
import type { DemoIds } from './structure.js';

const CHUNK = 1000;
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

async function insertChunked<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T>[],
  returning: string[],
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + CHUNK))
      .returning(returning)
      .updateEntity(false)
      .execute();
    out.push(...(res.raw as Record<string, unknown>[]));
  }
  return out;
}

/** What every history row needs: the ids, the seed's actor, the school's clock. */
interface HistoryContext {
  ids: DemoIds;
  by: string;
  endOf: (date: string, endsAt: string) => Date;
}

/** The whole term's lessons (topic and homework as entered before `bulkBefore`); ids by planned key. */
async function writeLessons(
  em: EntityManager,
  plan: JournalPlan,
  bulkBefore: string,
  { ids, by, endOf }: HistoryContext,
): Promise<Map<string, number>> {
  const lessonRows = plan.lessons.map(({ lesson: l, homework, homeworkMinutesAfter, topicWritten }) => {
    const withHomework = l.date < bulkBefore && homework !== null;
    return {
      schoolId: ids.schoolId,
      classId: ids.classes.get(l.className)!,
      subgroupId: l.subgroup === null ? null : ids.subgroups.get(`${l.className}|${l.subject}|${l.subgroup}`)!,
      subjectId: ids.subjects.get(l.subject)!,
      teacherId: ids.staff.get(l.teacher)!,
      date: l.date,
      slot: l.slot,
      startsAt: `${l.startsAt}:00`,
      endsAt: `${l.endsAt}:00`,
      room: l.room,
      topic: l.date < bulkBefore && !topicWritten ? null : l.topic,
      homework: withHomework ? homework : null,
      homeworkSetAt: withHomework ? minutes(endOf(l.date, l.endsAt), homeworkMinutesAfter) : null,
      externalId: l.key,
      updatedBy: by,
    };
  });
  const lessonIds = new Map<string, number>();
  for (const r of await insertChunked(em, LessonEntity, lessonRows, ['id', 'externalId']))
    lessonIds.set(r.externalId as string, r.id as number);
  return lessonIds;
}

/** The marks with their mark_history 'created' rows. */
async function writeMarks(
  em: EntityManager,
  past: JournalPlan['lessons'],
  lessonIds: Map<string, number>,
  { ids, by, endOf }: HistoryContext,
): Promise<void> {
  const markRows = past.flatMap(({ lesson: l, marks }) =>
    marks.map((m) => {
      const at = minutes(endOf(l.date, l.endsAt), m.minutesAfter);
      return {
        schoolId: ids.schoolId,
        studentId: ids.students.get(m.studentKey)!,
        subjectId: ids.subjects.get(l.subject)!,
        lessonId: lessonIds.get(l.key)!,
        workKindId: ids.workKinds.get(m.workKind)!,
        date: l.date,
        value: m.value,
        comment: m.comment,
        teacherId: ids.staff.get(l.teacher)!,
        updatedBy: by,
        createdAt: at,
        updatedAt: at,
      };
    }),
  );
  const inserted = await insertChunked(em, MarkEntity, markRows, ['id']);
  await insertChunked(
    em,
    MarkHistoryEntity,
    inserted.map((r, i) => ({
      markId: r.id as number,
      action: 'created' as const,
      oldValue: null,
      newValue: markRows[i].value,
      oldComment: null,
      newComment: markRows[i].comment,
      actor: by,
      at: markRows[i].createdAt,
    })),
    ['id'],
  );
}

/**
 * Bulk history of the demo term, written straight through the EntityManager
 * in a few multi-row inserts instead of one setMark/recordAttendance
 * transaction per row (~5,000 marks would take minutes). It keeps the
 * services' invariants: every row carries `updatedBy` = the seed's actor, and
 * every mark gets its mark_history 'created' row. It writes NO outbox events:
 * this is history nobody should be notified about, and ~6,000 silent events
 * would only bloat the outbox. Lessons are written for the whole term (the
 * timetable); marks, attendance and homework only for lessons before
 * `bulkBefore` — the current week goes through the core services instead.
 * Returns lesson ids by their planned key.
 */
export async function writeHistory(
  em: EntityManager,
  plan: JournalPlan,
  ids: DemoIds,
  bulkBefore: string,
  actor: Actor,
): Promise<Map<string, number>> {
  const by = actorKey(actor);
  const tz = demo.school.timezone;
  const ctx: HistoryContext = { ids, by, endOf: (date, endsAt) => zonedInstant(date, endsAt, tz) };
  const lessonIds = await writeLessons(em, plan, bulkBefore, ctx);
  const past = plan.lessons.filter((p) => p.lesson.date < bulkBefore);
  await writeMarks(em, past, lessonIds, ctx);
  const attendanceRows = past.flatMap(({ lesson: l, absences }) =>
    absences.map((a) => ({
      schoolId: ids.schoolId,
      studentId: ids.students.get(a.studentKey)!,
      lessonId: lessonIds.get(l.key)!,
      status: a.status,
      reason: a.reason,
      comment: a.comment,
      updatedBy: by,
    })),
  );
  await insertChunked(em, AttendanceEntity, attendanceRows, ['id']);
  return lessonIds;
}

/** Quarter marks as history too (no `periodMark.set` events), with the seed's actor. */
export async function writePeriodMarks(
  em: EntityManager,
  rows: { studentKey: string; subject: string; value: MarkValue }[],
  periodId: number,
  ids: DemoIds,
  actor: Actor,
): Promise<void> {
  await insertChunked(
    em,
    PeriodMarkEntity,
    rows.map((r) => ({
      schoolId: ids.schoolId,
      studentId: ids.students.get(r.studentKey)!,
      subjectId: ids.subjects.get(r.subject)!,
      periodId,
      value: r.value,
      updatedBy: actorKey(actor),
    })),
    ['id'],
  );
}
