import type { DataSource } from 'typeorm';
import type { AbsenceReason, AttendanceStatus } from '../../db/entities/index.js';
import { hhmm } from '../calendar.js';
import { groupBy } from '../group-by.js';
import { OWN_SUBGROUP_SQL, ownSubgroupSql, type DiaryStudent } from './student.js';

export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/** One lesson as the diary shows it: the timetable slot, what it covered, what was set for it. */
export interface DiaryLesson {
  id: number;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  room: string | null;
  subject: string;
  subgroup: string | null;
  teacher: PersonName;
  substitute: PersonName | null;
  topic: string | null;
  homework: string | null;
  homeworkSetAt: Date | null;
  cancelled: boolean;
  /** Files attached to the homework. */
  files: number;
  /** The student's absence or lateness at this lesson, if recorded. */
  attendance: { status: AttendanceStatus; reason: AbsenceReason } | null;
}

/**
 * The student's lessons from `from` to `to` (the class's and the student's own
 * subgroups' only), in timetable order, with teachers, substitutes, topics,
 * homework, attachment counts and the student's attendance.
 */
export async function loadLessons(ds: DataSource, s: DiaryStudent, from: string, to: string): Promise<DiaryLesson[]> {
  return (await loadLessonsOfStudents(ds, [s.studentId], from, to)).get(s.studentId) ?? [];
}

/**
 * The same for several students in one indexed query (lesson by class and date; staff, subject,
 * subgroup by key): the evening digest plans a whole school at once.
 */
export async function loadLessonsOfStudents(
  ds: DataSource,
  studentIds: number[],
  from: string,
  to: string,
): Promise<Map<number, DiaryLesson[]>> {
  const rows = await ds.query(
    `SELECT st.id AS "studentId", l.id, l.date, l.slot, l."startsAt", l."endsAt", l.room, l.topic, l.homework, l."homeworkSetAt", l.cancelled,
            sb.name AS subject, sg.name AS subgroup,
            json_build_object('lastName', t."lastName", 'firstName', t."firstName", 'middleName', t."middleName") AS teacher,
            CASE WHEN su.id IS NULL THEN NULL
                 ELSE json_build_object('lastName', su."lastName", 'firstName', su."firstName", 'middleName', su."middleName") END AS substitute,
            (SELECT count(*)::int FROM homework_attachment f WHERE f."lessonId" = l.id) AS files,
            CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('status', a.status, 'reason', a.reason) END AS attendance
       FROM student st
       JOIN lesson l ON l."classId" = st."classId"
       JOIN subject sb ON sb.id = l."subjectId"
       JOIN staff t ON t.id = l."teacherId"
       LEFT JOIN staff su ON su.id = l."substituteTeacherId"
       LEFT JOIN subgroup sg ON sg.id = l."subgroupId"
       LEFT JOIN attendance a ON a."lessonId" = l.id AND a."studentId" = st.id
      WHERE st.id = ANY($1::int[]) AND l.date BETWEEN $2 AND $3 AND ${ownSubgroupSql('st.id')}
      ORDER BY st.id, l.date, l.slot, l."startsAt", l.id`,
    [studentIds, from, to],
  );
  const byStudent = groupBy(rows as LessonRow[], (r) => r.studentId);
  return new Map([...byStudent].map(([studentId, list]) => [studentId, list.map(lessonOf)]));
}

type LessonRow = DiaryLesson & { studentId: number; homeworkSetAt: string | Date | null };

const lessonOf = ({ studentId: _s, ...r }: LessonRow): DiaryLesson => ({
  ...r,
  startsAt: hhmm(r.startsAt),
  endsAt: hhmm(r.endsAt),
  homeworkSetAt: r.homeworkSetAt ? new Date(r.homeworkSetAt) : null,
});

/** Lessons grouped by date, dates in order. */
export const byDate = (lessons: DiaryLesson[]): Map<string, DiaryLesson[]> => groupBy(lessons, (l) => l.date);

/**
 * During the school day: the lesson going on now, or else the next one today
 * (cancelled lessons skipped); null before the day's first hour or after its last lesson.
 */
export function currentOrNext(todays: DiaryLesson[], time: string): { lesson: DiaryLesson; now: boolean } | null {
  const held = todays.filter((l) => !l.cancelled);
  if (!held.length) return null;
  const going = held.find((l) => l.startsAt <= time && time < l.endsAt);
  if (going) return { lesson: going, now: true };
  const next = held.find((l) => time < l.startsAt);
  if (!next) return null;
  // The school day begins an hour before the first lesson.
  const [h, m] = held[0].startsAt.split(':').map(Number);
  const dayStarts = `${String(Math.max(0, h - 1)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return time >= dayStarts ? { lesson: next, now: false } : null;
}

export interface HomeworkFile {
  id: number;
  fileName: string;
  mimeType: string;
  content: Buffer;
  telegramFileId: string | null;
}

/**
 * The files of one lesson's homework with the lesson's subject and date, if
 * that lesson is the student's (their class, their subgroup); null otherwise.
 * One query.
 */
export async function loadHomeworkFiles(
  ds: DataSource,
  s: DiaryStudent,
  lessonId: number,
): Promise<{ subject: string; date: string; files: HomeworkFile[] } | null> {
  if (!Number.isSafeInteger(lessonId) || lessonId <= 0) return null;
  const rows: (HomeworkFile & { subject: string; date: string })[] = await ds.query(
    `SELECT sb.name AS subject, l.date, f.id, f."fileName", f."mimeType", f.content, f."telegramFileId"
       FROM lesson l JOIN subject sb ON sb.id = l."subjectId" LEFT JOIN homework_attachment f ON f."lessonId" = l.id
      WHERE l.id = $3 AND l."classId" = $2 AND ${OWN_SUBGROUP_SQL}
      ORDER BY f.id`,
    [s.studentId, s.classId, lessonId],
  );
  if (!rows.length) return null;
  return {
    subject: rows[0].subject,
    date: rows[0].date,
    files: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id,
        fileName: r.fileName,
        mimeType: r.mimeType,
        content: r.content,
        telegramFileId: r.telegramFileId,
      })),
  };
}

/** Telegram's file id after the first upload, so later sends need no upload. */
export async function rememberTelegramFileId(ds: DataSource, attachmentId: number, fileId: string): Promise<void> {
  await ds.query(`UPDATE homework_attachment SET "telegramFileId" = $2 WHERE id = $1 AND "telegramFileId" IS NULL`, [
    attachmentId,
    fileId,
  ]);
}
