import type { DataSource } from 'typeorm';
import type { StudentInfo } from '../access/policy.js';
import { absencesSummary, loadAbsencesYear, type ReasonCounts } from '../diary/absences.js';
import { choosePeriod, loadMarksYear, marksOverview, type DiaryPeriod } from '../diary/marks.js';
import { keepsMarks } from '../diary/student.js';

/**
 * The drill-down's last levels: a student's marks and absences of the period
 * (the diary's own figures: marksOverview, absencesSummary) and one lesson
 * with its topic, homework, attendance and marks.
 */

export interface StudentSummary {
  student: { studentId: number; name: string; classId: number; className: string };
  period: DiaryPeriod | null;
  /** Null in grade 1 (no marks kept). */
  subjects:
    | { subject: string; marks: string[]; average: number | null; rounded: number | null; periodMark: string | null }[]
    | null;
  absences: { lessons: ReasonCounts; total: number; wholeDays: number; late: number } | null;
}

export async function studentSummary(
  ds: DataSource,
  s: StudentInfo,
  today: string,
  periodId: number | null,
): Promise<StudentSummary> {
  const student = {
    studentId: s.studentId,
    name: `${s.lastName} ${s.firstName}`,
    classId: s.classId,
    className: s.className,
  };
  const abs = await loadAbsencesYear(ds, s);
  const period = choosePeriod(abs.periods, today, periodId);
  if (!period) return { student, period: null, subjects: null, absences: null };
  const a = absencesSummary(abs, period);
  const absences = { lessons: a.lessons, total: a.lessonsTotal, wholeDays: a.wholeDays, late: a.late };
  if (!keepsMarks(s)) return { student, period, subjects: null, absences };
  const overview = marksOverview(await loadMarksYear(ds, s), period, today, null);
  const subjects = overview.subjects.map((x) => ({
    subject: x.subject.name,
    marks: x.marks.map((m) => m.value),
    average: x.average,
    rounded: x.rounded,
    periodMark: x.periodMark,
  }));
  return { student, period, subjects, absences };
}

export interface LessonDetail {
  lessonId: number;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  classId: number;
  className: string;
  grade: number;
  subject: string;
  subgroup: string | null;
  teacherId: number;
  teacher: string;
  substitute: boolean;
  cancelled: boolean;
  topic: string | null;
  homework: string | null;
  homeworkSetAt: Date | null;
  students: number;
  attendance: { studentId: number; name: string; status: 'absent' | 'late'; reason: string }[];
  marks: { studentId: number; name: string; value: string; workKind: string }[];
}

/** A lesson of the school with everything its journal holds; null when it is not the school's (or does not exist). */
export async function lessonDetail(ds: DataSource, schoolId: number, lessonId: number): Promise<LessonDetail | null> {
  const [l] = await ds.query(
    `SELECT l.id AS "lessonId", l.date::text AS date, l.slot, l."startsAt", l."endsAt", l."classId", c.name AS "className", c.grade,
            sb.name AS subject, sg.name AS subgroup, coalesce(l."substituteTeacherId", l."teacherId") AS "teacherId",
            concat_ws(' ', t."lastName", t."firstName", t."middleName") AS teacher, l."substituteTeacherId" IS NOT NULL AS substitute,
            l.cancelled, l.topic, l.homework, l."homeworkSetAt",
            (SELECT count(*)::int FROM student st WHERE st."classId" = l."classId" AND st.active
                AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = st.id))) AS students
       FROM lesson l JOIN school_class c ON c.id = l."classId" JOIN subject sb ON sb.id = l."subjectId"
       LEFT JOIN subgroup sg ON sg.id = l."subgroupId" JOIN staff t ON t.id = coalesce(l."substituteTeacherId", l."teacherId")
      WHERE l.id = $1 AND l."schoolId" = $2`,
    [lessonId, schoolId],
  );
  if (!l) return null;
  const attendance = await ds.query(
    `SELECT a."studentId", concat_ws(' ', st."lastName", st."firstName") AS name, a.status, a.reason
       FROM attendance a JOIN student st ON st.id = a."studentId" WHERE a."lessonId" = $1 ORDER BY st."lastName", st."firstName"`,
    [lessonId],
  );
  const marks = await ds.query(
    `SELECT m."studentId", concat_ws(' ', st."lastName", st."firstName") AS name, m.value, wk.name AS "workKind"
       FROM mark m JOIN student st ON st.id = m."studentId" JOIN work_kind wk ON wk.id = m."workKindId"
      WHERE m."lessonId" = $1 AND NOT m.deleted ORDER BY st."lastName", st."firstName", m.id`,
    [lessonId],
  );
  return { ...l, attendance, marks };
}
