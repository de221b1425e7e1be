import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from './audience.js';
import { loadPreferences, prefKey, quietHoursOf, type Kind } from './preferences.js';
import { splitMessage } from '../html.js';
import { quietHoursEnd } from './time.js';

/**
 * Messages planned from an event or a schedule slot become rows: a delivery
 * per chat (pending until its time: now, or when the recipient's quiet hours
 * end), or a line in the evening digest when the recipient chose so, or
 * nothing when that kind is off. Rows are keyed (`dedupeKey`), so planning
 * the same event or slot again adds nothing.
 */
export interface Planned {
  /** Unique for this message; the chat (or link, for digest lines) is appended. */
  key: string;
  schoolId: number;
  eventId?: string | null;
  /** What kind of news it is (stored on the row, shown in metrics and the CLI). */
  kind: string;
  /** The preference that decides instant / digest / off; null: always at once (staff, alerts). */
  preference: Kind | null;
  recipient: Recipient;
  text: string;
  /** The line for the evening digest (default: the text). */
  digestLine?: string;
  /** Inline buttons under the message and a file sent with it (issue 8: «Ознакомлен», «Принять», a справка). */
  extra?: DeliveryExtra;
  /** Sent now even in the recipient's quiet hours (an urgent announcement). */
  urgent?: boolean;
}

/**
 * What a delivery carries besides its text, stored as JSON on the row: inline
 * buttons (callback data as bot/callback-data.ts writes it) and a Telegram
 * file by its file_id, sent as a photo or document with the text as caption.
 */
export interface DeliveryExtra {
  buttons?: { text: string; data: string }[][];
  file?: { kind: 'photo' | 'document'; fileId: string };
}

/** Telegram's caption limit: a longer text goes as a message of its own before the file. */
const CAPTION_MAX = 1024;

export interface PlanContext {
  now: Date;
  timezone: string;
  /** NOTIFY_QUIET_HOURS: quiet hours of accounts that never set theirs. */
  defaultQuietHours: string;
}

export interface DeliverResult {
  deliveries: number;
  digestItems: number;
  off: number;
}

export async function deliver(
  em: EntityManager | DataSource,
  planned: Planned[],
  ctx: PlanContext,
): Promise<DeliverResult> {
  const result: DeliverResult = { deliveries: 0, digestItems: 0, off: 0 };
  if (!planned.length) return result;
  const pairs = planned
    .filter((p) => p.preference && p.recipient.student)
    .map((p) => ({ accountHash: p.recipient.accountHash, studentId: p.recipient.student!.studentId }));
  const prefs = await loadPreferences(em, pairs);
  const quiet = await quietHoursOf(
    em,
    [...new Set(planned.map((p) => p.recipient.accountHash))],
    ctx.defaultQuietHours,
  );
  const rows: {
    key: string;
    schoolId: number;
    eventId: string | null;
    kind: string;
    chatId: string;
    linkId: number;
    studentId: number | null;
    text: string;
    notBefore: Date;
    extra: DeliveryExtra | null;
  }[] = [];
  const digest: {
    key: string;
    schoolId: number;
    linkId: number;
    chatId: string;
    studentId: number;
    kind: string;
    line: string;
  }[] = [];
  for (const p of planned) {
    const r = p.recipient;
    const mode =
      p.preference && r.student
        ? prefs.get(prefKey(r.accountHash, r.student.studentId))!.modes[p.preference]
        : 'instant';
    if (mode === 'off') {
      result.off++;
      continue;
    }
    if (mode === 'digest' && r.student) {
      digest.push({
        key: `${p.key}:${r.linkId}`,
        schoolId: p.schoolId,
        linkId: r.linkId,
        chatId: r.chatId,
        studentId: r.student.studentId,
        kind: p.kind,
        line: p.digestLine ?? p.text,
      });
      continue;
    }
    const notBefore =
      (p.urgent ? null : quietHoursEnd(quiet.get(r.accountHash) ?? null, ctx.now, ctx.timezone)) ?? ctx.now;
    // A file takes the text as its caption when it fits; otherwise it follows the text as a row of its own.
    const file = p.extra?.file;
    const captioned = !!file && p.text.length <= CAPTION_MAX;
    const parts = captioned ? [p.text] : splitMessage(p.text);
    const pieces: { text: string; extra: DeliveryExtra | null }[] = parts.map((text, i) => ({
      text,
      extra:
        i === parts.length - 1 && (p.extra?.buttons || captioned)
          ? { ...(p.extra?.buttons ? { buttons: p.extra.buttons } : {}), ...(captioned ? { file } : {}) }
          : null,
    }));
    if (file && !captioned) pieces.push({ text: '', extra: { file } });
    pieces.forEach((piece, i) =>
      rows.push({
        key: `${p.key}:${r.chatId}${pieces.length > 1 ? `#${i + 1}` : ''}`,
        schoolId: p.schoolId,
        eventId: p.eventId ?? null,
        kind: p.kind,
        chatId: r.chatId,
        linkId: r.linkId,
        studentId: r.student?.studentId ?? null,
        text: piece.text,
        notBefore: new Date(notBefore.getTime() + i),
        extra: piece.extra,
      }),
    );
  }
  if (rows.length) {
    const inserted = await em.query(
      `INSERT INTO notification_delivery ("dedupeKey", "schoolId", "eventId", kind, "chatId", "linkId", "studentId", text, "notBefore", extra)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bigint[], $6::int[], $7::int[], $8::text[], $9::timestamptz[], $10::jsonb[])
       ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`,
      [
        rows.map((r) => r.key),
        rows.map((r) => r.schoolId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.kind),
        rows.map((r) => r.chatId),
        rows.map((r) => r.linkId),
        rows.map((r) => r.studentId),
        rows.map((r) => r.text),
        rows.map((r) => r.notBefore.toISOString()),
        rows.map((r) => (r.extra ? JSON.stringify(r.extra) : null)),
      ],
    );
    result.deliveries = inserted.length;
  }
  if (digest.length) {
    const inserted = await em.query(
      // createdAt from the planning clock: the digest takes the items created up to its slot.
      `INSERT INTO notification_digest_item ("dedupeKey", "schoolId", "linkId", "chatId", "studentId", kind, line, "createdAt")
       SELECT *, $8::timestamptz FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::int[], $6::text[], $7::text[])
       ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`,
      [
        digest.map((d) => d.key),
        digest.map((d) => d.schoolId),
        digest.map((d) => d.linkId),
        digest.map((d) => d.chatId),
        digest.map((d) => d.studentId),
        digest.map((d) => d.kind),
        digest.map((d) => d.line),
        ctx.now,
      ],
    );
    result.digestItems = inserted.length;
  }
  if (result.deliveries) await em.query(`SELECT pg_notify('notification', '')`);
  return result;
}

