import { InlineKeyboard } from 'grammy';
import type { Texts } from '../../i18n.js';
import { botLink, type Messenger } from '../../../core/messenger.js';

/** The pointer to the private chat, for a command or a mention in a group (plain text). */
export function privateOnlyView(
  t: Texts,
  bot: string,
  messenger: Messenger = 'telegram',
): { text: string; keyboard: InlineKeyboard } {
  return {
    text: t.tPlain('guard-private-only', { bot }),
    keyboard: new InlineKeyboard().url(t.t('guard-private-only-button'), botLink(bot, messenger)),
  };
}

/** The answer to a message no feature took: a text or anything else, from a linked account or not. */
export function fallbackText(t: Texts, linked: boolean, isText: boolean): string {
  if (!linked) return t.t('guard-odd-message-unlinked');
  return t.t(isText ? 'guard-unknown-text' : 'guard-odd-message');
}
