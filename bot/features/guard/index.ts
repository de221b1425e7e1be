import { Composer } from 'grammy';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import { mainMenu } from '../menu/views.js';
import { fallbackText, privateOnlyView } from './views.js';

/**
 * Personal data goes only to a private chat with a linked account. Groups and
 * supergroups are the class-group feature's (bot/features/class-group: it
 * takes every group update before this guard); in channels and anything else
 * that is not private the bot answers commands and mentions with a pointer to
 * the private chat; inline queries get no results.
 */
export function privateOnlyGuard(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('inline_query', (ctx) =>
    ctx.answerInlineQuery([], {
      cache_time: 0,
      is_personal: true,
      button: { text: ctx.t('guard-inline-private'), start_parameter: 'inline' },
    }),
  );
  composer.on('callback_query', async (ctx, next) => {
    if (ctx.chat?.type === 'private') return next();
    await unavailable(ctx);
  });
  composer.drop(
    (ctx) => ctx.chat?.type === 'private' || !ctx.chat,
    async (ctx) => {
      const text = ctx.msg?.text ?? ctx.msg?.caption ?? '';
      const addressed = text.startsWith('/') || text.includes(`@${ctx.me.username}`);
      if (!addressed || ctx.chat?.type === 'channel') return;
      const v = privateOnlyView(ctx, ctx.me.username, ctx.messenger);
      await ctx.reply(v.text, { reply_markup: v.keyboard });
    },
  );
  return composer;
}

/** The last handler: anything no feature took gets a short, polite answer, never silence or a crash. */
export function fallback(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  priv.on('callback_query', (ctx) => unavailable(ctx));
  priv.on('message:text', (ctx) => answerUnknown(ctx, true));
  priv.on('message', (ctx) => answerUnknown(ctx, false));
  return composer;
}

/**
 * Points a linked account to the menu, and carries it: MAX shows a menu only as buttons under a message
 * (Telegram's stays at the bottom, and is shown again if it was hidden).
 */
function answerUnknown(ctx: BotContext, isText: boolean) {
  const p = ctx.access?.links.length ? ctx.access : undefined;
  return ctx.reply(fallbackText(ctx, !!p, isText), p ? { reply_markup: mainMenu(ctx, p) } : undefined);
}
