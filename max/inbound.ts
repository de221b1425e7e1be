import type { Chat, MessageEntity, Update, User } from 'grammy/types';

type Message = NonNullable<Update['message']>;
import type { Logger } from '../core/logger.js';
import { MAX_FILE_PREFIX } from './file-bridge.js';
import { numberOf, type MessageIds } from './message-ids.js';
import type { MaxInboundAttachment, MaxMessage, MaxUpdate, MaxUser } from './types.js';

/**
 * MAX's updates as Telegram-shaped ones, so the same grammY bot (bot/features) serves MAX: a dialog is
 * a private chat whose id is the user's id (as in Telegram), a group chat keeps MAX's chat id, and
 *  - message_created → a message (a leading /command gets its bot_command entity); an image or a file
 *    becomes a photo or a document whose file_id is "max:<token>", the text its caption,
 *  - message_callback → a callback query with MAX's payload as `data` and the message it was pressed on,
 *  - bot_started → `/start <payload>` (the invitation deep links work unchanged),
 *  - bot_stopped → the user blocked the bot; bot_added / bot_removed → the bot joined or left a group.
 * Update ids are derived from what names the update in MAX (a message's mid, a callback's id), so a
 * copy MAX delivers again has the same id and the update ledger skips it.
 */
export interface InboundContext {
  /** The bot's own MAX user (my_chat_member names it). */
  me: User;
  ids: MessageIds;
  logger: Logger;
}

const userOf = (u: MaxUser): User => ({
  id: u.user_id,
  is_bot: u.is_bot ?? false,
  first_name: u.first_name ?? u.name ?? '',
  ...(u.last_name ? { last_name: u.last_name } : {}),
  ...(u.username ? { username: u.username } : {}),
});

const privateChat = (u: MaxUser): Chat.PrivateChat => ({
  id: u.user_id,
  type: 'private',
  first_name: userOf(u).first_name,
});
const groupChat = (chatId: number): Chat.GroupChat => ({ id: chatId, type: 'group', title: '' });
const seconds = (ms: number) => Math.floor(ms / 1000);

function commandEntities(text: string): MessageEntity[] | undefined {
  const m = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : undefined;
}

/** Types of the files the diary takes (a справка, a file for a teacher): by the name's extension. */
const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
};

/** The message's images and files that carry a token: what the diary can take from it. */
const filesOf = (m: MaxMessage): MaxInboundAttachment[] =>
  (m.body.attachments ?? []).filter((a) => (a.type === 'image' || a.type === 'file') && a.payload?.token);

/** The message's first image or file (Telegram has one file a message: the rest are not read, the user is told). */
const fileOf = (m: MaxMessage): MaxInboundAttachment | undefined => filesOf(m)[0];

/**
 * A user's dialog message carrying more files than the first, which alone is read: the user to tell
 * (max/front.ts), and how many were left. Group chats are not told (the class's chat is not for the bot's notes).
 */
export function filesLeftOut(u: MaxUpdate): { userId: number; count: number } | null {
  const m = u.update_type === 'message_created' ? u.message : undefined;
  if (!m || m.recipient.chat_type !== 'dialog' || !m.sender || m.sender.is_bot) return null;
  const count = filesOf(m).length - 1;
  return count > 0 ? { userId: m.sender.user_id, count } : null;
}

/** The message's file as Telegram's photo or document, its id "max:<token>". */
function telegramFile(a: MaxInboundAttachment): Partial<Message> {
  const p = a.payload!;
  const file_id = MAX_FILE_PREFIX + p.token!;
  if (a.type === 'image')
    return { photo: [{ file_id, file_unique_id: String(p.photo_id ?? p.token), width: 0, height: 0 }] };
  const name = a.filename ?? 'file';
  const mime = MIME[/\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''];
  return {
    document: {
      file_id,
      file_unique_id: String(p.fileId ?? p.token),
      file_name: name,
      ...(a.size !== undefined ? { file_size: a.size } : {}),
      ...(mime ? { mime_type: mime } : {}),
    },
  };
}

/** The download addresses of a user's message's file, kept so the file can go to Telegram (max/file-bridge.ts). */
export function maxFilesOf(u: MaxUpdate): { fileId: string; url: string; fileName: string | null }[] {
  const a = u.update_type === 'message_created' && u.message ? fileOf(u.message) : undefined;
  if (!a?.payload?.url) return [];
  return [{ fileId: MAX_FILE_PREFIX + a.payload.token!, url: a.payload.url, fileName: a.filename ?? null }];
}

