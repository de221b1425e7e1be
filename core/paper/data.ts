import type { DataSource } from 'typeorm';
import type { AbsenceReason, AttendanceStatus, MarkValue, PeriodKind } from '../../db/entities/index.js';
import { averageHundredths, averageStats } from '../diary/rules.js';
import { NotFoundError } from '../errors.js';

/** What printed paper says about the class it is for. */
export interface PaperClass {
  classId: number;
  schoolId: number;
  name: string;
  grade: number;
  academicYearId: number;
  school: string;
  timezone: string;
  classTeacher: string | null;
  director: string | null;
}

export async function loadPaperClass(ds: DataSource, classId: number): Promise<PaperClass> {
  const [row] = await ds.query(
    `SELECT c.id AS "classId", c."schoolId", c.name, c.grade, c."academicYearId", s.name AS school, s.timezone,
            (SELECT concat_ws(' ', t."lastName", t."firstName", t."middleName") FROM staff_role r JOIN staff t ON t.id = r."staffId"
              WHERE r.role = 'classTeacher' AND r."classId" = c.id AND t.active ORDER BY r.id LIMIT 1) AS "classTeacher",
            (SELECT concat_ws(' ', t."lastName", t."firstName", t."middleName") FROM staff_role r JOIN staff t ON t.id = r."staffId"
              WHERE r.role = 'director' AND r."schoolId" = c."schoolId" AND t.active ORDER BY r.id LIMIT 1) AS director
       FROM school_class c JOIN school s ON s.id = c."schoolId" WHERE c.id = $1`,
    [classId],
  );
  if (!row) throw new NotFoundError('class', classId);
  return row;
}

export interface PrintoutMark {
  date: string;
  value: MarkValue;
  kind: string;
  weight: number;
}
export interface PrintoutSubject {
  subjectId: number;
  subject: string;
  marks: PrintoutMark[];
  /** hundredths */ average: number | null;
}
export interface PrintoutAbsence {
  date: string;
  subject: string;
  status: AttendanceStatus;
  reason: AbsenceReason;
}
export interface StudentPrintout {
  studentId: number;
  name: string;
  subjects: PrintoutSubject[];
  absences: PrintoutAbsence[];
  homework: { date: string; subject: string; text: string }[];
}

/** Lessons of the student's own subgroups only (or of the whole class); `st` is the student, `l` the lesson. */
const OWN = `(l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = st.id))`;

/**
 * One student after another (by surname): marks of the span by subject with
 * their dates and the weighted average, absences and latenesses, and the
 * homework set for the student's lessons. Three queries for the class.
 */
export async function loadPrintouts(
  ds: DataSource,
  classId: number,
  from: string,
  to: string,
  studentIds?: number[],
): Promise<StudentPrintout[]> {
  const ids = studentIds ?? null;
  const students: { id: number; name: string }[] = await ds.query(
    `SELECT st.id, concat_ws(' ', st."lastName", st."firstName", st."middleName") AS name FROM student st
      WHERE st."classId" = $1 AND st.active AND ($2::int[] IS NULL OR st.id = ANY($2)) ORDER BY st."lastName", st."firstName", st.id`,
    [classId, ids],
  );
  if (!students.length) return [];
  const sids = students.map((s) => s.id);
  const marks: (PrintoutMark & { studentId: number; subjectId: number; subject: string })[] = await ds.query(
    `SELECT m."studentId", m."subjectId", sb.name AS subject, m.date, m.value, wk.name AS kind, round(wk.weight * 100)::int AS weight
       FROM mark m JOIN work_kind wk ON wk.id = m."workKindId" JOIN subject sb ON sb.id = m."subjectId"
      WHERE m."studentId" = ANY($1) AND NOT m.deleted AND m.date BETWEEN $2 AND $3 ORDER BY m.date, m.id`,
    [sids, from, to],
  );
  const lessons: { studentId: number; subjectId: number; subject: string; date: string; homework: string | null }[] =
    await ds.query(
      `SELECT st.id AS "studentId", l."subjectId", sb.name AS subject, l.date, l.homework
       FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject sb ON sb.id = l."subjectId"
      WHERE l."classId" = $1 AND st.id = ANY($2) AND l.date BETWEEN $3 AND $4 AND NOT l.cancelled AND ${OWN}
      ORDER BY l.date, l.slot`,
      [classId, sids, from, to],
    );
  const absences: (PrintoutAbsence & { studentId: number })[] = await ds.query(
    `SELECT a."studentId", l.date, sb.name AS subject, a.status, a.reason
       FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject sb ON sb.id = l."subjectId"
      WHERE a."studentId" = ANY($1) AND l.date BETWEEN $2 AND $3 ORDER BY l.date, l.slot`,
    [sids, from, to],
  );
  return students.map((s) => {
    const subjects = new Map<number, PrintoutSubject>();
    const add = (subjectId: number, subject: string) => {
      if (!subjects.has(subjectId)) subjects.set(subjectId, { subjectId, subject, marks: [], average: null });
      return subjects.get(subjectId)!;
    };
    for (const l of lessons.filter((x) => x.studentId === s.id)) add(l.subjectId, l.subject);
    for (const m of marks.filter((x) => x.studentId === s.id))
      add(m.subjectId, m.subject).marks.push({ date: m.date, value: m.value, kind: m.kind, weight: m.weight });
    for (const sub of subjects.values()) {
      const st = averageStats(sub.marks);
      sub.average = st ? averageHundredths(st) : null;
    }
    return {
      studentId: s.id,
      name: s.name,
      subjects: [...subjects.values()].sort((a, b) => a.subject.localeCompare(b.subject, 'ru')),
      absences: absences.filter((a) => a.studentId === s.id).map(({ studentId: _s, ...a }) => a),
      homework: lessons
        .filter((l) => l.studentId === s.id && l.homework)
        .map((l) => ({ date: l.date, subject: l.subject, text: l.homework! })),
    };
  });
}

