import type { OutboxEvent } from '../../db/entities/index.js';
import { loadAnnouncement } from '../announcements/index.js';
import { botLink, type Messenger } from '../messenger.js';
import type { EventContext } from '../notifications/event-plan.js';
import { textsOf } from '../texts.js';
import type { GroupMessage } from './deliveries.js';
import { receivingGroups } from './store.js';

/**
 * Journal and school events that also go to class groups. An announcement is
 * mirrored into the groups of its audience's classes — its text and file only:
 * the «Ознакомлен» receipts stay in the families' private chats, so the group
 * message says to confirm there and carries a deep link to the bot.
 */
const cg = textsOf('class-group');

/** The deep link that opens the announcement in the private chat with its «Ознакомлен», in the group's messenger. */
export const ackLink = (bot: string, announcementId: number, messenger: Messenger) =>
  botLink(bot, messenger, `ann${announcementId}`);

async function announcementSent(e: OutboxEvent, ctx: EventContext): Promise<GroupMessage[]> {
  const a = await loadAnnouncement(ctx.ds, Number(e.payload.announcementId));
  if (!a || a.status === 'cancelled') return [];
  const groups = await receivingGroups(
    ctx.ds,
    a.scope === 'class'
      ? { classIds: [a.classId!] }
      : { schoolId: a.schoolId, grade: a.scope === 'grade' ? a.grade! : undefined },
    'mirrorAnnouncements',
  );
  return groups.map((g) => ({
    key: `class-group-announcement:${a.id}`,
    schoolId: a.schoolId,
    eventId: String(e.id),
    kind: 'classGroup',
    classGroupId: g.id,
    messenger: g.messenger,
    chatId: g.chatId,
    text: cg.html('class-group-announcement', { urgent: a.urgent ? 'yes' : 'no', class: g.className, text: a.text }),
    extra: {
      buttons: [
        [{ text: cg.plain('class-group-announcement-confirm'), url: ackLink(g.botUsername, a.id, g.messenger) }],
      ],
      ...(a.fileId ? { file: { kind: a.fileKind!, fileId: a.fileId } } : {}),
    },
    urgent: a.urgent,
  }));
}

export const GROUP_EVENT_HANDLERS: Record<string, (e: OutboxEvent, ctx: EventContext) => Promise<GroupMessage[]>> = {
  'announcement.sent': announcementSent,
};
