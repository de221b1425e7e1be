import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import { onButton } from '../../callback-codec.js';
import type { Services } from '../../../core/services/index.js';
import { deskMessages } from '../desk/callbacks.js';
import type { BotContext } from '../../context.js';
import * as cb from './callbacks.js';
import * as h from './handlers.js';
import { messageAnswer } from './answer.js';

export { startStaffReply } from './handlers.js';

/**
 * /messages and «✉️ Сообщения» (issue 8): a family writes to the child's
 * teachers and the administration; staff answer in the thread; both see
 * their threads with unread counts; staff set office hours; the director
 * may read any thread of the school, each opening audited.
 */
export function messagesFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const list = (ctx: BotContext) => h.listThreads(services, ctx);
  priv.command('messages', list);
  // The class teacher's desk links here («✉️ Сообщения»): the desk's button.
  onButton(priv, deskMessages, async (ctx) => {
    await ctx.answerCallbackQuery();
    await list(ctx);
  });
  priv.filter(hears('messages-menu-button'), list);
  onButton(priv, cb.writeAbout, (ctx, { child }) => h.writeAbout(services, ctx, child));
  onButton(priv, cb.writeTo, (ctx, { staffId }) => h.writeTo(services, ctx, staffId));
  onButton(priv, cb.openThread, (ctx, { threadId }) => h.openThread(services, ctx, threadId, false));
  onButton(priv, cb.replyIn, (ctx, { threadId }) => h.replyIn(services, ctx, threadId));
  onButton(priv, cb.officeHoursButton, (ctx, { choice }) => h.officeHours(services, ctx, choice));
  onButton(priv, cb.auditList, (ctx) => h.auditList(services, ctx));
  onButton(priv, cb.auditThread, (ctx, { threadId }) => h.openThread(services, ctx, threadId, true));
  priv.on('message', (ctx, next) => messageAnswer(services, ctx, next));
  return composer;
}
