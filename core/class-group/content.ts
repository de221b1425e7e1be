import type { Db } from '../unit-of-work.js';
import { addDays, hhmm } from '../calendar.js';

/**
 * What a class's group may read: the class's lessons as the timetable shows
 * them to everybody — subject, subgroup, time, room, homework, cancelled or
 * substituted. Nothing here is about one student (no marks, no attendance, no
 * names of children): the group's only source of journal data.
 */
export interface ClassLesson {
  id: number;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  room: string | null;
  subject: string;
  subgroup: string | null;
  homework: string | null;
  files: number;
  cancelled: boolean;
  substituted: boolean;
}

/** How far ahead «the next school day» is looked for (weekends, holidays). */
const LOOKAHEAD_DAYS = 14;

export async function classLessons(db: Db, classId: number, from: string, to: string): Promise<ClassLesson[]> {
  const rows = await db.query(
    `SELECT l.id, l.date, l.slot, l."startsAt", l."endsAt", l.room, l.homework, l.cancelled,
            l."substituteTeacherId" IS NOT NULL AS substituted, sb.name AS subject, sg.name AS subgroup,
            (SELECT count(*)::int FROM homework_attachment f WHERE f."lessonId" = l.id) AS files
       FROM lesson l JOIN subject sb ON sb.id = l."subjectId" LEFT JOIN subgroup sg ON sg.id = l."subgroupId"
      WHERE l."classId" = $1 AND l.date BETWEEN $2 AND $3
      ORDER BY l.date, l.slot, l."startsAt", l.id`,
    [classId, from, to],
  );
  return rows.map((r: ClassLesson) => ({ ...r, startsAt: hhmm(r.startsAt), endsAt: hhmm(r.endsAt) }));
}

/** The first day after `date` with lessons of the class (within two weeks), with that day's lessons. */
export async function nextSchoolDay(db: Db, classId: number, date: string) {
  const ahead = await classLessons(db, classId, addDays(date, 1), addDays(date, LOOKAHEAD_DAYS));
  const first = ahead[0]?.date;
  return first ? { date: first, lessons: ahead.filter((l) => l.date === first) } : null;
}

/** The day a parent asking for the timetable means: today until its last lesson ends, then the next school day. */
export async function timetableDay(db: Db, classId: number, today: string, time: string) {
  const todays = await classLessons(db, classId, today, today);
  const last = todays.filter((l) => !l.cancelled).at(-1);
  if (last && time < last.endsAt) return { date: today, lessons: todays };
  return nextSchoolDay(db, classId, today);
}
