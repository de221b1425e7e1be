import type { DataSource } from 'typeorm';

/**
 * The upstream queue's sending side (jobs/feed-client/uplink.ts drives it):
 * which entries go next — the oldest open entry of each lane, when it is due
 * and not already waiting for its answer — and what happens to one that
 * waited too long for an answer (back to the queue, with backoff).
 */

export interface Outgoing {
  id: number;
  clientId: string;
  message: Record<string, unknown>;
}

/** A new connection: entries sent on the last one and not answered go again (with the same client id). */
export async function resubmitUnanswered(ds: DataSource, schoolId: number): Promise<number> {
  const res = await ds.query(
    `UPDATE feed_entry SET status = 'queued', "nextAttemptAt" = now(), "updatedAt" = now() WHERE "schoolId" = $1 AND status = 'sent'`,
    [schoolId],
  );
  return res[1] as number;
}

/** Entries sent longer ago than `timeoutMs` without an answer: queued again after `delayMs(attempts)`. */
export async function requeueUnanswered(
  ds: DataSource,
  schoolId: number,
  timeoutMs: number,
  delayMs: (attempts: number) => number,
): Promise<number> {
  const stale: { id: number; attempts: number }[] = await ds.query(
    `SELECT id, attempts FROM feed_entry WHERE "schoolId" = $1 AND status = 'sent' AND "sentAt" < now() - make_interval(secs => $2::float8 / 1000)`,
    [schoolId, timeoutMs],
  );
  for (const e of stale)
    await ds.query(
      `UPDATE feed_entry SET status = 'queued', "nextAttemptAt" = now() + make_interval(secs => $2::float8 / 1000), "updatedAt" = now()
        WHERE id = $1 AND status = 'sent'`,
      [e.id, delayMs(e.attempts)],
    );
  return stale.length;
}

/**
 * Claims the next entries to send: per lane the oldest open one, if it is queued and due. The row's own status is
 * checked again: `heads` comes from the statement's snapshot, so an entry settled meanwhile (its event applied by a
 * feed batch holding the row, as after a reconnect) would otherwise be put back to `sent`, answered again and left
 * `accepted` for ever. An entry that
 * names no e-journal id but whose row got one since (a mark created by an earlier entry of the lane, now
 * accepted) is sent with that id and the version the e-journal gave it.
 */
export async function claimNext(ds: DataSource, schoolId: number, limit: number): Promise<Outgoing[]> {
  // One statement, so atomic without a transaction of its own (no BEGIN/COMMIT round trips on every pass).
  type Claimed = { id: number; clientId: string; message: Record<string, unknown>; rowExt: string | null };
  const [rows]: [(Claimed & { base: string | null })[]] = await ds.query(
    `WITH heads AS (
         SELECT DISTINCT ON (lane) id, status, "nextAttemptAt" FROM feed_entry
          WHERE "schoolId" = $1 AND status IN ('queued', 'sent') ORDER BY lane, id)
       UPDATE feed_entry f SET status = 'sent', "sentAt" = now(), attempts = f.attempts + 1, "updatedAt" = now()
         FROM heads h WHERE f.id = h.id AND h.status = 'queued' AND h."nextAttemptAt" <= now()
           AND f.id IN (SELECT id FROM heads WHERE status = 'queued' ORDER BY id LIMIT $2)
           AND f.status = 'queued' AND f."nextAttemptAt" <= now()
       RETURNING f.id, f."clientId", f.message,
         (SELECT m."externalId" FROM mark m WHERE f."targetType" = 'mark' AND m.id = f."targetId") AS "rowExt",
         (SELECT p.version FROM feed_entry p WHERE p."targetType" = f."targetType" AND p."targetId" = f."targetId"
             AND p.id < f.id AND p.status IN ('accepted', 'applied') ORDER BY p.id DESC LIMIT 1) AS base`,
    [schoolId, limit],
  );
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const m = r.message;
      const resolved = m.externalId === null && r.rowExt;
      const message = resolved ? { ...m, externalId: r.rowExt, baseVersion: Number(r.base ?? m.baseVersion) } : m;
      return { id: r.id, clientId: r.clientId, message };
    });
}

/** Pending (queued or waiting for an answer) and refused (rejected or in conflict) entries per school. */
export async function entryCounts(ds: DataSource): Promise<Map<number, { pending: number; rejected: number }>> {
  const rows: { schoolId: number; pending: number; rejected: number }[] = await ds.query(
    `SELECT "schoolId", count(*) FILTER (WHERE status IN ('queued', 'sent'))::int AS pending,
            count(*) FILTER (WHERE status IN ('rejected', 'conflict'))::int AS rejected
       FROM feed_entry WHERE status IN ('queued', 'sent', 'rejected', 'conflict') GROUP BY "schoolId"`,
  );
  return new Map(rows.map((r) => [r.schoolId, { pending: r.pending, rejected: r.rejected }]));
}
