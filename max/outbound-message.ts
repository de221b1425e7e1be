import type { Logger } from '../core/logger.js';
import type { MaxApi, MaxRecipient } from './api/index.js';
import type { FileBridge } from './file-bridge.js';
import { keyboardOf, type MaxAppRef } from './keyboard.js';
import { checkText } from './limits.js';
import type { MessageIds } from './message-ids.js';
import type { TelegramError } from './outbound-errors.js';
import type { MaxAttachment, MaxMessage, MaxNewMessage } from './types.js';

/** The MAX API calls the adapter makes (max/api's client; tests may record them). */
export type MaxClient = Pick<
  MaxApi,
  'getMe' | 'sendMessage' | 'editMessage' | 'deleteMessage' | 'answerCallback' | 'editMyCommands' | 'upload'
>;

/** What the outbound side needs: MAX's API, the message id map and the log. */
export interface OutboundDeps {
  api: MaxClient;
  ids: MessageIds;
  logger: Logger;
  /** The bot's own mini app, for `open_app` buttons: known once the bot knows itself (set after GET /me). */
  app?: MaxAppRef;
  /** Carries a stored Telegram file over to MAX (absent: such a file's caption goes alone). */
  files?: FileBridge;
}

export type P = Record<string, unknown>;
export type Answer = { ok: true; result: unknown } | TelegramError;

export const ok = (result: unknown): Answer => ({ ok: true, result });

/** A payload's text field (a string, or nothing). */
export const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A private chat's id is the user's (POST /messages?user_id=), a group's is MAX's chat id (?chat_id=). */
export const recipientOf = (chatId: unknown): MaxRecipient =>
  Number(chatId) > 0 ? { user_id: Number(chatId) } : { chat_id: Number(chatId) };

/** A Telegram message for what MAX answered to a send (its text remembered for a later keyboard edit). */
export function sentMessage(
  d: OutboundDeps,
  chatId: unknown,
  m: Pick<MaxMessage, 'body' | 'timestamp'> | undefined,
  sent?: MaxNewMessage,
) {
  const id = Number(chatId);
  const text = sent?.text
    ? { text: sent.text, ...(sent.format === 'html' ? { format: 'html' as const } : {}) }
    : undefined;
  return {
    message_id: m?.body?.mid ? d.ids.idOf(m.body.mid, text) : 0,
    date: Math.floor((m?.timestamp ?? 0) / 1000),
    chat: id > 0 ? { id, type: 'private', first_name: '' } : { id, type: 'group', title: '' },
  };
}

/**
 * MAX's body of a message: its text (HTML when Telegram's parse_mode said so), files and keyboard, and
 * the message it replies to. An edit without a keyboard removes the old one, as in Telegram.
 */
export function newMessage(
  p: P,
  text: string,
  opts: { extra?: MaxAttachment[]; replyTo?: string; app?: MaxAppRef } = {},
): MaxNewMessage {
  const kb = keyboardOf(p.reply_markup, opts.app);
  return {
    text: checkText(text),
    ...(p.parse_mode === 'HTML' ? { format: 'html' as const } : {}),
    attachments: [...(opts.extra ?? []), ...(kb ? [kb] : [])],
    ...(p.disable_notification ? { notify: false } : {}),
    ...(opts.replyTo ? { link: { type: 'reply' as const, mid: opts.replyTo } } : {}),
  };
}