export interface SheetPeriod {
  id: number;
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
}
export interface SummaryRow {
  number: number;
  studentId: number;
  name: string;
  /** The period mark in each subject (same order as `subjects`), null where none is set. */
  marks: (MarkValue | null)[];
  /** Lessons missed in the period, of them for illness; school days missed whole. */
  absentLessons: number;
  illnessLessons: number;
  absentDays: number;
}
export interface SummarySheet {
  cls: PaperClass;
  period: SheetPeriod;
  subjects: { subjectId: number; name: string; shortName: string }[];
  rows: SummaryRow[];
}

/** The periods of the class's academic year, shortest kind first. */
export async function classPeriods(ds: DataSource, classId: number): Promise<SheetPeriod[]> {
  return ds.query(
    `SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn" FROM period p JOIN school_class c ON c."academicYearId" = p."academicYearId"
      WHERE c.id = $1
      ORDER BY array_position(ARRAY['quarter','trimester','halfYear','year'], p.kind), p.number`,
    [classId],
  );
}

/**
 * The summary sheet of a class for a period (seed 000 §5, 003 §2.14): every
 * student's period mark in every subject of the class (lessons held in the
 * period or a period mark set), with the special marks, and absences in
 * lessons and whole days. A whole day: every lesson the student had that day
 * (own subgroups, not cancelled) was missed.
 */
export async function loadSummarySheet(ds: DataSource, classId: number, periodId: number): Promise<SummarySheet> {
  const cls = await loadPaperClass(ds, classId);
  const period = (await classPeriods(ds, classId)).find((p) => p.id === periodId);
  if (!period) throw new NotFoundError('period', periodId);
  const params = [classId, period.startsOn, period.endsOn, period.id];
  const subjects: SummarySheet['subjects'] = await ds.query(
    `SELECT sb.id AS "subjectId", sb.name, sb."shortName" FROM subject sb
      WHERE sb.id IN (SELECT "subjectId" FROM lesson WHERE "classId" = $1 AND date BETWEEN $2 AND $3 AND NOT cancelled)
         OR sb.id IN (SELECT pm."subjectId" FROM period_mark pm JOIN student st ON st.id = pm."studentId" WHERE st."classId" = $1 AND pm."periodId" = $4)
      ORDER BY sb.name`,
    params,
  );
  const students: { id: number; name: string }[] = await ds.query(
    `SELECT id, concat_ws(' ', "lastName", "firstName", "middleName") AS name FROM student WHERE "classId" = $1 AND active ORDER BY "lastName", "firstName", id`,
    [classId],
  );
  const marks: { studentId: number; subjectId: number; value: MarkValue }[] = await ds.query(
    `SELECT pm."studentId", pm."subjectId", pm.value FROM period_mark pm JOIN student st ON st.id = pm."studentId"
      WHERE st."classId" = $1 AND pm."periodId" = $2`,
    [classId, period.id],
  );
  const absences: { studentId: number; lessons: number; illness: number; days: number }[] = await ds.query(
    `WITH les AS (SELECT l.id, l.date, l."subgroupId" FROM lesson l WHERE l."classId" = $1 AND l.date BETWEEN $2 AND $3 AND NOT l.cancelled),
     own AS (SELECT st.id AS "studentId", l.id AS "lessonId", l.date FROM student st JOIN les l ON ${OWN} WHERE st."classId" = $1 AND st.active),
     per_day AS (
       SELECT own."studentId", own.date, count(*) AS held,
              count(a.id) FILTER (WHERE a.status = 'absent') AS missed,
              count(a.id) FILTER (WHERE a.status = 'absent' AND a.reason = 'illness') AS illness
         FROM own LEFT JOIN attendance a ON a."lessonId" = own."lessonId" AND a."studentId" = own."studentId"
        GROUP BY 1, 2)
     SELECT "studentId", sum(missed)::int AS lessons, sum(illness)::int AS illness,
            (count(*) FILTER (WHERE missed > 0 AND missed >= held))::int AS days
       FROM per_day GROUP BY 1`,
    params.slice(0, 3),
  );
  const rows = students.map((s, i): SummaryRow => {
    const a = absences.find((x) => x.studentId === s.id);
    return {
      number: i + 1,
      studentId: s.id,
      name: s.name,
      marks: subjects.map(
        (sb) => marks.find((m) => m.studentId === s.id && m.subjectId === sb.subjectId)?.value ?? null,
      ),
      absentLessons: a?.lessons ?? 0,
      illnessLessons: a?.illness ?? 0,
      absentDays: a?.days ?? 0,
    };
  });
  return { cls, period, subjects, rows };
}
