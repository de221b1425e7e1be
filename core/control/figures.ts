import type { DataSource } from 'typeorm';
import { GRADES_WITHOUT_MARKS } from '../journal/rules.js';
import { addDays, wallClock } from '../calendar.js';
import { loadControlSettings, type ControlSettings } from './settings.js';

/**
 * The deputy director's control panel (seed 000 §3.7, 001 §3.4.4): how the
 * journal is kept, for a span of days and the whole school, one class or one
 * teacher. Every figure is a count with the list behind it, and each is
 * defined in docs/control-panel.md exactly as computed here.
 */

export interface ControlScope {
  schoolId: number;
  /** First and last school day of the span (inclusive). */
  from: string;
  to: string;
  classId?: number | null;
  /** The teacher who gave the lessons (the substitute for a substituted lesson). */
  teacherId?: number | null;
}

export interface StudentItem {
  studentId: number;
  name: string;
  classId: number;
  className: string;
}
export interface CourseStudent extends StudentItem {
  subjectId: number;
  subject: string;
  marks: number;
}
export interface LessonItem {
  lessonId: number;
  date: string;
  slot: number;
  classId: number;
  className: string;
  subjectId: number;
  subject: string;
  subgroup: string | null;
  teacherId: number;
  teacher: string;
}
export interface LateHomework extends LessonItem {
  setAt: Date;
  dueAt: Date;
}
export interface LateAbsence extends LessonItem {
  studentId: number;
  student: string;
  status: 'absent' | 'late';
  recordedAt: Date;
}
export interface LateMark extends LessonItem {
  markId: number;
  studentId: number;
  student: string;
  workKind: string;
  value: string;
  enteredAt: Date;
  dueAt: Date;
  allowedDays: number;
}
export interface ChangedLesson extends LessonItem {
  cancelled: boolean;
  substitute: string | null;
}
export interface FamilyItem extends StudentItem {
  guardian: 'off' | 'idle' | 'active';
  refused: boolean;
  lastSeenAt: Date | null;
}
export interface CorrectionItem extends StudentItem {
  requestId: number;
  entityType: 'mark' | 'attendance' | 'homework';
  reportedAt: Date;
  dueAt: Date;
  overdue: boolean;
  teacherId: number | null;
  teacher: string | null;
}

export interface SubjectMarksRow {
  subjectId: number;
  subject: string;
  students: number;
  none: number;
  one: number;
}

export interface ControlReport {
  scope: ControlScope;
  /** The school day the report was made on, and the moment (deadlines after it are not yet due). */
  today: string;
  now: Date;
  /** Student–subject pairs counted, and those with no / one numeric mark in the span. */
  marks: { pairs: number; none: CourseStudent[]; one: CourseStudent[]; bySubject: SubjectMarksRow[] };
  /** Lessons held in the span (not cancelled) up to today, and those that needed homework. */
  lessonsHeld: number;
  homeworkExpected: number;
  homeworkLate: LateHomework[];
  homeworkMissing: LessonItem[];
  noTopic: LessonItem[];
  attendanceLate: LateAbsence[];
  writtenMarks: number;
  marksLate: LateMark[];
  families: { students: number; connected: number; active: number; off: FamilyItem[]; idle: FamilyItem[] };
  changed: ChangedLesson[];
  /** Families' journal-error reports still open now (whatever the span), earliest deadline first. */
  corrections: CorrectionItem[];
  settings: ControlSettings;
}

/** Minutes after the class's last lesson of the day within which homework is entered (seed 003 §2.7). */
export const HOMEWORK_GRACE_MINUTES = 90;
/** A family is active when one of its accounts used the bot within this many days (seed 000 §3.5). */
export const ACTIVE_DAYS = 30;

const NUMERIC = `('1','2','3','4','5')`;
const noMarkGrades = [...GRADES_WITHOUT_MARKS];

/**
 * Lessons of the scope held in the span up to today, with the moment their
 * homework was due: 90 minutes after the end of the class's last lesson that
 * day, on the school's clock. `$1` school, `$2` from, `$3` to, `$4` class,
 * `$5` teacher (the lesson's own teacher or its substitute), `$6` time zone.
 */
