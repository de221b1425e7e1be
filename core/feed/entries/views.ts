import type { Db } from '../../unit-of-work.js';

/** A teacher's entry as /today shows it: what was entered, where it stands with the school's e-journal. */
export interface EntryView {
  kind: string;
  status: 'queued' | 'sent' | 'accepted' | 'applied' | 'rejected' | 'conflict';
  after: Record<string, unknown>;
  reason: string | null;
  theirs: { data?: Record<string, unknown> } | null;
}

/** The lesson's latest entries for the school's e-journal (newest first). */
export function lessonEntries(db: Db, lessonId: number, limit = 8): Promise<EntryView[]> {
  return db.query(
    `SELECT kind, status, after, reason, theirs FROM feed_entry WHERE "lessonId" = $1 ORDER BY id DESC LIMIT $2`,
    [lessonId, limit],
  );
}
