import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('help', async (ctx) => {
    await ctx.reply(ctx.t('help-unlinked'), { parse_mode: 'HTML' });
  });
  return composer;
}
