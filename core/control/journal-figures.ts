import type { DataSource } from 'typeorm';
import { byStudent, LESSONS_CTE, lessonItem, noMarkGrades, NUMERIC, type LessonRow } from './lesson-rows.js';
import type { ControlReport, CourseStudent, LateAbsence, LateMark, SubjectMarksRow } from './report-types.js';

/**
 * Every student of every course (class × subject; for a teacher, the courses
 * whose lessons are theirs by the timetable) with a lesson held in the span — only the subgroup's members for a subgroup's lessons — and the
 * number of numeric marks (1–5, not deleted) they have in the subject in the
 * span. Grades without marks and students exempt in the subject («осв» for a
 * period of the year begun by the span's end) are left out.
 */
export async function courseMarks(ds: DataSource, params: unknown[]): Promise<ControlReport['marks']> {
  const rows: (CourseStudent & { grade: number })[] = await ds.query(
    `WITH ${LESSONS_CTE},
     cs AS (
       SELECT DISTINCT l."classId", l."className", l."subjectId", l.subject, st.id AS "studentId",
              concat_ws(' ', st."lastName", st."firstName") AS name
         FROM les l JOIN student st ON st."classId" = l."classId" AND st.active
        WHERE NOT l.cancelled AND l.grade <> ALL($7::int[]) AND ($5::int IS NULL OR l."regularTeacherId" = $5)
          AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = st.id)))
     SELECT cs.*, (SELECT count(*)::int FROM mark m WHERE m."studentId" = cs."studentId" AND m."subjectId" = cs."subjectId"
                     AND NOT m.deleted AND m.value IN ${NUMERIC} AND m.date BETWEEN $2 AND $3) AS marks
       FROM cs
      WHERE NOT EXISTS (
        SELECT 1 FROM period_mark pm JOIN period p ON p.id = pm."periodId"
          JOIN school_class c ON c.id = cs."classId"
         WHERE pm."studentId" = cs."studentId" AND pm."subjectId" = cs."subjectId" AND pm.value = 'exempt'
           AND p."academicYearId" = c."academicYearId" AND p."startsOn" <= $3)`,
    [...params, noMarkGrades],
  );
  const bySubject = new Map<number, SubjectMarksRow>();
  for (const r of rows) {
    const s = bySubject.get(r.subjectId) ?? {
      subjectId: r.subjectId,
      subject: r.subject,
      students: 0,
      none: 0,
      one: 0,
    };
    s.students++;
    if (r.marks === 0) s.none++;
    if (r.marks === 1) s.one++;
    bySubject.set(r.subjectId, s);
  }
  const clean = ({ grade: _g, ...r }: CourseStudent & { grade?: number }): CourseStudent => r;
  return {
    pairs: rows.length,
    none: rows
      .filter((r) => r.marks === 0)
      .map(clean)
      .sort(byStudent),
    one: rows
      .filter((r) => r.marks === 1)
      .map(clean)
      .sort(byStudent),
    bySubject: [...bySubject.values()].sort((a, b) => a.subject.localeCompare(b.subject, 'ru')),
  };
}

/**
 * Absences and latenesses whose first recording (the first `absence.recorded`
 * event for the student and lesson) happened after the lesson's day had
 * ended on the school's clock (seed 003 §2.9: recorded on the day).
 */
export async function lateAbsences(ds: DataSource, params: unknown[]): Promise<LateAbsence[]> {
  const rows = await ds.query<
    (LessonRow & { studentId: number; student: string; status: LateAbsence['status']; recordedAt: string | Date })[]
  >(
    `WITH ${LESSONS_CTE},
     first AS (
       SELECT (o.payload->>'lessonId')::int AS "lessonId", (o.payload->>'studentId')::int AS "studentId", min(o."createdAt") AS at
         FROM outbox o WHERE o."schoolId" = $1 AND o.type = 'absence.recorded' AND o."createdAt" >= ($2::date)::timestamp AT TIME ZONE $6
        GROUP BY 1, 2)
     SELECT l.*, a."studentId", concat_ws(' ', st."lastName", st."firstName") AS student, a.status, f.at AS "recordedAt"
       FROM attendance a JOIN les l ON l.id = a."lessonId" JOIN first f ON f."lessonId" = a."lessonId" AND f."studentId" = a."studentId"
       JOIN student st ON st.id = a."studentId"
      WHERE NOT l.cancelled AND ($5::int IS NULL OR l."teacherId" = $5) AND f.at >= ((l.date + 1)::timestamp AT TIME ZONE $6)
      ORDER BY l.date, l."className", l.slot, student`,
    params,
  );
  return rows.map((r) => ({
    ...lessonItem(r),
    studentId: r.studentId,
    student: r.student,
    status: r.status,
    recordedAt: new Date(r.recordedAt),
  }));
}