/** A MAX message as Telegram's: null for a channel's post or a message without a sender. */
export function messageOf(m: MaxMessage, ids: MessageIds): Message | null {
  const { recipient, sender } = m;
  if (recipient.chat_type === 'channel') return null;
  const chat: Chat.PrivateChat | Chat.GroupChat =
    recipient.chat_type === 'dialog'
      ? sender && !sender.is_bot
        ? privateChat(sender)
        : { id: recipient.user_id ?? 0, type: 'private', first_name: '' }
      : groupChat(recipient.chat_id ?? 0);
  if (!chat.id) return null;
  const text = m.body.text ?? '';
  const entities = commandEntities(text);
  const file = fileOf(m);
  // With a file, the text is its caption (as Telegram sends a photo or a document with words).
  const words = file
    ? { ...telegramFile(file), ...(text ? { caption: text } : {}), ...(entities ? { caption_entities: entities } : {}) }
    : { text, ...(entities ? { entities } : {}) };
  return {
    // A message the bot sent keeps the text it was sent with (HTML); one seen only here, its plain text.
    message_id: ids.idOf(m.body.mid, text ? { text } : undefined),
    date: seconds(m.timestamp),
    chat,
    ...(sender ? { from: userOf(sender) } : {}),
    ...words,
  } as Message;
}

function started(u: MaxUpdate): Update | null {
  if (!u.user) return null;
  const text = u.payload ? `/start ${u.payload}` : '/start';
  const message = {
    message_id: numberOf(`started:${u.user.user_id}:${u.timestamp}`),
    date: seconds(u.timestamp),
    chat: privateChat(u.user),
    from: userOf(u.user),
    text,
    entities: commandEntities(text),
  } as Message;
  return { update_id: numberOf(`bot_started:${u.user.user_id}:${u.timestamp}`), message };
}

function callback(u: MaxUpdate, c: InboundContext): Update | null {
  if (!u.callback) return null;
  const message = u.message ? messageOf(u.message, c.ids) : null;
  // A button on the bot's message in a dialog: the chat is the presser's.
  const fixed =
    message && message.chat.type === 'private' ? { ...message, chat: privateChat(u.callback.user) } : message;
  return {
    update_id: numberOf(`callback:${u.callback.callback_id}`),
    callback_query: {
      id: u.callback.callback_id,
      from: userOf(u.callback.user),
      chat_instance: fixed ? String(fixed.chat.id) : '',
      ...(u.callback.payload ? { data: u.callback.payload } : {}),
      ...(fixed ? { message: fixed } : {}),
    },
  };
}

/** The bot's membership changed: blocked/unblocked in a dialog, added to or removed from a group. */
function membership(u: MaxUpdate, c: InboundContext, status: 'member' | 'kicked' | 'left'): Update | null {
  if (!u.user || u.chat_id === undefined || u.is_channel) return null;
  const inDialog = u.update_type === 'bot_stopped';
  const chat = inDialog ? privateChat(u.user) : groupChat(u.chat_id);
  const before = status === 'member' ? 'left' : 'member';
  return {
    update_id: numberOf(`${u.update_type}:${u.chat_id}:${u.timestamp}`),
    my_chat_member: {
      chat,
      from: userOf(u.user),
      date: seconds(u.timestamp),
      old_chat_member: { status: before, user: c.me },
      new_chat_member: { status, user: c.me },
    },
  } as Update;
}

/** The Telegram-shaped update, or null for what the diary does not use (logged at debug, no personal data). */
export function translateUpdate(u: MaxUpdate, c: InboundContext): Update | null {
  let out: Update | null = null;
  if (u.update_type === 'message_created' && u.message) {
    const message = messageOf(u.message, c.ids);
    if (message && !message.from?.is_bot) out = { update_id: numberOf(`message:${u.message.body.mid}`), message };
  } else if (u.update_type === 'message_callback') out = callback(u, c);
  else if (u.update_type === 'bot_started') out = started(u);
  else if (u.update_type === 'bot_stopped') out = membership(u, c, 'kicked');
  else if (u.update_type === 'bot_added') out = membership(u, c, 'member');
  else if (u.update_type === 'bot_removed') out = membership(u, c, 'left');
  if (!out) c.logger.debug({ updateType: u.update_type }, 'MAX update not used by the diary');
  return out;
}
