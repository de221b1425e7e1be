import type { EventEmitter } from 'node:events';
import { FileStore } from './file-store.js';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import {
  ApiError,
  badRequest,
  now,
  num,
  type CallbackAnswer,
  type ChatMessage,
  type ChatState,
  type FakeBotApiEvents,
  type FakeBotApiOptions,
  type FakeUser,
  type InlineButton,
  type ReplyKeyboard,
} from './types.js';
import { UpdateQueue } from './updates.js';
import { checkGroupSend, groupChatObject, type FakeGroup } from './group-state.js';

/**
 * What the fake Bot API knows: users, chats and their messages as a client
 * shows them, button presses waiting for an answer, commands, updates. The
 * method groups (messages.ts, edits.ts, files.ts, chat.ts, updates.ts) read
 * and change it; FakeBotApi (index.ts) is its public face.
 */
export class BotState {
  readonly botUser: UserFromGetMe;
  readonly users = new Map<number, FakeUser>();
  readonly chats = new Map<number, ChatState>();
  readonly blocked = new Set<number>();
  /** Group chats the bot was added to (groups.ts). */
  readonly groups = new Map<number, FakeGroup>();
  readonly queries = new Map<string, { chatId: number; messageId: number; answered: boolean }>();
  readonly commands = new Map<string, unknown[]>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly updates: UpdateQueue;
  defaultMenuButton: unknown = { type: 'commands' };
  nextQueryId = 1;
  /** The files it holds: what the bot uploaded and what users sent (files.ts). */
  readonly files = new FileStore();

  constructor(
    readonly opts: FakeBotApiOptions,
    readonly token: string,
    /** FakeBotApi itself: what changes is told to its listeners. */
    readonly events: EventEmitter<FakeBotApiEvents>,
  ) {
    const id = Number(token.split(':')[0]) || 123456789;
    this.botUser = {
      id,
      is_bot: true,
      first_name: 'Demo bot',
      username: 'demo_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      ...opts.bot,
    } as UserFromGetMe;
    this.updates = new UpdateQueue(opts.firstUpdateId ?? 1, opts.webhookRetryMs ?? 500);
  }

  chat(chatId: number): ChatState {
    let c = this.chats.get(chatId);
    if (!c) {
      c = { id: chatId, nextMessageId: 1, messages: new Map(), keyboard: null };
      this.chats.set(chatId, c);
    }
    return c;
  }

  userObject(userId: number) {
    const u = this.users.get(userId) ?? { id: userId, first_name: `User${userId}` };
    return { language_code: 'ru', ...u, is_bot: false };
  }

  chatObject(chatId: number) {
    const g = this.groups.get(chatId);
    if (g) return groupChatObject(chatId, g) as unknown as ReturnType<BotState['privateChatObject']>;
    return this.privateChatObject(chatId);
  }

  private privateChatObject(chatId: number) {
    const u = this.users.get(chatId) ?? { id: chatId, first_name: `User${chatId}` };
    return {
      id: chatId,
      type: 'private' as const,
      first_name: u.first_name,
      ...(u.last_name ? { last_name: u.last_name } : {}),
      ...(u.username ? { username: u.username } : {}),
    };
  }

