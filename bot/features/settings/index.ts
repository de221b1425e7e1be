import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { compromiseYes, confirmNo, logoutYes, settingsItem } from './callbacks.js';
import { settingsHandlers } from './handlers.js';

/** /settings, /logout, /compromised and the settings screen's buttons. */
export function settingsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = settingsHandlers(services);
  priv.command('settings', h.showSettings);
  priv.filter(hears('menu-settings'), h.showSettings);
  priv.command('logout', h.askLogout);
  priv.command('compromised', h.askCompromise);
  onButton(priv, settingsItem, (ctx, { item }) => h.openItem(ctx, item));
  // The confirmations answer any payload of their prefix themselves (a malformed «да» is refused in the chat).
  priv.callbackQuery([logoutYes.filter, compromiseYes.filter], (ctx) => h.confirm(ctx, ctx.callbackQuery.data));
  priv.callbackQuery(confirmNo.filter, h.cancel);
  return composer;
}
