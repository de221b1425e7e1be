import type { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { recordAttendance, setHomework, setMark, upsertLesson } from '../../core/journal/index.js';
import type { EventOptions } from '../../core/unit-of-work.js';
import { LessonEntity } from '../../db/entities/index.js';
import { addDays, zonedInstant } from '../calendar.js';
import { demo } from './data.js';
import type { JournalPlan, LessonPlan } from './journal-plan.js';
import type { DemoIds } from './structure.js';

/** Demo history must not reach anybody: every event of the seed is written silent. */
const SILENT: EventOptions = { silent: true };

/** A past lesson of this week as its teacher entered it: homework in the lesson, absences, marks. */
async function enterLesson(ds: DataSource, p: LessonPlan, lessonId: number, ids: DemoIds, actor: Actor) {
  const { lesson: l, homework, marks, absences } = p;
  const schoolId = ids.schoolId;
  // Set in the lesson itself, as teachers do.
  if (homework)
    await setHomework(
      ds,
      { schoolId, lessonId, homework, setAt: zonedInstant(l.date, l.startsAt, demo.school.timezone) },
      actor,
      SILENT,
    );
  for (const a of absences)
    await recordAttendance(
      ds,
      { schoolId, lessonId, studentId: ids.students.get(a.studentKey)!, status: a.status, reason: 'unknown' },
      actor,
      SILENT,
    );
  for (const m of marks)
    await setMark(
      ds,
      {
        schoolId,
        lessonId,
        studentId: ids.students.get(m.studentKey)!,
        subjectId: ids.subjects.get(l.subject)!,
        workKindId: ids.workKinds.get(m.workKind)!,
        teacherId: ids.staff.get(l.teacher)!,
        date: l.date,
        value: m.value,
        comment: m.comment,
      },
      actor,
      SILENT,
    );
}

/** Changes a lesson as stored (a substitute, a cancellation) through the journal service. */
async function changeLesson(
  ds: DataSource,
  lessonId: number,
  patch: { substituteTeacherId?: number; cancelled?: boolean },
  schoolId: number,
  actor: Actor,
): Promise<void> {
  const l = await ds.manager.findOneByOrFail(LessonEntity, { id: lessonId });
  await upsertLesson(
    ds,
    {
      schoolId,
      lessonId: l.id,
      classId: l.classId,
      subgroupId: l.subgroupId,
      subjectId: l.subjectId,
      teacherId: l.teacherId,
      substituteTeacherId: l.substituteTeacherId,
      date: l.date,
      slot: l.slot,
      startsAt: l.startsAt,
      endsAt: l.endsAt,
      room: l.room,
      cancelled: l.cancelled,
      ...patch,
    },
    actor,
    SILENT,
  );
}

/**
 * The current week as a teacher would have entered it: homework, absences
 * (reasons not yet given by the class teacher) and marks of the days before
 * today, then a couple of substitutions and one cancelled lesson — all through
 * the core journal services, one transaction each, with silent events.
 */
export async function writeCurrentWeek(
  ds: DataSource,
  plan: JournalPlan,
  ids: DemoIds,
  lessonIds: Map<string, number>,
  week: { monday: string; today: string },
  actor: Actor,
): Promise<{ substitutions: number; cancelled: number }> {
  const friday = addDays(week.monday, 4);
  const thisWeek = plan.lessons.filter((p) => p.lesson.date >= week.monday && p.lesson.date <= friday);
  for (const p of thisWeek.filter((x) => x.lesson.date < week.today))
    await enterLesson(ds, p, lessonIds.get(p.lesson.key)!, ids, actor);

  const change = async (
    target: { class: string; subject: string },
    patch: { substituteTeacherId?: number; cancelled?: boolean },
  ) => {
    const found = pick(thisWeek, target, week.today);
    if (!found) return 0;
    await changeLesson(ds, lessonIds.get(found.lesson.key)!, patch, ids.schoolId, actor);
    return 1;
  };
  let substitutions = 0;
  for (const s of demo.currentWeek.substitutions)
    substitutions += await change(s, { substituteTeacherId: ids.staff.get(s.by)! });
  const cancelled = await change(demo.currentWeek.cancelled, { cancelled: true });
  return { substitutions, cancelled };
}

/** The class's next lesson of the subject this week from today on, else its first one this week. */
function pick(week: LessonPlan[], t: { class: string; subject: string }, today: string): LessonPlan | undefined {
  const mine = week.filter((p) => p.lesson.className === t.class && p.lesson.subject === t.subject);
  return mine.find((p) => p.lesson.date >= today) ?? mine[0];
}
