import type { Filter } from 'grammy';
import type { ChatMember } from 'grammy/types';
import type { GroupRow } from '../../../core/class-group/store.js';
import type { LinkOutcome } from '../../../core/class-group/link.js';
import type { AnswerKind } from '../../../core/class-group/service.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import { privateOnlyView, replaceView } from './views.js';

/**
 * The bot in a class's group. It reads only what Telegram's privacy mode lets
 * it (commands, replies to it, service messages) and answers only commands
 * meant for it; everything else is ignored. In a group not linked to a class it
 * answers nothing but the linking instructions.
 */

const canSend = (m: ChatMember) =>
  m.status === 'creator' ||
  m.status === 'administrator' ||
  m.status === 'member' ||
  (m.status === 'restricted' && m.is_member && m.can_send_messages);

/** The group's chat as the core knows it (its messenger's: the same number in the other is another chat). */
const chatOf = (ctx: BotContext) => ({
  messenger: ctx.messenger,
  chatId: ctx.chat!.id,
  title: ('title' in ctx.chat! && ctx.chat.title) || '',
  botUsername: ctx.me.username,
});

/** Who sent a code, as the class teacher's notice names them: the Telegram name and @username. */
const senderOf = (ctx: BotContext) =>
  [ctx.from?.first_name, ctx.from?.last_name, ctx.from?.username ? `@${ctx.from.username}` : '']
    .filter(Boolean)
    .join(' ');

const reply = (ctx: BotContext, text: string, extra: Record<string, unknown> = {}) =>
  ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...extra });
const welcome = (ctx: BotContext) => reply(ctx, ctx.t('class-group-welcome'));

/** What the group hears after a code or a «Заменить». */
async function outcome(ctx: BotContext, r: LinkOutcome) {
  switch (r.kind) {
    case 'badCode':
      return reply(ctx, ctx.t('class-group-link-bad'));
    case 'refused':
      return reply(ctx, ctx.t('class-group-link-refused', { class: r.className }));
    case 'chatTaken':
      return reply(ctx, ctx.t('class-group-link-taken', { class: r.className }));
    case 'replaceAsk': {
      const v = replaceView(ctx, r.codeId, r.className);
      return reply(ctx, v.text, { reply_markup: v.keyboard });
    }
    case 'linked':
      return reply(ctx, ctx.t('class-group-linked', { class: r.group.className }));
  }
}

export function groupHandlers(services: Services) {
  const cg = services.classGroup;
  /** The group's link when it is in working order; null answers with the linking instructions. */
  const linked = async (ctx: BotContext): Promise<GroupRow | null> => {
    const g = await cg.ofChat(ctx.chat!.id, ctx.messenger);
    if (g && !g.inactiveReason) return g;
    await welcome(ctx);
    return null;
  };

  async function link(ctx: Filter<BotContext, 'message'>, code: string) {
    if (!code) return void (await reply(ctx, ctx.t('class-group-link-usage')));
    const me = await ctx.getChatMember(ctx.me.id);
    if (!canSend(me)) {
      // The group is closed to the bot: the sender hears it privately (nothing can be said in the group).
      await ctx.api.sendMessage(ctx.from.id, ctx.tPlain('class-group-link-no-rights')).catch(() => undefined);
      return;
    }
    const profile = await services.access.profile(ctx.from.id, ctx.messenger);
    const r = await cg.link({ code, profile, chat: chatOf(ctx), by: senderOf(ctx) });
    await outcome(ctx, r);
  }

  async function replace(ctx: Filter<BotContext, 'callback_query:data'>, codeId: number) {
    const profile = await services.access.profile(ctx.from.id, ctx.messenger);
    const r = await cg.confirmReplace({ codeId, profile, chat: chatOf(ctx), by: senderOf(ctx) });
    if (r.kind === 'badCode' || r.kind === 'refused') return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await outcome(ctx, r);
  }

  async function keep(ctx: Filter<BotContext, 'callback_query:data'>) {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('class-group-replace-kept'), { parse_mode: 'HTML' });
  }

  async function unlink(ctx: Filter<BotContext, 'message'>) {
    const g = await cg.ofChat(ctx.chat.id, ctx.messenger);
    if (!g) return void (await welcome(ctx));
    const ok = await cg.unlink(await services.access.profile(ctx.from.id, ctx.messenger), g.classId);
    await reply(ctx, ctx.t(ok ? 'class-group-unlink-done' : 'class-group-unlink-refused', { class: g.className }));
  }

  /** `/homework` and `/schedule`: a fresh answer at most every ten minutes, else a pointer to the last one. */
  async function answer(ctx: Filter<BotContext, 'message'>, kind: AnswerKind) {
    const g = await linked(ctx);
    if (!g || !g.onRequest) return;
    const recent = cg.recentAnswer(g, kind);
    if (recent)
      return void (await reply(ctx, ctx.t('class-group-recent', { minutes: recent.minutes, wait: recent.wait }), {
        reply_parameters: { message_id: recent.messageId, allow_sending_without_reply: true },
      }));
    const text = kind === 'homework' ? await cg.homework(g) : await cg.schedule(g);
    const sent = await reply(ctx, text);
    await cg.recordAnswer(g, kind, sent.message_id);
  }

  async function help(ctx: Filter<BotContext, 'message'>) {
    if (await linked(ctx)) await reply(ctx, ctx.t('class-group-help'));
  }

  /** Anything else addressed to the bot: the linking instructions, or (linked) the pointer to the private chat. */
  async function other(ctx: BotContext) {
    if (ctx.callbackQuery) return void (await unavailable(ctx));
    const g = await cg.ofChat(ctx.chat!.id, ctx.messenger);
    if (!g || g.inactiveReason) return void (await welcome(ctx));
    const v = privateOnlyView(ctx, ctx.me.username, ctx.messenger);
    await reply(ctx, v.text, { reply_markup: v.keyboard });
  }

  /** The bot's own membership changed: added (instructions), removed or silenced (the class teacher is told), back. */
  async function membership(ctx: Filter<BotContext, 'my_chat_member'>) {
    const { old_chat_member: before, new_chat_member: now } = ctx.myChatMember;
    const chatId = ctx.chat.id;
    if (now.status === 'left' || now.status === 'kicked') return void (await cg.lost(chatId, 'removed', ctx.messenger));
    if (!canSend(now)) return void (await cg.lost(chatId, 'noRights', ctx.messenger));
    await cg.rightsBack(chatId, ctx.messenger);
    const joined = before.status === 'left' || before.status === 'kicked';
    if (joined && !(await cg.ofChat(chatId, ctx.messenger))) await welcome(ctx);
  }

  return { link, replace, keep, unlink, answer, help, other, membership };
}
