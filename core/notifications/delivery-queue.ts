import type { DataSource } from 'typeorm';
import { returned, type DeliveryExtra } from './deliveries.js';
import { markGroupLost } from '../class-group/lifecycle.js';
import { bulkFloor } from './priority.js';
import type { Messenger } from '../messenger.js';

/** Every messenger a worker may send on (a worker without MAX's token leaves MAX's rows pending). */
export const ALL_MESSENGERS: readonly Messenger[] = ['telegram', 'max'];

/**
 * The worker's side of the delivery rows: claiming the due ones and writing
 * each outcome (sent, waiting again, failed, cancelled, the chat blocked).
 */
export interface ClaimedDelivery {
  id: string;
  /** Which messenger `chatId` is a chat of, and so which sender takes the row. */
  messenger: Messenger;
  chatId: string;
  text: string;
  attempts: number;
  kind: string;
  linkId: number | null;
  /** Buttons and a file to send with the text (null: text only). */
  extra: DeliveryExtra | null;
  /** The link still active, its chat unchanged, the child or staff member still active. */
  linkOk: boolean;
  inactiveReason: string | null;
  /** 1 personal news, 0 bulk (priority.ts). */
  priority: number;
}

/** Namespace of the advisory locks that mark a live worker (second key: the worker id). */
export const WORKER_LOCK_CLASS = 7001;

/**
 * Claims due pending deliveries for this worker (FOR UPDATE SKIP LOCKED: any
 * number of workers): personal news first, oldest first, leaving a floor of
 * the batch to bulk (announcements, digests) while it waits, so an alert never
 * queues behind a broadcast and a broadcast still drains (priority.ts). The
 * batch comes back personal first, then bulk, each in id order: a chat's
 * messages of one priority (a mark, then its correction) keep their order.
 * Claimed rows are `sending` until the outcome is written.
 */
export async function claimDeliveries(
  ds: DataSource,
  workerId: number,
  now: Date,
  limit: number,
  messengers: readonly Messenger[] = ALL_MESSENGERS,
): Promise<ClaimedDelivery[]> {
  const rows = returned<ClaimedDelivery & { linkOk: boolean | null }>(
    await ds.query(
      `WITH bulk AS (
       SELECT id FROM notification_delivery WHERE status = 'pending' AND priority = 0 AND "notBefore" <= $2 AND messenger = ANY($5)
        ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED),
     high AS (
       SELECT id FROM notification_delivery WHERE status = 'pending' AND priority = 1 AND "notBefore" <= $2 AND messenger = ANY($5)
        ORDER BY id LIMIT $3 - (SELECT count(*) FROM bulk) FOR UPDATE SKIP LOCKED),
     more AS (
       SELECT id FROM notification_delivery WHERE status = 'pending' AND priority = 0 AND "notBefore" <= $2 AND messenger = ANY($5)
          AND id > (SELECT coalesce(max(id), 0) FROM bulk)
        ORDER BY id LIMIT $3 - (SELECT count(*) FROM bulk) - (SELECT count(*) FROM high) FOR UPDATE SKIP LOCKED),
     c AS (SELECT id FROM bulk UNION ALL SELECT id FROM high UNION ALL SELECT id FROM more)
     UPDATE notification_delivery d SET status = 'sending', "claimedBy" = $1, "claimedAt" = now(), "updatedAt" = now()
       FROM c WHERE d.id = c.id
     RETURNING d.id, d.messenger, d."chatId", d.text, d.attempts, d.kind, d."linkId", d.extra, d.priority,
       CASE WHEN d."classGroupId" IS NOT NULL THEN
         (SELECT g."unlinkedAt" IS NULL AND g."inactiveReason" IS NULL AND g."chatId" = d."chatId" AND g.messenger = d.messenger FROM class_group g WHERE g.id = d."classGroupId")
       ELSE
       (SELECT l."revokedAt" IS NULL AND l."inactiveReason" IS NULL AND l."chatId" = d."chatId" AND l.messenger = d.messenger
               AND (l."studentId" IS NULL OR st.active) AND (l."staffId" IS NULL OR sf.active)
          FROM link l LEFT JOIN student st ON st.id = l."studentId" LEFT JOIN staff sf ON sf.id = l."staffId"
         WHERE l.id = d."linkId") END AS "linkOk",
       COALESCE((SELECT l."inactiveReason" FROM link l WHERE l.id = d."linkId"),
                (SELECT g."inactiveReason" FROM class_group g WHERE g.id = d."classGroupId" AND g."unlinkedAt" IS NULL)) AS "inactiveReason"`,
      [workerId, now, limit, Math.min(limit, bulkFloor(limit)), messengers],
    ),
  );
  return rows
    .map((r) => ({ ...r, id: String(r.id), chatId: String(r.chatId), linkOk: r.linkOk === true }))
    .sort((a, b) => b.priority - a.priority || Number(a.id) - Number(b.id));
}

