import type { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { updateControlSettings } from '../../core/control/settings.js';
import { zonedInstant } from '../calendar.js';
import { demo } from './data.js';
import type { JournalPlan } from './journal-plan.js';
import type { DemoIds } from './structure.js';

const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/**
 * The current week went through the core services at seeding time; its
 * entries get the moments the plan gives them, as the bulk history has, so
 * the control panel sees this week's homework, marks and absences entered
 * when a teacher would have (homework and marks their minutes after the
 * lesson, absences ten minutes into it), gaps included.
 */
export async function backdateCurrentWeek(
  ds: DataSource,
  plan: JournalPlan,
  ids: DemoIds,
  lessonIds: Map<string, number>,
  week: { monday: string; today: string },
): Promise<void> {
  const tz = demo.school.timezone;
  const past = plan.lessons.filter((p) => p.lesson.date >= week.monday && p.lesson.date < week.today);
  const homework: [number, string][] = [];
  const marks: [number, number, string][] = [];
  const absences: [number, number, string][] = [];
  for (const p of past) {
    const l = p.lesson;
    const lessonId = lessonIds.get(l.key)!;
    const end = zonedInstant(l.date, l.endsAt, tz);
    if (p.homework) homework.push([lessonId, minutes(end, p.homeworkMinutesAfter).toISOString()]);
    for (const m of p.marks)
      marks.push([lessonId, ids.students.get(m.studentKey)!, minutes(end, m.minutesAfter).toISOString()]);
    for (const a of p.absences)
      absences.push([
        lessonId,
        ids.students.get(a.studentKey)!,
        minutes(zonedInstant(l.date, l.startsAt, tz), 10).toISOString(),
      ]);
  }
  await ds.transaction(async (em) => {
    await em.query(
      `UPDATE lesson l SET "homeworkSetAt" = x.at FROM unnest($1::int[], $2::timestamptz[]) AS x(id, at) WHERE l.id = x.id AND l.homework IS NOT NULL`,
      [homework.map((h) => h[0]), homework.map((h) => h[1])],
    );
    const args = [marks.map((m) => m[0]), marks.map((m) => m[1]), marks.map((m) => m[2])];
    await em.query(
      `UPDATE mark m SET "createdAt" = x.at, "updatedAt" = x.at FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(lesson, student, at)
        WHERE m."lessonId" = x.lesson AND m."studentId" = x.student`,
      args,
    );
    await em.query(
      `UPDATE mark_history h SET at = x.at FROM mark m, unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(lesson, student, at)
        WHERE h."markId" = m.id AND h.action = 'created' AND m."lessonId" = x.lesson AND m."studentId" = x.student`,
      args,
    );
    await em.query(
      `UPDATE outbox o SET "createdAt" = x.at FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(lesson, student, at)
        WHERE o.type = 'absence.recorded' AND (o.payload->>'lessonId')::int = x.lesson AND (o.payload->>'studentId')::int = x.student`,
      [absences.map((a) => a[0]), absences.map((a) => a[1]), absences.map((a) => a[2])],
    );
  });
}

/** The demo school's control settings: the subjects it sets no homework in (the Monday digest stays on). */
export async function writeControlSettings(ds: DataSource, ids: DemoIds, actor: Actor): Promise<void> {
  const subjects = demo.journalGaps.noHomeworkSubjects.map((name) => ids.subjects.get(name)!);
  await updateControlSettings(ds, ids.schoolId, { noHomeworkSubjectIds: subjects }, actor);
}
