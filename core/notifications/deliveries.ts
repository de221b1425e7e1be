import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from './audience.js';
import type { Messenger } from '../messenger.js';
import { loadPreferences, prefKey, quietHoursOf, type Kind } from './preferences.js';
import { splitMessage } from '../html.js';
import { quietHoursEnd } from './time.js';
import { priorityOf, type Priority } from './priority.js';

/**
 * Messages planned from an event or a schedule slot become rows: a delivery
 * per chat (pending until its time: now, or when the recipient's quiet hours
 * end), or a line in the evening digest when the recipient chose so, or
 * nothing when that kind is off. Rows are keyed (`dedupeKey`), so planning
 * the same event or slot again adds nothing. The worker's side of the rows
 * (claiming, outcomes) is in delivery-queue.ts.
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
  /** A button presses back (`data`) or opens a link (`url`: a class group's deep link to the private chat). */
  buttons?: ({ text: string; data: string } | { text: string; url: string })[][];
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

/** A delivery row before it is inserted. */
interface DeliveryRow {
  key: string;
  schoolId: number;
  eventId: string | null;
  kind: string;
  messenger: Messenger;
  chatId: string;
  linkId: number;
  studentId: number | null;
  text: string;
  notBefore: Date;
  extra: DeliveryExtra | null;
  priority: Priority;
}

/** A line for the evening digest before it is inserted. */
interface DigestRow {
  key: string;
  schoolId: number;
  linkId: number;
  chatId: string;
  studentId: number;
  kind: string;
  line: string;
}

/** A chat in a key: Telegram's bare id as before MAX (keys of rows already planned stay the same), others prefixed. */
const chatKey = (r: Recipient) => (r.messenger === 'telegram' ? r.chatId : `${r.messenger}:${r.chatId}`);

/** The delivery rows of one message to one chat: its text in parts, buttons on the last, a file as caption or after. */
function deliveryRows(p: Planned, notBefore: Date): DeliveryRow[] {
  const r = p.recipient;
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
  return pieces.map((piece, i) => ({
    key: `${p.key}:${chatKey(r)}${pieces.length > 1 ? `#${i + 1}` : ''}`,
    schoolId: p.schoolId,
    eventId: p.eventId ?? null,
    kind: p.kind,
    messenger: r.messenger,
    chatId: r.chatId,
    linkId: r.linkId,
    studentId: r.student?.studentId ?? null,
    text: piece.text,
    notBefore: new Date(notBefore.getTime() + i),
    extra: piece.extra,
    priority: priorityOf(p),
  }));
}

/** Inserts the rows (a key already there is skipped); returns how many are new. */
async function insertDeliveries(em: EntityManager | DataSource, rows: DeliveryRow[]): Promise<number> {
  const inserted = await em.query(
    `INSERT INTO notification_delivery ("dedupeKey", "schoolId", "eventId", kind, "chatId", "linkId", "studentId", text, "notBefore", extra, priority, messenger)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bigint[], $6::int[], $7::int[], $8::text[], $9::timestamptz[], $10::jsonb[], $11::smallint[], $12::text[])
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
      rows.map((r) => r.priority),
      rows.map((r) => r.messenger),
    ],
  );
  return inserted.length;
}

async function insertDigestItems(em: EntityManager | DataSource, digest: DigestRow[], now: Date): Promise<number> {
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
      now,
    ],
  );
  return inserted.length;
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
  const rows: DeliveryRow[] = [];
  const digest: DigestRow[] = [];
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
    rows.push(...deliveryRows(p, notBefore));
  }
  if (rows.length) result.deliveries = await insertDeliveries(em, rows);
  if (digest.length) result.digestItems = await insertDigestItems(em, digest, ctx.now);
  if (result.deliveries) await em.query(`SELECT pg_notify('notification', '')`);
  return result;
}

/** Rows of an UPDATE … RETURNING (TypeORM answers [rows, count] for UPDATE and DELETE, rows otherwise). */
export function returned<T>(res: unknown): T[] {
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number')
    return res[0] as T[];
  return res as T[];
}

// ── chats: reachable or not ───────────────────────────────────────────────

/** The messenger said the user blocked the bot (Telegram's my_chat_member, MAX's bot_stopped): as a 403 on a send. */
export async function markChatUnreachable(
  ds: DataSource,
  chatId: string,
  reason: string,
  messenger: Messenger = 'telegram',
): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(
      `UPDATE link SET "inactiveReason" = $2
        WHERE messenger = $3 AND "chatId" = $1 AND "revokedAt" IS NULL AND "inactiveReason" IS NULL`,
      [chatId, reason, messenger],
    );
    await em.query(
      `UPDATE notification_delivery SET status = 'blocked', "lastError" = $2, "updatedAt" = now()
        WHERE messenger = $3 AND "chatId" = $1 AND status = 'pending'`,
      [chatId, reason, messenger],
    );
  });
}

/** The user wrote to the bot again: a chat marked blocked is reachable again. */
export async function reactivateChat(
  ds: DataSource,
  telegramUserId: number,
  messenger: Messenger = 'telegram',
): Promise<number> {
  const res = await ds.query(
    `UPDATE link SET "inactiveReason" = NULL
      WHERE messenger = $2 AND "telegramUserId" = $1 AND "inactiveReason" IS NOT NULL AND "revokedAt" IS NULL RETURNING id`,
    [telegramUserId, messenger],
  );
  return returned(res).length;
}
