import type { DataSource } from 'typeorm';
import { appendEvent, inTransaction } from '../../unit-of-work.js';

/**
 * Entries waiting too long for the school's e-journal (issue 18): an entry
 * still queued or unanswered FEED_STALE_MINUTES after the teacher made it is
 * marked told (`staleToldAt`) and its teacher gets one `feed.entriesStale`
 * message for all of theirs found in the same look — never a second one for
 * the same entry. «Now» is the caller's clock. The UPDATE claims the rows, so replicas looking at once
 * tell each entry once. Returns how many teachers were told.
 */
export async function notifyStaleEntries(ds: DataSource, opts: { staleMinutes: number; now: Date }): Promise<number> {
  return inTransaction(ds, async (em) => {
    const [rows]: [{ id: number; schoolId: number; staffId: number }[]] = await em.query(
      `UPDATE feed_entry SET "staleToldAt" = $2
        WHERE status IN ('queued', 'sent') AND "staleToldAt" IS NULL AND "staffId" IS NOT NULL
          AND "createdAt" < $2::timestamptz - make_interval(mins => $1)
        RETURNING id, "schoolId", "staffId"`,
      [opts.staleMinutes, opts.now],
    );
    const batches = new Map<string, { schoolId: number; staffId: number; entryIds: number[] }>();
    for (const r of rows.sort((a, b) => a.id - b.id)) {
      const key = `${r.schoolId}:${r.staffId}`;
      const b = batches.get(key) ?? { schoolId: r.schoolId, staffId: r.staffId, entryIds: [] };
      b.entryIds.push(r.id);
      batches.set(key, b);
    }
    for (const b of batches.values())
      await appendEvent(em, b.schoolId, 'feed.entriesStale', {
        staffId: b.staffId,
        entryIds: b.entryIds,
        minutes: opts.staleMinutes,
      });
    return batches.size;
  });
}
