import type { DataSource } from 'typeorm';
import { lessonFigures, type ControlReport } from '../control/figures.js';
import { noMarkGrades, type LessonRow } from '../control/lesson-rows.js';
import { countBy } from './figures.js';

/**
 * The rows of the panel's drill-down, each from the same lesson-by-lesson
 * figures as the chat's /control (lessonFigures) and the report's own lists,
 * counted per class, per teacher and subject, per lesson.
 */

/** Lesson figures of a group of lessons, as the rows show them. */
export interface KeptFigures {
  held: number;
  noTopic: number;
  homeworkExpected: number;
  homeworkMissing: number;
  homeworkLate: number;
}

const kept = (lessons: LessonRow[], r: ControlReport): KeptFigures => {
  const f = lessonFigures(lessons, r.settings, r.now, r.today);
  return {
    held: f.held,
    noTopic: f.noTopic.length,
    homeworkExpected: f.homeworkExpected,
    homeworkMissing: f.homeworkMissing.length,
    homeworkLate: f.homeworkLate.length,
  };
};

export interface ClassRow extends KeptFigures {
  classId: number;
  name: string;
  noMarks: number;
  attendanceLate: number;
  marksLate: number;
  familiesOff: number;
}

/** The school's classes of the year with the journal-keeping figures of the span (the school's report split by class). */
export function classRows(
  r: ControlReport,
  lessons: LessonRow[],
  classes: { classId: number; name: string }[],
): ClassRow[] {
  const noMarks = countBy(r.marks.none, (x) => x.classId);
  const attLate = countBy(r.attendanceLate, (x) => x.classId);
  const marksLate = countBy(r.marksLate, (x) => x.classId);
  const famOff = countBy(r.families.off, (x) => x.classId);
  return classes.map((c) => ({
    classId: c.classId,
    name: c.name,
    ...kept(
      lessons.filter((l) => l.classId === c.classId),
      r,
    ),
    noMarks: noMarks.get(c.classId) ?? 0,
    attendanceLate: attLate.get(c.classId) ?? 0,
    marksLate: marksLate.get(c.classId) ?? 0,
    familiesOff: famOff.get(c.classId) ?? 0,
  }));
}

/** Marks and absences entered per lesson. */
/** The classes of the school's current academic year (the latest begun by `today`), in grade and letter order. */
export function currentClasses(
  ds: DataSource,
  schoolId: number,
  today: string,
): Promise<{ classId: number; name: string }[]> {
  return ds.query(
    `SELECT c.id AS "classId", c.name FROM school_class c
      WHERE c."schoolId" = $1 AND c."academicYearId" = (
        SELECT y.id FROM academic_year y WHERE y."schoolId" = $1 AND y."startsOn" <= $2 ORDER BY y."startsOn" DESC LIMIT 1)
      ORDER BY c.grade, c.letter`,
    [schoolId, today],
  );
}

export async function lessonCounts(
  ds: DataSource,
  lessonIds: number[],
): Promise<Map<number, { marks: number; absences: number }>> {
  const out = new Map<number, { marks: number; absences: number }>();
  if (!lessonIds.length) return out;
  const rows: { id: number; marks: number; absences: number }[] = await ds.query(
    `SELECT l.id,
            (SELECT count(*)::int FROM mark m WHERE m."lessonId" = l.id AND NOT m.deleted) AS marks,
            (SELECT count(*)::int FROM attendance a WHERE a."lessonId" = l.id) AS absences
       FROM lesson l WHERE l.id = ANY($1)`,
    [lessonIds],
  );
  for (const r of rows) out.set(r.id, { marks: r.marks, absences: r.absences });
  return out;
}

/** A lesson of the span with what its journal lacks. */
export interface LessonLine {
  lessonId: number;
  date: string;
  slot: number;
  classId: number;
  className: string;
  subject: string;
  subgroup: string | null;
  teacherId: number;
  teacher: string;
  cancelled: boolean;
  noTopic: boolean;
  homework: 'missing' | 'late' | null;
  /** Marks entered for the lesson; null where marks are not kept (grade 1) or the lesson is cancelled. */
  marks: number | null;
  absences: number;
}

export async function lessonLines(ds: DataSource, r: ControlReport, lessons: LessonRow[]): Promise<LessonLine[]> {
  const f = lessonFigures(lessons, r.settings, r.now, r.today);
  const noTopic = new Set(f.noTopic.map((x) => x.lessonId));
  const missing = new Set(f.homeworkMissing.map((x) => x.lessonId));
  const late = new Set(f.homeworkLate.map((x) => x.lessonId));
  const counts = await lessonCounts(
    ds,
    lessons.map((l) => l.id),
  );
  return lessons.map((l) => ({
    lessonId: l.id,
    date: l.date,
    slot: l.slot,
    classId: l.classId,
    className: l.className,
    subject: l.subject,
    subgroup: l.subgroup ?? null,
    teacherId: l.teacherId,
    teacher: l.teacher,
    cancelled: l.cancelled,
    noTopic: noTopic.has(l.id),
    homework: missing.has(l.id) ? 'missing' : late.has(l.id) ? 'late' : null,
    marks: l.cancelled || noMarkGrades.includes(l.grade) ? null : (counts.get(l.id)?.marks ?? 0),
    absences: counts.get(l.id)?.absences ?? 0,
  }));
}

export interface TeacherRow extends KeptFigures {
  teacherId: number;
  teacher: string;
  subject: string;
  /** Lessons held (before today) of grades with marks without a single mark. */
  noMarks: number;
}

/** A class's teachers and subjects: the lessons each gave in the span and what is missing. */
export function teacherRows(r: ControlReport, lessons: LessonRow[], lines: LessonLine[]): TeacherRow[] {
  const groups = new Map<string, LessonRow[]>();
  for (const l of lessons) {
    const key = `${l.teacherId}:${l.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const byId = new Map(lines.map((x) => [x.lessonId, x]));
  return [...groups.values()]
    .map((ls) => ({
      teacherId: ls[0].teacherId,
      teacher: ls[0].teacher,
      subject: ls[0].subject,
      ...kept(ls, r),
      noMarks: ls.filter((l) => l.date < r.today && byId.get(l.id)?.marks === 0).length,
    }))
    .sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || a.teacher.localeCompare(b.teacher, 'ru'));
}
