import type { Transformer } from 'grammy';
import type { Logger } from '../core/logger.js';
import { MaxLimitExceeded } from './limits.js';
import { badRequest, telegramError } from './outbound-errors.js';
import { sendFile } from './outbound-files.js';
import { newMessage, ok, sentMessage, targetOf, type Answer, type OutboundDeps, type P } from './outbound-message.js';
import type { MaxMessage, MaxNewMessage, MaxResult } from './types.js';

/**
 * The Bot API calls the features make, answered by MAX's API (installed with bot.api.config.use, so no
 * call ever reaches Telegram): sendMessage → POST /messages, editMessageText / editMessageReplyMarkup →
 * PUT /messages, deleteMessage → DELETE /messages, answerCallbackQuery → POST /answers, sendDocument /
 * sendPhoto → an upload and POST /messages, getMe → GET /me, getChatMember → the bot's membership,
 * setMyCommands → PATCH /me (MAX has one command list per bot: a chat's own list is not kept).
 * Telegram's per-chat menu button and inline mode have no MAX counterpart: answered true, nothing sent.
 * A private chat's id is the user's (POST /messages?user_id=), a group's is MAX's chat id (?chat_id=).
 */
async function send(d: OutboundDeps, p: P): Promise<Answer> {
  const reply = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
  const replyTo = reply !== undefined ? d.ids.midOf(reply) : undefined;
  const body = newMessage(p, String(p.text ?? ''), { replyTo });
  const r = await d.request({ method: 'POST', path: '/messages', query: targetOf(p.chat_id), body });
  if (!r.ok) return telegramError(r, 'chat');
  return ok(sentMessage(d, p.chat_id, (r.result as { message?: MaxMessage }).message, body.text ?? ''));
}

async function edit(d: OutboundDeps, p: P, body: MaxNewMessage): Promise<Answer> {
  const mid = d.ids.midOf(Number(p.message_id));
  if (!mid) return badRequest('message to edit not found');
  const r = await d.request({ method: 'PUT', path: '/messages', query: { message_id: mid }, body });
  if (!r.ok) return telegramError(r, 'message');
  return ok({ ...sentMessage(d, p.chat_id, undefined, body.text ?? ''), message_id: Number(p.message_id) });
}

async function remove(d: OutboundDeps, p: P): Promise<Answer> {
  const mid = d.ids.midOf(Number(p.message_id));
  if (!mid) return badRequest('message to delete not found');
  const r = await d.request({ method: 'DELETE', path: '/messages', query: { message_id: mid } });
  return r.ok ? ok(true) : telegramError(r, 'message');
}

/** A button's answer: MAX takes a notification (Telegram's pop-up text); a silent answer needs no call. */
async function answer(d: OutboundDeps, p: P): Promise<Answer> {
  if (!p.text) return ok(true);
  const r = await d.request({
    method: 'POST',
    path: '/answers',
    query: { callback_id: String(p.callback_query_id) },
    body: { notification: String(p.text) },
  });
  return r.ok ? ok(true) : telegramError(r, 'message');
}

async function getMe(d: OutboundDeps): Promise<Answer> {
  const r = await d.request({ method: 'GET', path: '/me' });
  if (!r.ok) return telegramError(r, 'chat');
  const me = r.result as { user_id: number; first_name?: string; name?: string; username?: string };
  return ok({ id: me.user_id, is_bot: true, first_name: me.first_name ?? me.name ?? '', username: me.username ?? '' });
}

/** The bot's own membership of a group (the class-group feature checks it may write there). */
async function chatMember(d: OutboundDeps, p: P): Promise<Answer> {
  const r: MaxResult = await d.request({ method: 'GET', path: `/chats/${Number(p.chat_id)}/members/me` });
  const user = { id: Number(p.user_id), is_bot: true, first_name: '' };
  if (!r.ok) return r.status === 403 || r.status === 404 ? ok({ status: 'left', user }) : telegramError(r, 'chat');
  return ok({ status: (r.result as { is_admin?: boolean }).is_admin ? 'administrator' : 'member', user });
}

async function commands(d: OutboundDeps, p: P): Promise<Answer> {
  if (p.scope && (p.scope as { type?: string }).type !== 'default') return ok(true);
  const list = (p.commands as { command: string; description: string }[] | undefined) ?? [];
  const r = await d.request({
    method: 'PATCH',
    path: '/me',
    body: { commands: list.map((c) => ({ name: c.command, description: c.description })) },
  });
  return r.ok ? ok(true) : telegramError(r, 'chat');
}

async function call(d: OutboundDeps, method: string, p: P): Promise<Answer> {
  switch (method) {
    case 'sendMessage':
      return send(d, p);
    case 'editMessageText':
      return edit(d, p, newMessage(p, String(p.text ?? '')));
    case 'editMessageReplyMarkup':
      return edit(d, p, { attachments: newMessage(p, '').attachments });
    case 'deleteMessage':
      return remove(d, p);
    case 'answerCallbackQuery':
      return answer(d, p);
    case 'sendDocument':
    case 'sendPhoto':
      return sendFile(d, method === 'sendPhoto' ? 'image' : 'file', p);
    case 'getMe':
      return getMe(d);
    case 'getChatMember':
      return chatMember(d, p);
    case 'setMyCommands':
    case 'deleteMyCommands':
      return commands(d, method === 'deleteMyCommands' ? { ...p, commands: [] } : p);
    case 'setChatMenuButton':
    case 'answerInlineQuery':
      return ok(true);
    default:
      d.logger.warn({ method }, 'a Bot API call with no MAX counterpart');
      return badRequest(`method ${method} is not available in MAX`);
  }
}

/** The transformer: every Bot API call answered by MAX; a call over MAX's limits fails as Telegram's 400. */
export function maxTransformer(d: OutboundDeps): Transformer {
  return (async (_prev: unknown, method: string, payload: unknown) => {
    try {
      return await call(d, method, (payload ?? {}) as P);
    } catch (e) {
      if (e instanceof MaxLimitExceeded) return badRequest(e.message);
      throw e;
    }
  }) as Transformer;
}
