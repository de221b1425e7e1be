import type { DataSource } from 'typeorm';
import { addDays, wallClock } from '../calendar.js';
import { familyFigures, openCorrections } from './family-figures.js';
import { courseMarks, lateAbsences, lateMarks } from './journal-figures.js';
import { byLesson, LESSONS_CTE, lessonItem, noMarkGrades, type LessonRow } from './lesson-rows.js';
import type { ChangedLesson, ControlReport, ControlScope, LateHomework, LessonItem } from './report-types.js';
import { loadControlSettings, type ControlSettings } from './settings.js';
import { journalStatus } from '../school/journal.js';

export type * from './report-types.js';
export { ACTIVE_DAYS, HOMEWORK_GRACE_MINUTES } from './lesson-rows.js';

/**
 * The deputy director's control panel (seed 000 §3.7, 001 §3.4.4): how the
 * journal is kept, for a span of days and the whole school, one class or one
 * teacher. Every figure is a count with the list behind it, and each is
 * defined in docs/control-panel.md exactly as computed here.
 */

/** Builds the panel for a scope. `now` decides which deadlines have passed. */
export async function buildControlReport(
  ds: DataSource,
  scope: ControlScope,
  opts: { now: Date; timezone: string },
): Promise<ControlReport> {
  const { now, timezone } = opts;
  const today = wallClock(timezone, now).date;
  const to = scope.to < today ? scope.to : today;
  const settings = await loadControlSettings(ds, scope.schoolId);
  const params = [scope.schoolId, scope.from, to, scope.classId ?? null, scope.teacherId ?? null, timezone];
  const empty = scope.from > to;

  // Lesson by lesson, a lesson is the work of the teacher who gave it (the substitute, if any).
  const lessons = empty ? [] : await scopeLessons(ds, params, scope.teacherId);
  const { held, homeworkExpected, homeworkLate, homeworkMissing, noTopic } = lessonFigures(
    lessons,
    settings,
    now,
    today,
  );
  const changed: ChangedLesson[] = lessons
    .filter((l) => l.cancelled || l.substituteTeacherId)
    .map((l) => ({ ...lessonItem(l), cancelled: l.cancelled, substitute: l.substituteTeacherId ? l.teacher : null }));

  const marks = empty ? { pairs: 0, none: [], one: [], bySubject: [] } : await courseMarks(ds, params);
  const attendanceLate = empty ? [] : await lateAbsences(ds, params);
  const { written, late: marksLate } = empty
    ? { written: 0, late: [] }
    : await lateMarks(ds, params, settings.writtenWorkDays);
  const families = await familyFigures(ds, scope, now, scope.from, to);
  const corrections = await openCorrections(ds, scope, now);
  const journal = await journalStatus(ds, scope.schoolId);

  return {
    scope,
    today,
    now,
    marks,
    lessonsHeld: held,
    homeworkExpected,
    homeworkLate,
    homeworkMissing,
    noTopic,
    attendanceLate,
    writtenMarks: written,
    marksLate,
    families,
    changed: changed.sort(byLesson),
    corrections,
    settings,
    journal,
  };
}

/**
 * The scope's lessons of the span (`params` as LESSONS_CTE numbers them), in
 * date, class and slot order; for a teacher, only those they gave.
 */
export async function scopeLessons(ds: DataSource, params: unknown[], teacherId?: number | null): Promise<LessonRow[]> {
  const rows: LessonRow[] = await ds.query(
    `WITH ${LESSONS_CTE} SELECT * FROM les ORDER BY date, "className", slot`,
    params,
  );
  return rows.filter((l) => !teacherId || l.teacherId === teacherId);
}

/** The journal-keeping figures of a set of lessons: held, homework expected, missing, late, topics missing. */
export interface LessonFigures {
  held: number;
  homeworkExpected: number;
  homeworkLate: LateHomework[];
  homeworkMissing: LessonItem[];
  noTopic: LessonItem[];
}

/**
 * The lesson-by-lesson figures (docs/control-panel.md): homework is expected
 * from grades with marks, for subjects not exempt in the settings, once its
 * deadline has passed; a topic is missing for a lesson held before today.
 */
export function lessonFigures(
  lessons: LessonRow[],
  settings: ControlSettings,
  now: Date,
  today: string,
): LessonFigures {
  const held = lessons.filter((l) => !l.cancelled);
  const keepsMarks = (l: LessonRow) => !noMarkGrades.includes(l.grade);
  const noHomework = new Set(settings.noHomeworkSubjectIds);
  const homeworkLate: LateHomework[] = [];
  const homeworkMissing: LessonItem[] = [];
  const noTopic: LessonItem[] = [];
  let homeworkExpected = 0;
  for (const l of held) {
    const due = new Date(l.homeworkDue);
    if (keepsMarks(l) && !noHomework.has(l.subjectId) && due <= now) {
      homeworkExpected++;
      if (l.homework === null) homeworkMissing.push(lessonItem(l));
    }
    if (keepsMarks(l) && l.homework !== null && l.homeworkSetAt && new Date(l.homeworkSetAt) > due)
      homeworkLate.push({ ...lessonItem(l), setAt: new Date(l.homeworkSetAt), dueAt: due });
    if (l.date < today && !(l.topic ?? '').trim()) noTopic.push(lessonItem(l));
  }
  return {
    held: held.length,
    homeworkExpected,
    homeworkLate: homeworkLate.sort(byLesson),
    homeworkMissing: homeworkMissing.sort(byLesson),
    noTopic: noTopic.sort(byLesson),
  };
}

/** The span of the last whole week (Monday–Sunday) before `today`. */
export function lastWeek(today: string): { from: string; to: string } {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
  const to = addDays(today, -dow);
  return { from: addDays(to, -6), to };
}

/** Share as a whole percent (rounded half up), 0 when there is nothing to divide. */
export const percent = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);
