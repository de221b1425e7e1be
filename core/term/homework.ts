import type { DataSource } from 'typeorm';
import { loadLessons } from '../diary/lessons.js';
import type { DiaryStudent } from '../diary/student.js';

export interface TermFile {
  id: number;
  name: string;
  /** bytes */
  size: number;
  /** Telegram already holds the file (sent once): the bot forwards it without uploading. */
  inTelegram: boolean;
}

export interface TermHomeworkLesson {
  lessonId: number;
  slot: number;
  subject: string;
  subgroup: string | null;
  homework: string | null;
  cancelled: boolean;
  files: TermFile[];
}

export interface TermHomeworkDay {
  date: string;
  lessons: TermHomeworkLesson[];
}

/**
 * The homework set for the student's lessons from `from` to `to` (their class
 * and own subgroups), by day, with each homework's files (names and sizes,
 * never the content). Lessons with neither homework nor files are left out.
 */
export async function homeworkDays(
  ds: DataSource,
  s: DiaryStudent,
  from: string,
  to: string,
): Promise<TermHomeworkDay[]> {
  const lessons = (await loadLessons(ds, s, from, to)).filter((l) => l.homework || l.files > 0);
  const files: (TermFile & { lessonId: number })[] = lessons.length
    ? await ds.query(
        `SELECT id, "lessonId", "fileName" AS name, size, ("telegramFileId" IS NOT NULL) AS "inTelegram"
           FROM homework_attachment WHERE "lessonId" = ANY($1::int[]) ORDER BY id`,
        [lessons.map((l) => l.id)],
      )
    : [];
  const days = new Map<string, TermHomeworkLesson[]>();
  for (const l of lessons)
    days.set(l.date, [
      ...(days.get(l.date) ?? []),
      {
        lessonId: l.id,
        slot: l.slot,
        subject: l.subject,
        subgroup: l.subgroup,
        homework: l.homework,
        cancelled: l.cancelled,
        files: files.filter((f) => f.lessonId === l.id).map(({ lessonId: _l, ...f }) => f),
      },
    ]);
  return [...days].map(([date, ls]) => ({ date, lessons: ls }));
}

/** A homework file to send, found among the lessons of the given students' classes and own subgroups. */
export interface FileToSend {
  attachmentId: number;
  fileName: string;
  /** Telegram's id once the file was sent; otherwise the bytes to upload. */
  telegramFileId: string | null;
  content: Buffer | null;
  studentId: number;
  subject: string;
  date: string;
}

/**
 * The attachment if it belongs to a lesson of one of `studentIds`' classes
 * (and, for a subgroup's lesson, the student's own subgroup); the active child
 * first. The bytes are read only when Telegram does not hold the file yet.
 */
export async function findFileToSend(
  ds: DataSource,
  attachmentId: number,
  studentIds: number[],
  preferred: number | null,
): Promise<FileToSend | null> {
  if (!Number.isSafeInteger(attachmentId) || attachmentId <= 0 || !studentIds.length) return null;
  const [row] = await ds.query(
    `SELECT f.id AS "attachmentId", f."fileName", f."telegramFileId",
            CASE WHEN f."telegramFileId" IS NULL THEN f.content END AS content,
            st.id AS "studentId", sb.name AS subject, l.date
       FROM homework_attachment f
       JOIN lesson l ON l.id = f."lessonId"
       JOIN subject sb ON sb.id = l."subjectId"
       JOIN student st ON st."classId" = l."classId" AND st.id = ANY($2::int[])
      WHERE f.id = $1
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = st.id))
      ORDER BY (st.id = $3) DESC, st.id
      LIMIT 1`,
    [attachmentId, studentIds, preferred ?? 0],
  );
  return (row as FileToSend | undefined) ?? null;
}
