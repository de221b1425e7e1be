import type { AccessProfile } from '../access/profile.js';
import { keepsMarks, lastEntryDay, teachesLesson } from '../today/index.js';
import type { Db } from '../unit-of-work.js';
import type { GridTarget } from './access.js';
import { periodSummaries } from './averages.js';
import { gridJournalEntries } from './journal-entries.js';
import type { EntryRefusal, GridAttendance, GridLesson, GridMark, GridPeriod, GridStudent, GridView } from './types.js';

interface LessonRow {
  id: number;
  date: string;
  slot: number;
  topic: string | null;
  homework: string | null;
  cancelled: boolean;
  teacherId: number;
  substituteTeacherId: number | null;
}

/** The grid's students: the class's active students, or its subgroup's, by surname. */
export function gridStudents(db: Db, t: GridTarget): Promise<{ id: number; lastName: string; firstName: string }[]> {
  return db.query(
    `SELECT st.id, st."lastName", st."firstName" FROM student st
      WHERE st."classId" = $1 AND st.active
        AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m WHERE m."subgroupId" = $2 AND m."studentId" = st.id))
      ORDER BY st."lastName", st."firstName", st.id`,
    [t.classId, t.subgroupId],
  );
}

/**
 * Whether the account may enter for each lesson today: the rules of
 * core/today's lessonForEntry (own or substituted lesson, not cancelled, not
 * in the future, until the end of the entry window), asked once per lesson
 * day rather than once per lesson. The writes ask lessonForEntry itself.
 */
async function entryStates(
  db: Db,
  p: AccessProfile,
  t: GridTarget,
  lessons: LessonRow[],
  today: string,
  windowDays: number,
): Promise<Map<number, GridLesson['entry']>> {
  const staffId = p.staff!.staffId;
  const states = new Map<number, GridLesson['entry']>();
  const refuse = (id: number, reason: EntryRefusal) => states.set(id, { open: false, reason });
  const candidates: LessonRow[] = [];
  for (const l of lessons) {
    if (!t.teaches) refuse(l.id, 'readOnly');
    else if (!teachesLesson(staffId, l)) refuse(l.id, l.teacherId === staffId ? 'substituted' : 'notYours');
    else if (l.cancelled) refuse(l.id, 'cancelled');
    else if (l.date > today) refuse(l.id, 'future');
    else candidates.push(l);
  }
  // Newest day first: once a day's window has closed, every earlier one has too (as openEntryDays). The
  // newest few days are asked at once (the window is a day or two), the rest one by one until one is closed.
  const days = [...new Set(candidates.map((l) => l.date))].sort().reverse();
  const first = days.slice(0, windowDays + 2);
  const ends = await Promise.all(first.map((d) => lastEntryDay(db, t.schoolId, d, windowDays)));
  const open = new Set<string>();
  let closed = false;
  for (const [i, d] of first.entries()) {
    if (ends[i] < today) {
      closed = true;
      break;
    }
    open.add(d);
  }
  for (const d of closed ? [] : days.slice(first.length)) {
    if ((await lastEntryDay(db, t.schoolId, d, windowDays)) < today) break;
    open.add(d);
  }
  for (const l of candidates) states.set(l.id, open.has(l.date) ? { open: true } : { open: false, reason: 'closed' });
  return states;
}

