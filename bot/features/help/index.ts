import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { rulesText } from '../diary/views/rules.js';
import { familyHelpText } from './views.js';

/** What to say when the family's diary is not open to this account (as the diary's own views say it). */
const REFUSAL = { unlinked: 'not-linked', notFamily: 'diary-not-family', denied: 'unavailable' } as const;

/** /help for everyone: how to get in, or — for a family — the diary's commands and the school's rules for averages. */
export function helpFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('help', async (ctx) => {
    if (!ctx.access?.children.length) return void (await ctx.reply(ctx.t('help-unlinked'), { parse_mode: 'HTML' }));
    const r = await services.help.family(ctx.access);
    if (r.kind !== 'ok') return void (await ctx.reply(ctx.t(REFUSAL[r.kind])));
    await ctx.reply(familyHelpText(ctx, r.guardian, rulesText(ctx, r.rules)), { parse_mode: 'HTML' });
  });
  return composer;
}
