import type { DataSource } from 'typeorm';

/** A look at the diary within this long of the previous one is the same visit: highlights stay while the family browses. */
export const VISIT_MINUTES = 30;

/**
 * Records that the account looked at the child's marks now and returns the
 * instant after which marks count as new (null: the first look, nothing is
 * highlighted). The bound moves to the previous look when a mark changed
 * since then, or when a new visit begins; within a visit it stays, so the
 * marks stay highlighted on the subject pages too. One statement, atomic.
 */
export async function markSeen(
  ds: DataSource,
  accountHash: string,
  studentId: number,
  lastChange: Date | null,
): Promise<Date | null> {
  const [row] = await ds.query(
    `INSERT INTO diary_seen ("accountHash", "studentId", "seenAt", "newSince") VALUES ($1, $2, now(), NULL)
     ON CONFLICT ("accountHash", "studentId") DO UPDATE SET
       "newSince" = CASE WHEN $3::timestamptz > diary_seen."seenAt" OR diary_seen."seenAt" < now() - make_interval(mins => $4)
                         THEN diary_seen."seenAt" ELSE diary_seen."newSince" END,
       "seenAt" = now()
     RETURNING "newSince"`,
    [accountHash, studentId, lastChange, VISIT_MINUTES],
  );
  return row?.newSince ? new Date(row.newSince) : null;
}
