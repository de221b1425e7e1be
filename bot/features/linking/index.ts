import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { consentAnswer } from './callbacks.js';
import { linkingHandlers } from './handlers.js';
import { looksLikeCode } from './views.js';

/** Linking a Telegram account by a personal invitation code, typed or opened by deep link, with the 152-ФЗ consent. */
export function linkingFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = linkingHandlers(services);

  priv.command('start', async (ctx, next) => {
    const payload = ctx.match.trim();
    if (payload) return h.handleCode(ctx, payload);
    if (ctx.access?.links.length) return void (await h.welcomeBack(ctx));
    await next(); // the unlinked greeting (start feature)
  });

  priv.callbackQuery(consentAnswer.filter, (ctx) => h.answerConsent(ctx, ctx.callbackQuery.data));

  /** Plain text from someone not linked is taken as a code; from a linked account, only if it looks like one. */
  priv.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return next();
    if (!ctx.access?.links.length || looksLikeCode(text)) return h.handleCode(ctx, text);
    await next();
  });

  return composer;
}