/** Rows claimed by workers that are gone (their advisory lock released: crashed, killed) go back to pending. */
export async function releaseOrphans(ds: DataSource): Promise<number> {
  const rows = await ds.query(
    `UPDATE notification_delivery SET status = 'pending', "claimedBy" = NULL, "updatedAt" = now()
      WHERE status = 'sending' AND "claimedBy" NOT IN (
        SELECT objid::bigint FROM pg_locks
         WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
      RETURNING id`,
    [WORKER_LOCK_CLASS],
  );
  return returned(rows).length;
}

/** Sent: one statement for every row a worker's senders finished meanwhile (jobs/notifications/sent-writer.ts). */
export async function markSent(ds: DataSource, rows: { id: string; messageId: number | null }[]): Promise<void> {
  if (!rows.length) return;
  await ds.query(
    `UPDATE notification_delivery d SET status = 'sent', "sentAt" = now(), "telegramMessageId" = x.m, attempts = d.attempts + 1,
            "lastError" = NULL, "claimedBy" = NULL, "updatedAt" = now()
       FROM unnest($1::bigint[], $2::bigint[]) AS x(id, m) WHERE d.id = x.id`,
    [rows.map((r) => r.id), rows.map((r) => r.messageId)],
  );
}

/** Hands claimed rows back untouched, due at `notBefore` (a chat that already has a message on the way). */
export async function handBack(ds: DataSource, ids: string[], notBefore: Date): Promise<void> {
  if (!ids.length) return;
  await ds.query(
    `UPDATE notification_delivery SET status = 'pending', "notBefore" = $2, "claimedBy" = NULL, "updatedAt" = now() WHERE id = ANY($1::bigint[])`,
    [ids, notBefore],
  );
}

/** Back to pending, due at `notBefore`; `countAttempt` false for waits that are not failures (429, a busy chat). */
export async function reschedule(
  ds: DataSource,
  id: string,
  notBefore: Date,
  error: string | null,
  countAttempt: boolean,
): Promise<void> {
  await ds.query(
    `UPDATE notification_delivery SET status = 'pending', "notBefore" = $2, "lastError" = COALESCE($3, "lastError"),
            attempts = attempts + $4, "claimedBy" = NULL, "updatedAt" = now() WHERE id = $1`,
    [id, notBefore, error, countAttempt ? 1 : 0],
  );
}

export async function markFailed(ds: DataSource, id: string, error: string, countAttempt = true): Promise<void> {
  await ds.query(
    `UPDATE notification_delivery SET status = 'failed', "lastError" = $2, attempts = attempts + $3, "claimedBy" = NULL, "updatedAt" = now() WHERE id = $1`,
    [id, error, countAttempt ? 1 : 0],
  );
}

export async function markCancelled(ds: DataSource, ids: string[], reason: string): Promise<void> {
  if (!ids.length) return;
  await ds.query(
    `UPDATE notification_delivery SET status = 'cancelled', "lastError" = $2, "claimedBy" = NULL, "updatedAt" = now() WHERE id = ANY($1::bigint[])`,
    [ids, reason],
  );
}

/**
 * Telegram refused the chat (the user blocked the bot, the chat is gone): the
 * links to it are marked inactive and nothing more is sent there until the
 * user writes to the bot again.
 */
export async function markChatBlocked(
  ds: DataSource,
  deliveryId: string,
  chatId: string,
  reason: string,
  now: Date,
  messenger: Messenger = 'telegram',
): Promise<number> {
  return ds.transaction(async (em) => {
    await em.query(
      `UPDATE link SET "inactiveReason" = $2 WHERE "chatId" = $1 AND messenger = $3 AND "revokedAt" IS NULL AND "inactiveReason" IS NULL`,
      [chatId, reason, messenger],
    );
    // A class group the bot can no longer write to: set aside, its class teacher told (core/class-group/lifecycle.ts).
    if (Number(chatId) < 0) await markGroupLost(em, chatId, 'blocked', now, messenger);
    const rows = await em.query(
      `UPDATE notification_delivery SET status = 'blocked', "lastError" = $3, "claimedBy" = NULL, "updatedAt" = now(),
              attempts = attempts + CASE WHEN id = $2 THEN 1 ELSE 0 END
        WHERE "chatId" = $1 AND messenger = $4 AND (status = 'pending' OR id = $2) RETURNING id`,
      [chatId, deliveryId, reason, messenger],
    );
    return returned(rows).length;
  });
}

/** The moment the next pending delivery falls due (to sleep exactly that long). */
export async function nextDeliveryDue(
  ds: DataSource,
  messengers: readonly Messenger[] = ALL_MESSENGERS,
): Promise<Date | null> {
  const [row] = await ds.query(
    `SELECT min("notBefore") AS at FROM notification_delivery WHERE status = 'pending' AND messenger = ANY($1)`,
    [messengers],
  );
  return row?.at ? new Date(row.at) : null;
}

/** Due rows of a messenger this worker cannot send on (its token not configured): they wait, counted for the log. */
export async function strandedDeliveries(ds: DataSource, messengers: readonly Messenger[]): Promise<number> {
  const [row] = await ds.query(
    `SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'pending' AND NOT (messenger = ANY($1))`,
    [messengers],
  );
  return Number(row?.n ?? 0);
}
