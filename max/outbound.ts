import type { Transformer } from 'grammy';
import { FileSourceTrouble } from './file-bridge.js';
import { MaxLimitExceeded } from './limits.js';
import { badRequest, telegramError } from './outbound-errors.js';
import { sendFile } from './outbound-files.js';
import {
  newMessage,
  ok,
  recipientOf,
  textOf,
  sentMessage,
  type Answer,
  type OutboundDeps,
  type P,
} from './outbound-message.js';
import type { MaxNewMessage } from './types.js';

/**
 * The Bot API calls the features make, answered by MAX's API (installed with bot.api.config.use, so no
 * call ever reaches Telegram): sendMessage → POST /messages, editMessageText / editMessageReplyMarkup →
 * PUT /messages, deleteMessage → DELETE /messages, answerCallbackQuery → POST /answers, sendDocument /
 * sendPhoto → an upload and POST /messages, getMe → GET /me, setMyCommands → the bot's one command list
 * (MAX keeps no list per chat: a chat's own list is not sent). Telegram's menu button, inline mode and
 * chat member lookups have no MAX counterpart here: answered as Telegram would for a bot that may write
 * (MAX's own refusal of a send then marks a group lost), nothing sent.
 */
type Call = (d: OutboundDeps, p: P) => Promise<Answer>;

const send: Call = async (d, p) => {
  const reply = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
  const replyTo = reply !== undefined ? d.ids.midOf(reply) : undefined;
  const text = textOf(p.text);
  const body = newMessage(p, text, { replyTo, app: d.app });
  const m = await d.api.sendMessage(recipientOf(p.chat_id), body, {
    disableLinkPreview: (p.link_preview_options as { is_disabled?: boolean } | undefined)?.is_disabled,
  });
  return ok({ ...sentMessage(d, p.chat_id, m, body), text });
};

const edit =
  (body: (p: P, d: OutboundDeps) => MaxNewMessage): Call =>
  async (d, p) => {
    const mid = d.ids.midOf(Number(p.message_id));
    if (!mid) return badRequest('message to edit not found');
    const b = body(p, d);
    await d.api.editMessage(mid, b);
    sentMessage(d, p.chat_id, { body: { mid }, timestamp: 0 }, b);
    return ok({ ...sentMessage(d, p.chat_id, undefined), message_id: Number(p.message_id), text: b.text ?? '' });
  };

/** A keyboard-only edit: MAX replaces the text too, so the text the message has is sent again. */
function keyboardEdit(p: P, d: OutboundDeps): MaxNewMessage {
  const known = d.ids.textOf(Number(p.message_id));
  const { attachments } = newMessage(p, '', { app: d.app });
  return known
    ? { ...newMessage({ ...p, parse_mode: known.format === 'html' ? 'HTML' : undefined }, known.text), attachments }
    : { attachments };
}

const remove: Call = async (d, p) => {
  const mid = d.ids.midOf(Number(p.message_id));
  if (!mid) return badRequest('message to delete not found');
  await d.api.deleteMessage(mid);
  return ok(true);
};

/** A button's answer: MAX takes a notification (Telegram's pop-up text); a silent answer needs no call. */
const answer: Call = async (d, p) => {
  if (p.text) await d.api.answerCallback(String(p.callback_query_id), { notification: textOf(p.text) });
  return ok(true);
};

const getMe: Call = async (d) => {
  const me = await d.api.getMe();
  return ok({ id: me.user_id, is_bot: true, first_name: me.first_name ?? me.name ?? '', username: me.username ?? '' });
};

const commands: Call = async (d, p) => {
  if (p.scope && (p.scope as { type?: string }).type !== 'default') return ok(true);
  const list = (p.commands as { command: string; description: string }[] | undefined) ?? [];
  await d.api.editMyCommands(list.map((c) => ({ name: c.command, description: c.description })));
  return ok(true);
};

const member: Call = (_d, p) =>
  Promise.resolve(ok({ status: 'member', user: { id: Number(p.user_id), is_bot: true, first_name: '' } }));

const CALLS: Record<string, Call> = {
  sendMessage: send,
  editMessageText: edit((p, d) => newMessage(p, textOf(p.text), { app: d.app })),
  editMessageReplyMarkup: edit(keyboardEdit),
  deleteMessage: remove,
  answerCallbackQuery: answer,
  sendDocument: (d, p) => sendFile(d, 'file', p),
  sendPhoto: (d, p) => sendFile(d, 'image', p),
  getMe,
  setMyCommands: commands,
  deleteMyCommands: (d, p) => commands(d, { ...p, commands: [] }),
  getChatMember: member,
  setChatMenuButton: () => Promise.resolve(ok(true)),
  answerInlineQuery: () => Promise.resolve(ok(true)),
};

/** The transformer: every Bot API call answered by MAX; a call over MAX's limits fails as Telegram's 400. */
export function maxTransformer(d: OutboundDeps): Transformer {
  return (async (_prev: unknown, method: string, payload: unknown) => {
    const call = CALLS[method];
    if (!call) {
      d.logger.warn({ method }, 'a Bot API call with no MAX counterpart');
      return badRequest(`method ${method} is not available in MAX`);
    }
    try {
      return await call(d, (payload ?? {}) as P);
    } catch (e) {
      if (e instanceof MaxLimitExceeded) return badRequest(e.message);
      // A Telegram file that could not be fetched just now: as Telegram's own trouble, the features' error path.
      if (e instanceof FileSourceTrouble)
        return { ok: false, error_code: 502, description: 'Bad Gateway: file source' };
      return telegramError(e, method.startsWith('edit') || method === 'deleteMessage' ? 'message' : 'chat');
    }
  }) as Transformer;
}
