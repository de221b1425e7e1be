import { needsConsent } from '../../../core/linking/linking.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { formatTime } from '../../format.js';
import { mainMenu, refreshChatCommands } from '../menu/index.js';
import { consentAnswer } from './callbacks.js';
import { codeRefusal, consentView, linkedText, type Linked } from './views.js';

/** How long a consent question stays answerable. */
const CONSENT_TTL_MS = 60 * 60 * 1000;

export function linkingHandlers(services: Services) {
  const { linking } = services;

  /** The account is linked: the welcome, the main menu and the chat's commands for its roles. */
  const finish = async (ctx: BotContext, r: Linked) => {
    const p = await services.access.profile(ctx.from!.id, ctx.messenger);
    ctx.access = p;
    await ctx.reply(linkedText(ctx, r, p), { reply_markup: mainMenu(ctx, p) });
    await refreshChatCommands(ctx, p);
  };

  /** Links this chat's account by the code's hash (after consent where the role needs it). */
  const redeem = (ctx: BotContext, codeHash: string, consentGiven: boolean) =>
    linking.redeem({
      telegramUserId: ctx.from!.id,
      chatId: ctx.chat!.id,
      codeHash,
      consentGiven,
      messenger: ctx.messenger,
    });

  /** A code typed or opened by deep link. */
  const handleCode = async (ctx: BotContext, typed: string) => {
    const res = await linking.checkCode(ctx.from!.id, typed, ctx.messenger);
    if (res.kind !== 'ok') return void (await ctx.reply(codeRefusal(ctx, res, services.timezone)));
    const { summary } = res;
    if (!needsConsent(summary.role)) {
      const r = await redeem(ctx, summary.codeHash, false);
      if (r.kind !== 'linked') return void (await ctx.reply(ctx.t('linking-code-invalid')));
      return finish(ctx, r);
    }
    ctx.session.pendingCode = {
      invitationId: summary.invitationId,
      codeHash: summary.codeHash,
      at: ctx.clock.now().getTime(),
    };
    const v = consentView(ctx, summary);
    await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard });
  };

  /**
   * The answer to the consent question. Anything but a fresh «да»/«нет» to the
   * chat's pending code — stale, forged, already answered — asks for the code again.
   */
  const answerConsent = async (ctx: BotContext, data: string | undefined) => {
    const answer = consentAnswer.unpack(data)?.answer;
    const pending = ctx.session.pendingCode;
    delete ctx.session.pendingCode;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    if (!answer || !pending || ctx.clock.now().getTime() - pending.at > CONSENT_TTL_MS)
      return void (await ctx.reply(ctx.t('linking-consent-expired')));
    if (answer === 'n') {
      await linking.refuseConsent({
        telegramUserId: ctx.from!.id,
        codeHash: pending.codeHash,
        messenger: ctx.messenger,
      });
      return void (await ctx.reply(ctx.t('linking-consent-refused')));
    }
    const r = await redeem(ctx, pending.codeHash, true);
    if (r.kind !== 'linked') return void (await ctx.reply(ctx.t('linking-code-invalid')));
    await ctx.reply(ctx.tPlain('linking-consent-given', { time: formatTime(ctx.clock.now(), services.timezone) }));
    await finish(ctx, r);
  };

  /** /start of a linked account: back to the menu. */
  const welcomeBack = (ctx: BotContext) =>
    ctx.reply(ctx.t('linking-welcome-back'), { reply_markup: mainMenu(ctx, ctx.access!) });

  return { handleCode, answerConsent, welcomeBack };
}
