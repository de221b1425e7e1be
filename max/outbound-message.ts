import type { Logger } from '../core/logger.js';
import { keyboardOf } from './keyboard.js';
import { checkText } from './limits.js';
import type { MessageIds } from './message-ids.js';
import type { badRequest } from './outbound-errors.js';
import type { MaxAttachment, MaxMessage, MaxNewMessage, MaxRequest, MaxResult } from './types.js';

/** Sends a file's bytes to the upload address MAX gave (multipart); MAX answers its token. */
export type Upload = (url: string, bytes: Uint8Array, filename: string) => Promise<MaxResult>;

/** What the outbound side needs: MAX's API, its uploads, the message id map and the log. */
export interface OutboundDeps {
  request: MaxRequest;
  upload: Upload;
  ids: MessageIds;
  logger: Logger;
}

export type P = Record<string, unknown>;
export type Answer = { ok: true; result: unknown } | ReturnType<typeof badRequest>;

export const targetOf = (chatId: unknown) =>
  Number(chatId) > 0 ? { user_id: Number(chatId) } : { chat_id: Number(chatId) };

export const ok = (result: unknown): Answer => ({ ok: true, result });

/** A Telegram message for what MAX answered to a send or an edit. */
export function sentMessage(d: OutboundDeps, chatId: unknown, m: MaxMessage | undefined, text: string) {
  const id = Number(chatId);
  return {
    message_id: m?.body?.mid ? d.ids.idOf(m.body.mid) : 0,
    date: Math.floor((m?.timestamp ?? 0) / 1000),
    chat: id > 0 ? { id, type: 'private', first_name: '' } : { id, type: 'group', title: '' },
    text,
  };
}

/**
 * MAX's body of a message: its text (HTML when Telegram's parse_mode said so), files and keyboard, and
 * the message it replies to. An edit without a keyboard removes the old one, as in Telegram.
 */
export function newMessage(
  p: P,
  text: string,
  opts: { extra?: MaxAttachment[]; replyTo?: string } = {},
): MaxNewMessage {
  const kb = keyboardOf(p.reply_markup);
  return {
    text: checkText(text),
    ...(p.parse_mode === 'HTML' ? { format: 'html' as const } : {}),
    attachments: [...(opts.extra ?? []), ...(kb ? [kb] : [])],
    ...(p.disable_notification ? { notify: false } : {}),
    ...(opts.replyTo ? { link: { type: 'reply' as const, mid: opts.replyTo } } : {}),
  };
}

