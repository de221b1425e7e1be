import { HomeworkAttachmentEntity, type MarkValue } from '../../db/entities/index.js';
import { mayOnClass } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { GRADES_WITHOUT_MARKS } from '../journal/rules.js';
import { addDays, wallClock, weekday } from '../calendar.js';
import { audit, inTransaction, type Db } from '../unit-of-work.js';

/**
 * Teachers' quick entry (/today): the rules of who may enter what, for which
 * lesson and until when, and the writes, each through the core journal
 * services with the teacher as the actor. No grammY here.
 */

export interface TodayLesson {
  lessonId: number;
  schoolId: number;
  classId: number;
  className: string;
  grade: number;
  subgroupId: number | null;
  subgroup: string | null;
  subject: string;
  subjectId: number;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  topic: string | null;
  homework: string | null;
  cancelled: boolean;
  teacherId: number;
  substituteTeacherId: number | null;
}

const LESSON_SQL = `
  SELECT l.id AS "lessonId", l."schoolId", l."classId", c.name AS "className", c.grade, l."subgroupId", sg.name AS subgroup,
         sb.name AS subject, l."subjectId", l.date, l.slot, to_char(l."startsAt", 'HH24:MI') AS "startsAt",
         to_char(l."endsAt", 'HH24:MI') AS "endsAt", l.topic, l.homework, l.cancelled, l."teacherId", l."substituteTeacherId"
    FROM lesson l JOIN school_class c ON c.id = l."classId" JOIN subject sb ON sb.id = l."subjectId"
    LEFT JOIN subgroup sg ON sg.id = l."subgroupId"`;

/** Whether the grade keeps marks and homework (not grade 1, seed 000 §1.6). */
export const keepsMarks = (grade: number) => !GRADES_WITHOUT_MARKS.has(grade);

/** The lesson is this teacher's to enter: they give it, or substitute in it. */
export function teachesLesson(staffId: number, l: Pick<TodayLesson, 'teacherId' | 'substituteTeacherId'>): boolean {
  return l.substituteTeacherId === staffId || (l.teacherId === staffId && l.substituteTeacherId === null);
}

/** Staff who give lessons see /today; families never do. */
export function mayUseToday(
  p: AccessProfile | null,
): p is AccessProfile & { staff: NonNullable<AccessProfile['staff']> } {
  return !!p?.staff && (p.staff.roles.includes('teacher') || p.staff.teachesClasses.length > 0);
}

/** The lessons this teacher gives or substitutes in on `date`, in order. */
export async function teacherLessons(db: Db, staffId: number, date: string): Promise<TodayLesson[]> {
  const rows: TodayLesson[] = await db.query(
    `${LESSON_SQL} WHERE l.date = $2 AND (l."substituteTeacherId" = $1 OR (l."teacherId" = $1 AND l."substituteTeacherId" IS NULL))
      ORDER BY l.slot, c.name`,
    [staffId, date],
  );
  return rows;
}

/**
 * The last day a lesson can still be filled in: the end of the `days`-th
 * school day after it (weekends and the school's holidays skipped).
 */
export async function lastEntryDay(db: Db, schoolId: number, date: string, days: number): Promise<string> {
  const holidays: { startsOn: string; endsOn: string }[] = await db.query(
    `SELECT "startsOn", "endsOn" FROM holiday WHERE "schoolId" = $1 AND "endsOn" >= $2`,
    [schoolId, date],
  );
  let d = date;
  for (let left = days; left > 0;) {
    d = addDays(d, 1);
    if (weekday(d) >= 6 || holidays.some((h) => h.startsOn <= d && d <= h.endsOn)) continue;
    left--;
  }
  return d;
}

export type LessonRefusal = 'notFound' | 'notYours' | 'closed' | 'future' | 'cancelled';

/**
 * The lesson if this account may enter for it today: the teacher's own (or
 * substituted) lesson, not cancelled, from its day until the end of the
 * entry window; the policy is asked too. The same answer for a lesson that
 * does not exist and one of another teacher.
 */
