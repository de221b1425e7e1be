import { Composer } from 'grammy';
import type { BotContext } from '../../context.js';

/** /start for someone not linked yet: what the bot is and how to get in (a linked account is greeted by linking). */
export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  priv.command('start', async (ctx) => {
    await ctx.reply(ctx.t('start-unlinked'), { reply_markup: { remove_keyboard: true } });
  });
  return composer;
}