/** The grid's rows: lessons, students, their marks and attendance in those lessons, the work kinds. */
async function gridRows(db: Db, t: GridTarget, range: { from: string; to: string }, marksKept: boolean) {
  const lessonArgs = [t.classId, t.subjectId, t.subgroupId, range.from, range.to];
  // By the class's students first (the indexes of mark (student, subject, date) and attendance (student,
  // lesson)), the lessons' ids computed once as an array: a plan that stays cheap whatever the statistics say.
  const ofClass = `SELECT id FROM student WHERE "classId" = $1`;
  const lessonIds = `ARRAY(SELECT id FROM lesson WHERE "classId" = $1 AND "subjectId" = $2 AND "subgroupId" IS NOT DISTINCT FROM $3::int AND date BETWEEN $4 AND $5)`;
  const rows: [
    LessonRow[],
    { id: number; lastName: string; firstName: string }[],
    GridMark[],
    GridAttendance[],
    GridView['workKinds'],
  ] = await Promise.all([
    db.query(
      `SELECT id, date, slot, topic, homework, cancelled, "teacherId", "substituteTeacherId" FROM lesson
        WHERE "classId" = $1 AND "subjectId" = $2 AND "subgroupId" IS NOT DISTINCT FROM $3::int AND date BETWEEN $4 AND $5
        ORDER BY date, slot, id`,
      lessonArgs,
    ),
    gridStudents(db, t),
    marksKept
      ? db.query(
          `SELECT m.id, m."studentId", m."lessonId", m."workKindId", m.value, m.comment, m.version
             FROM mark m
            WHERE m."studentId" IN (${ofClass}) AND m."subjectId" = $2 AND NOT m.deleted AND m."lessonId" = ANY(${lessonIds})
            ORDER BY m.id`,
          lessonArgs,
        )
      : Promise.resolve([]),
    db.query(
      `SELECT a."studentId", a."lessonId", a.status, a.reason FROM attendance a
        WHERE a."studentId" IN (${ofClass}) AND a."lessonId" = ANY(${lessonIds})`,
      lessonArgs,
    ),
    marksKept
      ? db.query(
          `SELECT id, name, round(weight * 100)::int AS weight FROM work_kind WHERE "schoolId" = $1 ORDER BY weight DESC, name`,
          [t.schoolId],
        )
      : Promise.resolve([]),
  ]);
  return rows;
}

/** The grid of a class (or subgroup) and subject over a period or dates: students × lessons, marks, attendance, period marks. */
export async function loadGrid(
  db: Db,
  p: AccessProfile,
  t: GridTarget,
  range: { period: GridPeriod | null; from: string; to: string },
  today: string,
  windowDays: number,
): Promise<GridView> {
  const marksKept = keepsMarks(t.grade);
  const [lessons, students, marks, attendance, workKinds] = await gridRows(db, t, range, marksKept);
  const ids = students.map((s) => s.id);
  const [states, summaries, periodMarks, journal, [school]] = await Promise.all([
    entryStates(db, p, t, lessons, today, windowDays),
    marksKept ? periodSummaries(db, t.schoolId, t.subjectId, ids, range) : Promise.resolve(null),
    marksKept && range.period
      ? db.query<{ studentId: number; value: GridStudent['periodMark'] }[]>(
          `SELECT "studentId", value FROM period_mark WHERE "studentId" = ANY($1) AND "subjectId" = $2 AND "periodId" = $3`,
          [ids, t.subjectId, range.period.id],
        )
      : Promise.resolve([]),
    gridJournalEntries(db, {
      staffId: p.staff!.staffId,
      subjectId: t.subjectId,
      lessonIds: lessons.map((l) => l.id),
      studentIds: ids,
    }),
    db.query<{ external: boolean }[]>(`SELECT journal = 'external' AS external FROM school WHERE id = $1`, [
      t.schoolId,
    ]),
  ]);
  const periodMark = new Map(periodMarks.map((r) => [r.studentId, r.value]));
  return {
    class: { id: t.classId, name: t.className, grade: t.grade },
    subject: { id: t.subjectId, name: t.subject },
    subgroup: t.subgroupId !== null ? { id: t.subgroupId, name: t.subgroup! } : null,
    period: range.period,
    from: range.from,
    to: range.to,
    today,
    keepsMarks: marksKept,
    readOnly: !t.teaches,
    setsPeriodMarks: marksKept && t.appointed && !!range.period,
    workKinds,
    lessons: lessons.map(({ teacherId: _t, substituteTeacherId, ...l }) => ({
      ...l,
      substituted: substituteTeacherId !== null,
      entry: states.get(l.id)!,
    })),
    students: students.map((s) => ({
      ...s,
      average: summaries?.get(s.id)?.average ?? null,
      suggested: summaries?.get(s.id)?.suggested ?? null,
      periodMark: periodMark.get(s.id) ?? null,
    })),
    marks,
    attendance,
    journal,
    sendsToJournal: !!school?.external,
  };
}