export async function lessonForEntry(
  db: Db,
  p: AccessProfile | null,
  lessonId: number,
  today: string,
  windowDays: number,
): Promise<{ lesson: TodayLesson } | { refused: LessonRefusal }> {
  if (!p?.staff || !Number.isSafeInteger(lessonId) || lessonId <= 0) return { refused: 'notFound' };
  const [lesson]: TodayLesson[] = await db.query(`${LESSON_SQL} WHERE l.id = $1`, [lessonId]);
  if (
    !lesson ||
    lesson.schoolId !== p.staff.schoolId ||
    !teachesLesson(p.staff.staffId, lesson) ||
    !mayOnClass(p, 'editJournal', lesson)
  )
    return { refused: 'notFound' };
  if (lesson.cancelled) return { refused: 'cancelled' };
  if (lesson.date > today) return { refused: 'future' };
  if ((await lastEntryDay(db, lesson.schoolId, lesson.date, windowDays)) < today) return { refused: 'closed' };
  return { lesson };
}

export interface RosterRow {
  studentId: number;
  lastName: string;
  firstName: string;
  status: 'present' | 'absent' | 'late';
}

/** The lesson's students (its subgroup's, if any) with their attendance, by surname. */
export async function lessonRoster(db: Db, l: TodayLesson): Promise<RosterRow[]> {
  return db.query(
    `SELECT st.id AS "studentId", st."lastName", st."firstName", COALESCE(a.status, 'present') AS status
       FROM student st LEFT JOIN attendance a ON a."studentId" = st.id AND a."lessonId" = $2
      WHERE st."classId" = $1 AND st.active
        AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m WHERE m."subgroupId" = $3 AND m."studentId" = st.id))
      ORDER BY st."lastName", st."firstName", st.id`,
    [l.classId, l.lessonId, l.subgroupId],
  );
}

export interface LessonMark {
  markId: number;
  studentId: number;
  value: MarkValue;
  comment: string | null;
}

/** This lesson's marks of one work kind, by student. */
export async function lessonMarks(db: Db, lessonId: number, workKindId: number): Promise<Map<number, LessonMark>> {
  const rows: LessonMark[] = await db.query(
    `SELECT id AS "markId", "studentId", value, comment FROM mark WHERE "lessonId" = $1 AND "workKindId" = $2 AND NOT deleted ORDER BY id`,
    [lessonId, workKindId],
  );
  return new Map(rows.map((r) => [r.studentId, r]));
}

/** A work kind's name (the marks screen's title), or null. */
export async function workKindName(db: Db, workKindId: number | undefined): Promise<string | null> {
  if (!workKindId) return null;
  const [k] = await db.query(`SELECT name FROM work_kind WHERE id = $1`, [workKindId]);
  return (k?.name as string | undefined) ?? null;
}

export async function workKinds(db: Db, schoolId: number): Promise<{ id: number; name: string; weight: string }[]> {
  return db.query(`SELECT id, name, weight FROM work_kind WHERE "schoolId" = $1 ORDER BY weight DESC, name`, [
    schoolId,
  ]);
}

const staffActor = (p: AccessProfile): Actor => ({ kind: 'staff', staffId: p.staff!.staffId });

/**
 * Attaches a file the teacher sent in Telegram to the lesson's homework. The
 * file stays on Telegram's side: families get it by its file id (the bytes
 * are not copied), as the diary sends every homework file.
 */
export async function attachHomeworkFile(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  f: { fileName: string; mimeType: string; size: number; telegramFileId: string },
): Promise<void> {
  const actor = staffActor(p);
  await inTransaction(db, async (em) => {
    const ins = await em.insert(HomeworkAttachmentEntity, {
      schoolId: l.schoolId,
      lessonId: l.lessonId,
      fileName: f.fileName.slice(0, 200),
      mimeType: f.mimeType.slice(0, 100),
      size: f.size,
      content: Buffer.alloc(0),
      telegramFileId: f.telegramFileId,
      createdBy: `staff:${p.staff!.staffId}`,
    });
    await audit(
      em,
      actor,
      'today.homeworkFile',
      { type: 'lesson', id: l.lessonId },
      { attachmentId: ins.identifiers[0].id },
    );
  });
}

/** Today's date on the school's wall clock. */
export const todayIn = (timeZone: string, now: Date): string => wallClock(timeZone, now).date;
