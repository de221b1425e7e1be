import { GRADES_WITHOUT_MARKS } from '../journal/rules.js';
import type { LessonItem, StudentItem } from './report-types.js';

/** Minutes after the class's last lesson of the day within which homework is entered (seed 003 §2.7). */
export const HOMEWORK_GRACE_MINUTES = 90;
/** A family is active when one of its accounts used the bot within this many days (seed 000 §3.5). */
export const ACTIVE_DAYS = 30;

export const NUMERIC = `('1','2','3','4','5')`;
export const noMarkGrades = [...GRADES_WITHOUT_MARKS];

/**
 * Lessons of the scope held in the span up to today, with the moment their
 * homework was due: 90 minutes after the end of the class's last lesson that
 * day, on the school's clock. `$1` school, `$2` from, `$3` to, `$4` class,
 * `$5` teacher (the lesson's own teacher or its substitute), `$6` time zone.
 */
export const LESSONS_CTE = `
  les AS (
    SELECT l.id, l.date, l.slot, l."classId", c.name AS "className", c.grade, l."subjectId", sb.name AS subject,
           sg.name AS subgroup, l."subgroupId", coalesce(l."substituteTeacherId", l."teacherId") AS "teacherId",
           concat_ws(' ', t."lastName", t."firstName", t."middleName") AS teacher, l.topic, l.homework, l."homeworkSetAt", l.cancelled,
           l."substituteTeacherId", l."teacherId" AS "regularTeacherId",
           ((l.date + de."endsAt") AT TIME ZONE $6) + interval '${HOMEWORK_GRACE_MINUTES} minutes' AS "homeworkDue"
      FROM lesson l
      JOIN school_class c ON c.id = l."classId"
      JOIN subject sb ON sb.id = l."subjectId"
      LEFT JOIN subgroup sg ON sg.id = l."subgroupId"
      JOIN staff t ON t.id = coalesce(l."substituteTeacherId", l."teacherId")
      LEFT JOIN LATERAL (SELECT max(x."endsAt") AS "endsAt" FROM lesson x
                          WHERE x."classId" = l."classId" AND x.date = l.date AND NOT x.cancelled) de ON true
     WHERE l."schoolId" = $1 AND l.date BETWEEN $2 AND $3
       AND ($4::int IS NULL OR l."classId" = $4)
       AND ($5::int IS NULL OR l."teacherId" = $5 OR l."substituteTeacherId" = $5))`;

/** A row of LESSONS_CTE as the driver returns it. */
export interface LessonRow {
  id: number;
  date: string;
  slot: number;
  classId: number;
  className: string;
  subjectId: number;
  subject: string;
  subgroup: string | null;
  teacherId: number;
  teacher: string;
  cancelled: boolean;
  grade: number;
  homework: string | null;
  homeworkDue: string;
  homeworkSetAt: string | Date | null;
  topic: string | null;
  substituteTeacherId: number | null;
  [column: string]: unknown;
}

export const lessonItem = (r: LessonRow): LessonItem => ({
  lessonId: r.id,
  date: r.date,
  slot: r.slot,
  classId: r.classId,
  className: r.className,
  subjectId: r.subjectId,
  subject: r.subject,
  subgroup: r.subgroup ?? null,
  teacherId: r.teacherId,
  teacher: r.teacher,
});

export const byLesson = (a: LessonItem, b: LessonItem) =>
  a.date.localeCompare(b.date) ||
  a.className.localeCompare(b.className, 'ru') ||
  a.slot - b.slot ||
  a.lessonId - b.lessonId;
export const byStudent = (a: StudentItem & { subject?: string }, b: StudentItem & { subject?: string }) =>
  a.className.localeCompare(b.className, 'ru') ||
  a.name.localeCompare(b.name, 'ru') ||
  (a.subject ?? '').localeCompare(b.subject ?? '', 'ru');