const LESSONS_CTE = `
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
interface LessonRow {
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

const lessonItem = (r: LessonRow): LessonItem => ({
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

const byLesson = (a: LessonItem, b: LessonItem) =>
  a.date.localeCompare(b.date) ||
  a.className.localeCompare(b.className, 'ru') ||
  a.slot - b.slot ||
  a.lessonId - b.lessonId;
const byStudent = (a: StudentItem & { subject?: string }, b: StudentItem & { subject?: string }) =>
  a.className.localeCompare(b.className, 'ru') ||
  a.name.localeCompare(b.name, 'ru') ||
  (a.subject ?? '').localeCompare(b.subject ?? '', 'ru');

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
  const lessons: LessonRow[] = (
    empty ? [] : await ds.query(`WITH ${LESSONS_CTE} SELECT * FROM les ORDER BY date, "className", slot`, params)
  ).filter((l: LessonRow) => !scope.teacherId || l.teacherId === scope.teacherId);
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

  return {
    scope,
    today,
    now,
    marks,
    lessonsHeld: held.length,
    homeworkExpected,
    homeworkLate: homeworkLate.sort(byLesson),
    homeworkMissing: homeworkMissing.sort(byLesson),
    noTopic: noTopic.sort(byLesson),
    attendanceLate,
    writtenMarks: written,
    marksLate,
    families,
    changed: changed.sort(byLesson),
    corrections,
    settings,
  };
}

/**
 * Every student of every course (class × subject; for a teacher, the courses
 * whose lessons are theirs by the timetable) with a lesson held in the span — only the subgroup's members for a subgroup's lessons — and the
 * number of numeric marks (1–5, not deleted) they have in the subject in the
 * span. Grades without marks and students exempt in the subject («осв» for a
 * period of the year begun by the span's end) are left out.
 */
async function courseMarks(ds: DataSource, params: unknown[]): Promise<ControlReport['marks']> {
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
async function lateAbsences(ds: DataSource, params: unknown[]): Promise<LateAbsence[]> {
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
async function lateMarks(
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

/**
 * Per active student of the scope's classes (for a teacher: the classes they
 * gave lessons in during the span): is a guardian's account linked, and did
 * any of the student's accounts (guardian or the student's own) use the bot
 * in the last 30 days. A refused 152-ФЗ consent is noted.
 */
async function familyFigures(
  ds: DataSource,
  scope: ControlScope,
  now: Date,
  from: string,
  to: string,
): Promise<ControlReport['families']> {
  const rows = await ds.query<
    (Omit<FamilyItem, 'guardian' | 'lastSeenAt'> & { guardian: boolean; lastSeenAt: string | Date | null })[]
  >(
    `SELECT st.id AS "studentId", concat_ws(' ', st."lastName", st."firstName") AS name, st."classId", c.name AS "className",
            bool_or(l.role = 'guardian') AS guardian, max(l."lastSeenAt") AS "lastSeenAt",
            EXISTS (SELECT 1 FROM consent k WHERE k."studentId" = st.id AND k.decision = 'refused' AND k."withdrawnAt" IS NULL) AS refused
       FROM student st JOIN school_class c ON c.id = st."classId"
       LEFT JOIN link l ON l."studentId" = st.id AND l."revokedAt" IS NULL AND l."telegramUserId" IS NOT NULL AND l.role IN ('guardian', 'student')
      WHERE st."schoolId" = $1 AND st.active
        AND ($2::int IS NULL OR st."classId" = $2)
        AND ($3::int IS NULL OR st."classId" IN (SELECT l2."classId" FROM lesson l2 WHERE coalesce(l2."substituteTeacherId", l2."teacherId") = $3
                                                 AND l2.date BETWEEN $4 AND $5))
      GROUP BY st.id, c.name
      ORDER BY c.name, name`,
    [scope.schoolId, scope.classId ?? null, scope.teacherId ?? null, from, to],
  );
  const since = new Date(now.getTime() - ACTIVE_DAYS * 24 * 3600 * 1000);
  const items: FamilyItem[] = rows
    .map((r): FamilyItem => {
      const seen = r.lastSeenAt ? new Date(r.lastSeenAt) : null;
      return {
        studentId: r.studentId,
        name: r.name,
        classId: r.classId,
        className: r.className,
        refused: r.refused,
        lastSeenAt: seen,
        guardian: !r.guardian ? 'off' : seen && seen >= since ? 'active' : 'idle',
      };
    })
    .sort(byStudent);
  return {
    students: items.length,
    connected: items.filter((i) => i.guardian !== 'off').length,
    active: items.filter((i) => i.guardian === 'active').length,
    off: items.filter((i) => i.guardian === 'off'),
    idle: items.filter((i) => i.guardian === 'idle'),
  };
}

/**
 * Families' reports of wrong data in the journal (correction_request) still
 * open, of the scope's students (for a teacher: the reports addressed to
 * them), with their deadline (a day, seed 000 §3.7) and whether it passed.
 */
async function openCorrections(ds: DataSource, scope: ControlScope, now: Date): Promise<CorrectionItem[]> {
  const rows = await ds.query<
    (Omit<CorrectionItem, 'requestId' | 'reportedAt' | 'dueAt' | 'overdue'> & {
      id: number;
      createdAt: string | Date;
      dueAt: string | Date;
    })[]
  >(
    `SELECT r.id, r."entityType", r."createdAt", r."dueAt", r."studentId", concat_ws(' ', st."lastName", st."firstName") AS name,
            st."classId", c.name AS "className", r."teacherId", concat_ws(' ', t."lastName", t."firstName", t."middleName") AS teacher
       FROM correction_request r JOIN student st ON st.id = r."studentId" JOIN school_class c ON c.id = st."classId"
       LEFT JOIN staff t ON t.id = r."teacherId"
      WHERE r."schoolId" = $1 AND r.status = 'open' AND ($2::int IS NULL OR st."classId" = $2) AND ($3::int IS NULL OR r."teacherId" = $3)
      ORDER BY r."dueAt", r.id`,
    [scope.schoolId, scope.classId ?? null, scope.teacherId ?? null],
  );
  return rows.map((r) => ({
    requestId: r.id,
    entityType: r.entityType,
    reportedAt: new Date(r.createdAt),
    dueAt: new Date(r.dueAt),
    overdue: new Date(r.dueAt) < now,
    studentId: r.studentId,
    name: r.name,
    classId: r.classId,
    className: r.className,
    teacherId: r.teacherId,
    teacher: r.teacherId ? r.teacher : null,
  }));
}

/** The span of the last whole week (Monday–Sunday) before `today`. */
export function lastWeek(today: string): { from: string; to: string } {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
  const to = addDays(today, -dow);
  return { from: addDays(to, -6), to };
}

/** Share as a whole percent (rounded half up), 0 when there is nothing to divide. */
export const percent = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);