  /** The chat a send goes to: one the user opened, not blocked. */
  targetChat(p: Record<string, any>): ChatState {
    if (p.chat_id === undefined || p.chat_id === '') throw badRequest('chat_id is empty');
    const id = num(p.chat_id);
    if (id === undefined) throw badRequest('chat not found');
    if (this.blocked.has(id)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    checkGroupSend(this.groups, id);
    const chat = this.chats.get(id);
    if (!chat && !this.opts.allowUnknownChats) throw badRequest('chat not found');
    return chat ?? this.chat(id);
  }

  enqueue(partial: Omit<Update, 'update_id'>): Update {
    const q = this.updates;
    const update = { update_id: q.nextUpdateId++, ...partial };
    q.pending.push(update);
    this.events.emit('update', update);
    q.poller?.finish(false);
    if (q.webhook) void q.deliver();
    return update;
  }

  message(
    chat: ChatState,
    p: Record<string, any>,
    content: Partial<ChatMessage>,
    extra: Record<string, unknown>,
  ): ChatMessage {
    const inline = p.reply_markup?.inline_keyboard as InlineButton[][] | undefined;
    const message = {
      message_id: chat.nextMessageId++,
      from: this.botUser,
      chat: this.chatObject(chat.id),
      date: now(),
      ...extra,
      ...(inline ? { reply_markup: { inline_keyboard: inline } } : {}),
    } as unknown as Message;
    const stored: ChatMessage = {
      chatId: chat.id,
      messageId: message.message_id,
      fromBot: true,
      date: message.date,
      editCount: 0,
      message,
      ...(inline ? { inlineKeyboard: inline } : {}),
      ...content,
    };
    chat.messages.set(stored.messageId, stored);
    this.applyReplyKeyboard(chat, p.reply_markup);
    this.events.emit('message', stored);
    return stored;
  }

  private applyReplyKeyboard(chat: ChatState, markup: any): void {
    if (!markup || markup.inline_keyboard) return;
    let next: ReplyKeyboard | null | undefined;
    if (markup.remove_keyboard) next = null;
    else if (Array.isArray(markup.keyboard)) {
      next = {
        buttons: markup.keyboard.map((row: unknown[]) =>
          row.map((b) => (typeof b === 'string' ? b : String((b as { text: unknown }).text))),
        ),
        oneTime: !!markup.one_time_keyboard,
        ...(markup.input_field_placeholder ? { placeholder: String(markup.input_field_placeholder) } : {}),
      };
    }
    if (next === undefined) return;
    chat.keyboard = next;
    this.events.emit('keyboard', { chatId: chat.id, keyboard: next });
  }

  /** Like a client: after a one-time keyboard is used, it hides. */
  hideOneTimeKeyboard(chatId: number): void {
    const chat = this.chats.get(chatId);
    if (chat?.keyboard?.oneTime) {
      chat.keyboard = null;
      this.events.emit('keyboard', { chatId, keyboard: null });
    }
  }

  ownMessage(p: Record<string, any>, verb: 'edit' | 'delete'): { chat: ChatState; msg: ChatMessage } {
    if (p.inline_message_id) throw badRequest('inline messages are not supported by the fake Bot API');
    const chat = this.targetChat(p);
    const messageId = num(p.message_id);
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const msg = chat.messages.get(messageId);
    if (!msg) throw badRequest(`message to ${verb} not found`);
    if (verb === 'edit' && !msg.fromBot) throw badRequest("message can't be edited");
    return { chat, msg };
  }

  edited(msg: ChatMessage, what: 'text' | 'markup', changes: Record<string, unknown>): Message {
    msg.editCount++;
    msg.lastEdit = what;
    const { reply_markup: _old, ...rest } = msg.message as Message & { reply_markup?: unknown };
    msg.message = {
      ...rest,
      ...changes,
      edit_date: now(),
      ...(msg.inlineKeyboard ? { reply_markup: { inline_keyboard: msg.inlineKeyboard } } : {}),
    } as Message;
    this.events.emit('edit', msg);
    return msg.message;
  }

  /** A text message from the user in their private chat with the bot. `/cmd` gets its bot_command entity. */
  injectMessage(userId: number, text: string, extra: Partial<Message> = {}): { update: Update; message: ChatMessage } {
    const chat = this.chat(userId);
    const from = this.userObject(userId);
    const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
    const message = {
      message_id: chat.nextMessageId++,
      from,
      chat: this.chatObject(userId),
      date: now(),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...extra,
    } as Message;
    const stored: ChatMessage = {
      chatId: userId,
      messageId: message.message_id,
      fromBot: false,
      date: message.date,
      text,
      editCount: 0,
      message,
    };
    chat.messages.set(message.message_id, stored);
    const update = this.enqueue({ message } as Omit<Update, 'update_id'>);
    return { update, message: stored };
  }

  /**
   * A press of an inline button under a bot message. The button must be there
   * (as on a real screen) unless `force` is set, to test stale or forged data.
   */
  injectCallback(
    userId: number,
    messageId: number,
    data: string,
    opts: { force?: boolean } = {},
  ): { update: Update; queryId: string } {
    const msg = this.chats.get(userId)?.messages.get(messageId);
    if (!opts.force) {
      if (!msg) throw new Error(`FakeBotApi: no message ${messageId} in chat ${userId}`);
      const found = msg.inlineKeyboard?.flat().some((b) => b.callback_data === data);
      if (!found)
        throw new Error(`FakeBotApi: message ${messageId} has no button with callback_data ${JSON.stringify(data)}`);
    }
    const id = String(this.nextQueryId++);
    this.queries.set(id, { chatId: userId, messageId, answered: false });
    const message = msg?.message ?? { message_id: messageId, date: now(), chat: this.chatObject(userId) };
    const update = this.enqueue({
      callback_query: { id, from: this.userObject(userId), message, chat_instance: `ci${userId}`, data },
    });
    return { update, queryId: id };
  }
}