// ── the sending side ───────────────────────────────────────────────────────

/** Rows of an UPDATE … RETURNING (TypeORM answers [rows, count] for UPDATE and DELETE, rows otherwise). */
export function returned<T>(res: unknown): T[] {
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number')
    return res[0] as T[];
  return res as T[];
}

export interface ClaimedDelivery {
  id: string;
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
}

/** Namespace of the advisory locks that mark a live worker (second key: the worker id). */
export const WORKER_LOCK_CLASS = 7001;

/**
 * Claims due pending deliveries for this worker (FOR UPDATE SKIP LOCKED: any
 * number of workers), oldest first: a message that had to wait for its chat
 * keeps its place ahead of a broadcast that came later. Claimed rows are
 * `sending` until the outcome is written.
 */
export async function claimDeliveries(
  ds: DataSource,
  workerId: number,
  now: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = returned<ClaimedDelivery & { linkOk: boolean | null }>(
    await ds.query(
      `WITH c AS (
       SELECT id FROM notification_delivery WHERE status = 'pending' AND "notBefore" <= $2
        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE notification_delivery d SET status = 'sending', "claimedBy" = $1, "claimedAt" = now(), "updatedAt" = now()
       FROM c WHERE d.id = c.id
     RETURNING d.id, d."chatId", d.text, d.attempts, d.kind, d."linkId", d.extra,
       (SELECT l."revokedAt" IS NULL AND l."inactiveReason" IS NULL AND l."chatId" = d."chatId"
               AND (l."studentId" IS NULL OR st.active) AND (l."staffId" IS NULL OR sf.active)
          FROM link l LEFT JOIN student st ON st.id = l."studentId" LEFT JOIN staff sf ON sf.id = l."staffId"
         WHERE l.id = d."linkId") AS "linkOk",
       (SELECT l."inactiveReason" FROM link l WHERE l.id = d."linkId") AS "inactiveReason"`,
      [workerId, now, limit],
    ),
  );
  return rows
    .map((r) => ({ ...r, id: String(r.id), chatId: String(r.chatId), linkOk: r.linkOk === true }))
    .sort((a, b) => Number(a.id) - Number(b.id));
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

export async function markSent(ds: DataSource, id: string, messageId: number | null): Promise<void> {
  await ds.query(
    `UPDATE notification_delivery SET status = 'sent', "sentAt" = now(), "telegramMessageId" = $2, attempts = attempts + 1,
            "lastError" = NULL, "claimedBy" = NULL, "updatedAt" = now() WHERE id = $1`,
    [id, messageId],
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
): Promise<number> {
  return ds.transaction(async (em) => {
    await em.query(
      `UPDATE link SET "inactiveReason" = $2 WHERE "chatId" = $1 AND "revokedAt" IS NULL AND "inactiveReason" IS NULL`,
      [chatId, reason],
    );
    const rows = await em.query(
      `UPDATE notification_delivery SET status = 'blocked', "lastError" = $3, "claimedBy" = NULL, "updatedAt" = now(),
              attempts = attempts + CASE WHEN id = $2 THEN 1 ELSE 0 END
        WHERE "chatId" = $1 AND (status = 'pending' OR id = $2) RETURNING id`,
      [chatId, deliveryId, reason],
    );
    return returned(rows).length;
  });
}

/** Telegram said the user blocked the bot (my_chat_member): the same as a 403 on a send. */
export async function markChatUnreachable(ds: DataSource, chatId: string, reason: string): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(
      `UPDATE link SET "inactiveReason" = $2 WHERE "chatId" = $1 AND "revokedAt" IS NULL AND "inactiveReason" IS NULL`,
      [chatId, reason],
    );
    await em.query(
      `UPDATE notification_delivery SET status = 'blocked', "lastError" = $2, "updatedAt" = now() WHERE "chatId" = $1 AND status = 'pending'`,
      [chatId, reason],
    );
  });
}

/** The user wrote to the bot again: a chat marked blocked is reachable again. */
export async function reactivateChat(ds: DataSource, telegramUserId: number): Promise<number> {
  const res = await ds.query(
    `UPDATE link SET "inactiveReason" = NULL WHERE "telegramUserId" = $1 AND "inactiveReason" IS NOT NULL AND "revokedAt" IS NULL RETURNING id`,
    [telegramUserId],
  );
  return returned(res).length;
}

/** The moment the next pending delivery falls due (to sleep exactly that long). */
export async function nextDeliveryDue(ds: DataSource): Promise<Date | null> {
  const [row] = await ds.query(`SELECT min("notBefore") AS at FROM notification_delivery WHERE status = 'pending'`);
  return row?.at ? new Date(row.at) : null;
}
