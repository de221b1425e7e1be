import type { Db } from '../unit-of-work.js';
import { lastEntryDay } from './index.js';

export interface OpenDay {
  date: string;
  lessons: number;
}

/** How far back to look for lessons still open: the window in school days, plus weekends and a long holiday. */
const LOOK_BACK_DAYS = 120;

/**
 * Earlier days whose lessons this teacher (or substitute) may still fill in — until the end of the
 * `windowDays`-th school day after each (`TEACHER_ENTRY_DAYS`) — newest first, with how many lessons each
 * has. On a Saturday, a Sunday or after a holiday this is how the last school day is reached.
 */
export async function openEntryDays(
  db: Db,
  staff: { staffId: number; schoolId: number },
  today: string,
  windowDays: number,
): Promise<OpenDay[]> {
  if (windowDays <= 0) return [];
  const rows = await db.query<OpenDay[]>(
    `SELECT l.date, count(*)::int AS lessons FROM lesson l
      WHERE l."schoolId" = $2 AND l.date < $3 AND l.date >= ($3::date - $4::int) AND NOT l.cancelled
        AND (l."substituteTeacherId" = $1 OR (l."teacherId" = $1 AND l."substituteTeacherId" IS NULL))
      GROUP BY l.date ORDER BY l.date DESC`,
    [staff.staffId, staff.schoolId, today, LOOK_BACK_DAYS],
  );
  const open: OpenDay[] = [];
  // Newest first: once a day's window has closed, every earlier one has too.
  for (const r of rows) {
    if ((await lastEntryDay(db, staff.schoolId, r.date, windowDays)) < today) break;
    open.push(r);
  }
  return open;
}
