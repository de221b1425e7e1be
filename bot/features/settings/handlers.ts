import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { refreshChatCommands } from '../menu/index.js';
import { privacyHandlers } from '../privacy/handlers.js';
import { compromiseYes, logoutYes, type settingsItem } from './callbacks.js';
import { compromiseQuestion, compromisedText, logoutQuestion, settingsView, type Screen } from './views.js';

type Item = NonNullable<ReturnType<typeof settingsItem.unpack>>['item'];
const REMOVE_KEYBOARD = { reply_markup: { remove_keyboard: true } } as const;

/** The account's own settings: leaving, reporting a compromise, and the way to privacy and my data. */
export function settingsHandlers(services: Services) {
  const privacy = privacyHandlers(services);

  /** A screen for a linked account; «не привязан» for anyone else. */
  const linkedOnly = (view: (ctx: BotContext) => Screen, html: boolean) => async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const v = view(ctx);
    await ctx.reply(v.text, { ...(html ? { parse_mode: 'HTML' as const } : {}), reply_markup: v.keyboard });
  };
  const showSettings = linkedOnly(settingsView, true);
  const askLogout = linkedOnly(logoutQuestion, false);
  const askCompromise = linkedOnly(compromiseQuestion, false);

  const openItem = async (ctx: BotContext, item: Item) => {
    await ctx.answerCallbackQuery();
    if (item === 'logout') await askLogout(ctx);
    else if (item === 'compromised') await askCompromise(ctx);
    else if (item === 'addchild') await ctx.reply(ctx.t('linking-code-enter'));
    else if (item === 'privacy') await privacy.showPrivacy(ctx);
    else await privacy.sendMyData(ctx);
  };

  /** «Да» under /logout or /compromised; anything but a well-formed «да» is refused in the chat. */
  const confirm = async (ctx: BotContext, data: string | undefined) => {
    const p = ctx.access;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    const logout = logoutYes.unpack(data) !== null;
    if (!logout && compromiseYes.unpack(data) === null) return void (await ctx.reply(ctx.t('unavailable')));
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked'), REMOVE_KEYBOARD));
    if (logout) {
      await services.linking.logout(p);
      await ctx.reply(ctx.t('settings-logout-done'), REMOVE_KEYBOARD);
    } else {
      const r = await services.linking.reportCompromise(p);
      await ctx.reply(compromisedText(ctx, r, services.timezone), REMOVE_KEYBOARD);
    }
    ctx.access = null;
    await refreshChatCommands(ctx, null);
  };

  /** «Нет» on any confirmation: nothing changes. */
  const cancel = async (ctx: BotContext) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t('settings-action-cancelled'));
  };

  return { showSettings, askLogout, askCompromise, openItem, confirm, cancel };
}