/**
 * Marks for written work (work kinds with a deadline in the settings) first
 * entered after the end of the day `date + allowed days` on the school's clock.
 * The teacher is the one who gave the lesson, else the mark's teacher.
 */
export async function lateMarks(
  ds: DataSource,
  params: unknown[],
  days: Record<string, number>,
): Promise<{ written: number; late: LateMark[] }> {
  const codes = Object.keys(days);
  if (!codes.length) return { written: 0, late: [] };
  const rows = await ds.query<
    (Omit<LateMark, 'enteredAt' | 'dueAt' | 'allowedDays' | 'slot' | 'teacher'> & {
      slot: number | null;
      teacher: string | null;
      enteredAt: string | Date;
      dueAt: string | Date;
      days: number;
    })[]
  >(
    `WITH kinds AS (SELECT key AS code, value::int AS days FROM jsonb_each_text($7::jsonb)),
     m AS (
       SELECT m.id AS "markId", m.date, m."studentId", m."subjectId", m.value, m."createdAt" AS "enteredAt", wk.name AS "workKind", k.days,
              ((m.date + k.days + 1)::timestamp AT TIME ZONE $6) AS "dueAt", m."lessonId", m."teacherId" AS "markTeacherId"
         FROM mark m JOIN work_kind wk ON wk.id = m."workKindId" JOIN kinds k ON k.code = wk.code
        WHERE m."schoolId" = $1 AND NOT m.deleted AND m.date BETWEEN $2 AND $3),
     scoped AS (
       SELECT m.*, st."classId", c.name AS "className", sb.name AS subject, concat_ws(' ', st."lastName", st."firstName") AS student,
              coalesce(l."substituteTeacherId", l."teacherId", m."markTeacherId") AS "teacherId", l.slot, l."subgroupId"
         FROM m JOIN student st ON st.id = m."studentId" JOIN school_class c ON c.id = st."classId" JOIN subject sb ON sb.id = m."subjectId"
         LEFT JOIN lesson l ON l.id = m."lessonId"
        WHERE ($4::int IS NULL OR st."classId" = $4))
     SELECT s.*, concat_ws(' ', t."lastName", t."firstName", t."middleName") AS teacher, sg.name AS subgroup
       FROM scoped s LEFT JOIN staff t ON t.id = s."teacherId" LEFT JOIN subgroup sg ON sg.id = s."subgroupId"
      WHERE ($5::int IS NULL OR s."teacherId" = $5)
      ORDER BY s.date, s."className", s.slot NULLS LAST, s.student`,
    [...params.slice(0, 6), JSON.stringify(days)],
  );
  const late = rows
    .filter((r) => new Date(r.enteredAt) > new Date(r.dueAt))
    .map((r) => ({
      lessonId: r.lessonId,
      date: r.date,
      slot: r.slot ?? 0,
      classId: r.classId,
      className: r.className,
      subjectId: r.subjectId,
      subject: r.subject,
      subgroup: r.subgroup ?? null,
      teacherId: r.teacherId,
      teacher: r.teacher ?? '',
      markId: r.markId,
      studentId: r.studentId,
      student: r.student,
      workKind: r.workKind,
      value: r.value,
      enteredAt: new Date(r.enteredAt),
      dueAt: new Date(r.dueAt),
      allowedDays: r.days,
    }));
  return { written: rows.length, late };
}
