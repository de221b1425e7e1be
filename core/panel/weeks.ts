import type { DataSource } from 'typeorm';
import { addDays, mondayOf } from '../calendar.js';
import { lessonFigures, scopeLessons } from '../control/figures.js';
import type { LessonRow } from '../control/lesson-rows.js';
import type { ControlSettings } from '../control/settings.js';

/** How many school weeks the panel's chart covers (this one included). */
export const CHART_WEEKS = 10;

/** One week of the chart: lessons held, and those kept in full and on time. */
export interface WeekPoint {
  /** The week's Monday. */
  monday: string;
  held: number;
  /** Held lessons with a topic and, where homework was due, homework entered by its deadline. */
  filled: number;
}

/**
 * The share of lessons kept on time, week by week, for the school, a class or
 * a teacher: the lesson-by-lesson figures of the chat's /control
 * (lessonFigures) per week. A lesson is not kept when it lacks a topic (held
 * before today), or its homework is missing or late after the deadline; a
 * deadline not yet passed is no miss.
 */
export async function weeklyKept(
  ds: DataSource,
  scope: { schoolId: number; classId?: number | null; teacherId?: number | null },
  opts: { settings: ControlSettings; now: Date; today: string; timezone: string },
): Promise<WeekPoint[]> {
  const first = addDays(mondayOf(opts.today), -7 * (CHART_WEEKS - 1));
  const params = [scope.schoolId, first, opts.today, scope.classId ?? null, scope.teacherId ?? null, opts.timezone];
  const lessons = await scopeLessons(ds, params, scope.teacherId);
  const weeks = new Map<string, LessonRow[]>();
  for (let i = 0; i < CHART_WEEKS; i++) weeks.set(addDays(first, 7 * i), []);
  for (const l of lessons) weeks.get(mondayOf(l.date))?.push(l);
  return [...weeks.entries()].map(([monday, ls]) => {
    const f = lessonFigures(ls, opts.settings, opts.now, opts.today);
    const missed = new Set([...f.noTopic, ...f.homeworkMissing, ...f.homeworkLate].map((x) => x.lessonId));
    return { monday, held: f.held, filled: f.held - missed.size };
  });
}
