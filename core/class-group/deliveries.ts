import type { DataSource, EntityManager } from 'typeorm';
import { splitMessage } from '../html.js';
import type { DeliveryExtra } from '../notifications/deliveries.js';
import { parseQuietHours, quietHoursEnd } from '../notifications/time.js';
import type { Messenger } from '../messenger.js';

/**
 * Messages to class groups go through the same durable outbox as everything
 * else: a delivery row per message (linkId null, `classGroupId` set), sent by
 * the worker through the shared pacer — a group gets at most one message per
 * ~3 s there (Telegram's 20 a minute) — and only while the group stays linked
 * and reachable (delivery-queue.ts claims them). A group is many families:
 * its messages wait out the school's default quiet hours unless urgent.
 */
export interface GroupMessage {
  /** Unique for this message in this group. */
  key: string;
  schoolId: number;
  eventId?: string | null;
  kind: string;
  classGroupId: number;
  /** The group's messenger: a MAX chat and a Telegram chat may have the same id. */
  messenger: Messenger;
  chatId: string;
  text: string;
  extra?: DeliveryExtra;
  urgent?: boolean;
}

const CAPTION_MAX = 1024;

interface Row {
  key: string;
  m: GroupMessage;
  text: string;
  extra: DeliveryExtra | null;
  notBefore: Date;
}

function rowsOf(m: GroupMessage, notBefore: Date): Row[] {
  const file = m.extra?.file;
  const captioned = !!file && m.text.length <= CAPTION_MAX;
  const parts = captioned ? [m.text] : splitMessage(m.text);
  const pieces = parts.map((text, i) => ({
    text,
    extra:
      i === parts.length - 1 && (m.extra?.buttons || captioned)
        ? { ...(m.extra?.buttons ? { buttons: m.extra.buttons } : {}), ...(captioned ? { file } : {}) }
        : null,
  }));
  if (file && !captioned) pieces.push({ text: '', extra: { file } });
  // Telegram's keys stay as they were (a rerun of an older event still finds its rows).
  const chat = m.messenger === 'telegram' ? m.chatId : `${m.messenger}:${m.chatId}`;
  return pieces.map((p, i) => ({
    key: `${m.key}:${chat}${pieces.length > 1 ? `#${i + 1}` : ''}`,
    m,
    text: p.text,
    extra: p.extra,
    notBefore: new Date(notBefore.getTime() + i),
  }));
}

export async function deliverToGroups(
  em: EntityManager | DataSource,
  messages: GroupMessage[],
  ctx: { now: Date; timezone: string; defaultQuietHours: string },
): Promise<number> {
  if (!messages.length) return 0;
  const quietEnd = quietHoursEnd(parseQuietHours(ctx.defaultQuietHours), ctx.now, ctx.timezone);
  const rows = messages.flatMap((m) => rowsOf(m, (!m.urgent && quietEnd) || ctx.now));
  const inserted = await em.query(
    // The group's messenger picks the sender (a class's group may be Telegram's or MAX's).
    `INSERT INTO notification_delivery ("dedupeKey", "schoolId", "eventId", kind, "chatId", "classGroupId", text, "notBefore", extra, messenger)
       SELECT u.*, g.messenger
         FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bigint[], $6::int[], $7::text[], $8::timestamptz[], $9::jsonb[])
              AS u(key, school, event, kind, chat, grp, text, "notBefore", extra)
         JOIN class_group g ON g.id = u.grp
       ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`,
    [
      rows.map((r) => r.key),
      rows.map((r) => r.m.schoolId),
      rows.map((r) => r.m.eventId ?? null),
      rows.map((r) => r.m.kind),
      rows.map((r) => r.m.chatId),
      rows.map((r) => r.m.classGroupId),
      rows.map((r) => r.text),
      rows.map((r) => r.notBefore.toISOString()),
      rows.map((r) => (r.extra ? JSON.stringify(r.extra) : null)),
    ],
  );
  if (inserted.length) await em.query(`SELECT pg_notify('notification', '')`);
  return inserted.length;
}
