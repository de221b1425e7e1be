import { Composer } from 'grammy';
import { onButton } from '../../callback-codec.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import * as cb from './callbacks.js';
import * as compose from './compose.js';
import * as manage from './manage.js';

/**
 * /announce (and «📣» on the class desk): audience, text with an optional
 * file, preview with «срочное» and the time (now or tomorrow 08:00), send.
 * The author then sees live receipts, who has not confirmed, reminds only
 * them, and may cancel a scheduled one. Families confirm with «Ознакомлен».
 */
export function announcementsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  priv.command('announce', (ctx) => compose.audienceMenu(services, ctx));
  onButton(priv, cb.newAnnouncement, async (ctx) => {
    await ctx.answerCallbackQuery();
    await compose.audienceMenu(services, ctx);
  });
  onButton(priv, cb.toClass, (ctx, { classId }) => compose.pickAudience(services, ctx, { scope: 'class', classId }));
  onButton(priv, cb.toGrade, (ctx, { grade }) => compose.pickAudience(services, ctx, { scope: 'grade', grade }));
  onButton(priv, cb.toSchool, (ctx) => compose.pickAudience(services, ctx, { scope: 'school' }));
  onButton(priv, cb.toggleUrgent, (ctx) => compose.toggleUrgent(services, ctx));
  onButton(priv, cb.sendTime, (ctx, { when }) => compose.sendTime(services, ctx, when));
  onButton(priv, cb.sendDraft, (ctx, { answer }) => compose.sendDraft(services, ctx, answer));
  onButton(priv, cb.receiptsOf, (ctx, v) => manage.showReceipts(services, ctx, v.announcementId));
  onButton(priv, cb.unconfirmedOf, (ctx, v) => manage.showUnconfirmed(services, ctx, v.announcementId));
  onButton(priv, cb.remindUnconfirmed, (ctx, v) => manage.remind(services, ctx, v.announcementId));
  onButton(priv, cb.cancelScheduled, (ctx, v) => manage.cancel(services, ctx, v.announcementId));
  onButton(priv, cb.recentList, (ctx) => manage.recent(services, ctx));
  onButton(priv, cb.acknowledgeAnnouncement, (ctx, v) => manage.acknowledge(services, ctx, v.announcementId));
  priv.on('message', (ctx, next) => compose.announcementText(services, ctx, next));
  return composer;
}
