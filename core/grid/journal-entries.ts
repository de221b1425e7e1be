import type { Db } from '../unit-of-work.js';
import type { GridJournalEntry } from './types.js';

/**
 * The teacher's entries for the school's e-journal shown with the grid (a
 * school whose journal of record is its e-journal): those of the grid's
 * lessons and of its students' period marks in this subject, newest first,
 * each with where it stands — sent, accepted, rejected with the reason, or
 * in conflict with both values (the e-journal's stands until the teacher
 * enters theirs again). Empty for an internal school.
 */
export async function gridJournalEntries(
  db: Db,
  i: { staffId: number; subjectId: number; lessonIds: number[]; studentIds: number[] },
  limit = 20,
): Promise<GridJournalEntry[]> {
  const rows: (Omit<GridJournalEntry, 'ours' | 'theirs'> & {
    after: Record<string, unknown>;
    theirs: { data?: Record<string, unknown> } | null;
  })[] = await db.query(
    `SELECT e.id, e.kind, e.status, e.reason, e.after, e.theirs, to_char(l.date, 'YYYY-MM-DD') AS date
       FROM feed_entry e LEFT JOIN lesson l ON l.id = e."lessonId"
      WHERE e."staffId" = $1
        AND (e."lessonId" = ANY($2::int[])
             OR (e.kind = 'periodMark.set' AND (e.after->>'subjectId')::int = $3 AND (e.after->>'studentId')::int = ANY($4::int[])))
      ORDER BY e.id DESC LIMIT $5`,
    [i.staffId, i.lessonIds, i.subjectId, i.studentIds, limit],
  );
  return rows.map(({ after, theirs, ...e }) => {
    const d = theirs?.data ?? {};
    const pick = (o: Record<string, unknown>, keys: string[]) => {
      for (const k of keys) if (typeof o[k] === 'string') return o[k];
      return null;
    };
    const keys =
      e.kind === 'attendance.set' ? ['status'] : e.kind === 'lesson.topic' ? ['text', 'topic'] : ['value', 'text'];
    return {
      ...e,
      student: typeof after.student === 'string' ? after.student : null,
      period: typeof after.period === 'string' ? after.period : null,
      ours: pick(after, keys),
      theirs: theirs ? pick(d, keys) : null,
    };
  });
}
