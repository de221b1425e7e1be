import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../actor.js';
import { appendEvent, audit, inTransaction } from '../../unit-of-work.js';
import { deadLetter } from '../state.js';
import type { EntryAccepted, EntryRejected } from '../upstream-protocol.js';
import { restoredValue, rollBack, stillOurs, type EntryRow } from './rollback.js';

/**
 * The e-journal's answers to teachers' entries. Accepted: the held
 * notifications are released (families hear of it, the correction window
 * counted from the teacher's entry) and the local row is linked to the
 * e-journal's id. Rejected (or in conflict): the held notifications are
 * silenced, the local change is rolled back unless the e-journal already
 * wrote over it, and the entry stays with its reason for the teacher to see:
 * in /today, in a message pushed to the teacher once (notices.ts) and among
 * the feed's dead letters (`feed dead-letters`).
 */

type Row = EntryRow;

/** Makes the held outbox events due as of when they were written (the correction window still applies). */
async function release(em: EntityManager, held: string[]): Promise<boolean> {
  if (!held.length) return false;
  await em.query(
    `UPDATE outbox SET "availableAt" = "createdAt" WHERE id = ANY($1::bigint[]) AND "processedAt" IS NULL`,
    [held],
  );
  return true;
}

/** Wakes the outbox worker for released events: once per transaction, however many entries it settled. */
export async function wakeOutbox(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_notify('outbox', 'released')`);
}

/** Links the local row to the e-journal's id, so the change coming back as an event lands on it. */
export async function linkTarget(em: EntityManager, row: Row, externalId: string): Promise<void> {
  if (row.targetType === 'mark' && row.targetId)
    await em.query(`UPDATE mark SET "externalId" = $2 WHERE id = $1 AND "externalId" IS NULL`, [
      row.targetId,
      externalId,
    ]);
  else if (row.targetType === 'attendance' && row.targetId && row.lessonId)
    await em.query(
      `UPDATE attendance SET "externalId" = $3 WHERE "studentId" = $1 AND "lessonId" = $2 AND "externalId" IS NULL
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a."schoolId" = attendance."schoolId" AND a."externalId" = $3)`,
      [row.targetId, row.lessonId, externalId],
    );
  else if (row.targetType === 'periodMark' && row.targetId)
    await em.query(
      `UPDATE period_mark SET "externalId" = $2 WHERE id = $1 AND "externalId" IS NULL
         AND NOT EXISTS (SELECT 1 FROM period_mark p WHERE p."schoolId" = period_mark."schoolId" AND p."externalId" = $2)`,
      [row.targetId, externalId],
    );
}

const COLUMNS = `id, "schoolId", kind, "targetType", "targetId", "lessonId", before, after, "heldEvents", "createdAt"`;

/**
 * The event carrying a teacher's entry is being applied: the entry is settled (`applied`). If its answer did not
 * come first, its notifications are released and the local row linked here. Null for an entry already settled;
 * `released`: notifications were made due, so the caller wakes the outbox (wakeOutbox) before committing.
 */
export async function markAccepted(
  em: EntityManager,
  schoolId: number,
  a: { clientId: string; externalId: string; version: number },
): Promise<{ released: boolean } | null> {
  const [rows]: [(Row & { was: string })[]] = await em.query(
    `UPDATE feed_entry f SET status = 'applied', "externalId" = $3, version = $4, "answeredAt" = COALESCE("answeredAt", now()), "updatedAt" = now()
       FROM (SELECT id, status AS was FROM feed_entry
              WHERE "schoolId" = $1 AND "clientId" = $2 AND status IN ('queued', 'sent', 'accepted')
              FOR UPDATE) o
      WHERE f.id = o.id
      RETURNING f.id, f."schoolId", f.kind, f."targetType", f."targetId", f."lessonId", f.before, f.after, f."heldEvents", o.was`,
    [schoolId, a.clientId, a.externalId, a.version],
  );
  const row = rows[0];
  if (!row) return null;
  // An entry accepted before its event came was linked and had its notifications released then: not a second time.
  if (row.was === 'accepted') return { released: false };
  await linkTarget(em, row, a.externalId);
  return { released: await release(em, row.heldEvents) };
}

/**
 * The e-journal's acceptances that arrived together, written in one transaction: a few statements and one commit
 * for the group, not a transaction each. An entry whose row is locked is skipped: a feed batch is applying its
 * event, which settles it (markAccepted), or it is going back to the queue after a timeout and will be answered
 * again — waiting for the lock instead could deadlock with a batch applying several of the group's events.
 * Returns how many entries were accepted.
 */
export function entriesAccepted(ds: DataSource, schoolId: number, answers: EntryAccepted[]): Promise<number> {
  return inTransaction(ds, async (em) => {
    const [rows]: [(Row & { externalId: string })[]] = await em.query(
      `UPDATE feed_entry f SET status = 'accepted', "externalId" = a.ext, version = a.version,
              "answeredAt" = COALESCE(f."answeredAt", now()), "updatedAt" = now()
         FROM (SELECT e.id, x.ext, x.version FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x(cid, ext, version)
                 JOIN feed_entry e ON e."schoolId" = $1 AND e."clientId" = x.cid AND e.status IN ('queued', 'sent')
                ORDER BY e.id FOR UPDATE OF e SKIP LOCKED) a
        WHERE f.id = a.id
        RETURNING f.id, f."schoolId", f.kind, f."targetType", f."targetId", f."lessonId", f.before, f.after,
                  f."heldEvents", f."externalId"`,
      [schoolId, answers.map((m) => m.clientId), answers.map((m) => m.externalId), answers.map((m) => m.version)],
    );
    const marks = rows.filter((r) => r.targetType === 'mark' && r.targetId);
    if (marks.length)
      await em.query(
        `UPDATE mark m SET "externalId" = x.ext FROM unnest($1::int[], $2::text[]) AS x(id, ext)
          WHERE m.id = x.id AND m."externalId" IS NULL`,
        [marks.map((r) => r.targetId), marks.map((r) => r.externalId)],
      );
    for (const r of rows) if (r.targetType !== 'mark') await linkTarget(em, r, r.externalId);
    if (
      await release(
        em,
        rows.flatMap((r) => r.heldEvents),
      )
    )
      await wakeOutbox(em);
    return rows.length;
  });
}

/** The entry was rejected: its notifications silenced, the local change rolled back, the reason kept. */
export function entryRejected(ds: DataSource, schoolId: number, m: EntryRejected): Promise<boolean> {
  return inTransaction(ds, async (em) => {
    const [rows]: [(Row & { sentExternalId: string | null })[]] = await em.query(
      `UPDATE feed_entry SET status = $3, code = $4, reason = $5, theirs = $6, "answeredAt" = now(), "updatedAt" = now()
        WHERE "schoolId" = $1 AND "clientId" = $2 AND status IN ('queued', 'sent')
        RETURNING ${COLUMNS}, message->>'externalId' AS "sentExternalId"`,
      [
        schoolId,
        m.clientId,
        m.code === 'conflict' ? 'conflict' : 'rejected',
        m.code,
        m.reason,
        m.current ? JSON.stringify(m.current) : null,
      ],
    );
    const row = rows[0];
    if (!row) return false;
    if (row.heldEvents.length)
      await em.query(
        `UPDATE outbox SET silent = true, "processedAt" = now() WHERE id = ANY($1::bigint[]) AND "processedAt" IS NULL`,
        [row.heldEvents],
      );
    const actor: Actor = { kind: 'feed', schoolId };
    const ours = await stillOurs(em, row);
    if (ours) await rollBack(em, row, actor);
    await audit(em, actor, 'feed.entryRejected', { type: 'feed_entry', id: row.id }, { code: m.code });
    // The teacher is told once (this row left 'queued'/'sent' only now); families are told nothing.
    await appendEvent(em, schoolId, 'feed.entryRejected', {
      entryId: row.id,
      restored: ours ? { value: restoredValue(row) } : null,
    });
    await deadLetter(em, {
      schoolId,
      seq: null,
      eventId: m.clientId,
      type: row.kind,
      externalId: m.current?.externalId ?? row.sentExternalId,
      reason: `entry rejected (${m.code}): ${m.reason}`,
      message: JSON.stringify(m),
    });
    return true;
  });
}
