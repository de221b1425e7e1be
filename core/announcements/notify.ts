import type { OutboxEvent } from '../../db/entities/index.js';
import { familiesOf } from '../notifications/audience.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { textsOf } from '../texts.js';
import { button, staffName } from '../family/common.js';
import { audienceStudents, loadAnnouncement } from './index.js';

/**
 * - `announcement.sent` {announcementId} (held back until its time): the
 *   audience's family chats, one message per chat with «Ознакомлен»; the
 *   recipients are recorded for the receipts. Nothing when cancelled.
 * - `announcement.reminder` {announcementId, studentIds}: the chats of those
 *   families that still have not confirmed.
 */
type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const ann = textsOf('announcements');

async function header(ctx: EventContext, a: NonNullable<Awaited<ReturnType<typeof loadAnnouncement>>>) {
  const [author] = a.authorStaffId
    ? await ctx.ds.query(`SELECT "lastName", "firstName", "middleName" FROM staff WHERE id = $1`, [a.authorStaffId])
    : [];
  const [cls] = a.classId ? await ctx.ds.query(`SELECT name FROM school_class WHERE id = $1`, [a.classId]) : [];
  const to = ann.plain('announcements-audience', { scope: a.scope, class: cls?.name ?? '', grade: a.grade ?? 0 });
  return { to, author: author ? staffName(author) : '' };
}

const sent: Handler = async (e, ctx) => {
  const a = await loadAnnouncement(ctx.ds, Number(e.payload.announcementId));
  if (!a || a.status === 'cancelled') return [];
  await ctx.ds.query(`UPDATE announcement SET status = 'sent', "sentAt" = COALESCE("sentAt", $2) WHERE id = $1`, [
    a.id,
    ctx.now,
  ]);
  const recipients = await familiesOf(ctx.ds, await audienceStudents(ctx.ds, a.schoolId, a), ctx.cache);
  if (recipients.length)
    await ctx.ds.query(
      `INSERT INTO announcement_recipient ("announcementId", "linkId", "studentId", "chatId")
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bigint[]) ON CONFLICT DO NOTHING`,
      [
        a.id,
        recipients.map((r) => r.linkId),
        recipients.map((r) => r.student!.studentId),
        recipients.map((r) => r.chatId),
      ],
    );
  const h = await header(ctx, a);
  const text = ann.html('announcements-message', {
    urgent: a.urgent ? 'yes' : 'no',
    to: h.to,
    text: a.text,
    author: h.author,
  });
  const extra = {
    buttons: [[button(ann.plain('announcements-ack'), 'ar', a.id)]],
    ...(a.fileId ? { file: { kind: a.fileKind!, fileId: a.fileId } } : {}),
  };
  return recipients.map((recipient) => ({
    key: `announcement:${a.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'announcement',
    preference: null,
    recipient,
    text,
    extra,
    urgent: a.urgent,
  }));
};

const reminder: Handler = async (e, ctx) => {
  const a = await loadAnnouncement(ctx.ds, Number(e.payload.announcementId));
  if (!a || a.status !== 'sent') return [];
  const studentIds = ((e.payload.studentIds ?? []) as unknown[]).map(Number);
  const open: { linkId: number }[] = await ctx.ds.query(
    `SELECT r."linkId" FROM announcement_recipient r WHERE r."announcementId" = $1 AND r."studentId" = ANY($2)
        AND NOT EXISTS (SELECT 1 FROM announcement_recipient x WHERE x."announcementId" = r."announcementId" AND x."studentId" = r."studentId" AND x."acknowledgedAt" IS NOT NULL)`,
    [a.id, studentIds],
  );
  const links = new Set(open.map((o) => o.linkId));
  const recipients = (await familiesOf(ctx.ds, studentIds, ctx.cache)).filter((r) => links.has(r.linkId));
  if (recipients.length)
    await ctx.ds.query(
      `UPDATE announcement_recipient SET "remindedAt" = $3 WHERE "announcementId" = $1 AND "linkId" = ANY($2)`,
      [a.id, [...links], ctx.now],
    );
  const h = await header(ctx, a);
  const text = ann.html('announcements-reminder', { to: h.to, text: a.text, author: h.author });
  return recipients.map((recipient) => ({
    key: `announcement-reminder:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'announcement',
    preference: null,
    recipient,
    text,
    extra: { buttons: [[button(ann.plain('announcements-ack'), 'ar', a.id)]] },
  }));
};

export const ANNOUNCEMENT_EVENT_HANDLERS: Record<string, Handler> = {
  'announcement.sent': sent,
  'announcement.reminder': reminder,
};
