import { EventEmitter } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartFile } from './multipart.js';
import { HtmlParseError, htmlToPlain } from './telegram-html.js';

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1, for `npm run demo` and the
 * end-to-end tests: the real bot talks to it through BOT_API_ROOT exactly as it
 * talks to Telegram (`POST|GET /bot<token>/<method>`, JSON, urlencoded or
 * multipart bodies). It keeps each chat's messages as a Telegram client would
 * show them, logs every call, lets a test play the users (messages, button
 * presses) and make the next calls fail (429, 500, a dropped connection).
 * It refuses what Telegram refuses where that is cheap to check: bad HTML,
 * empty or too long texts, callback data over 64 bytes, edits that change
 * nothing, unknown chats.
 */

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface UploadedFile {
  /** The parameter the file was sent as (`document`, `photo`, …). */
  param: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface ApiCall {
  seq: number;
  /** ms since the epoch when the request arrived. */
  at: number;
  method: string;
  httpMethod: string;
  /** Parameters with JSON-valued ones (reply_markup, commands…) parsed. */
  params: Record<string, any>;
  files: UploadedFile[];
  /** Filled in when answered. */
  response?: ApiResponse;
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

/** A message of a chat as the user sees it now (edits applied, deleted ones gone). */
export interface ChatMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  date: number;
  /** Plain text (HTML already rendered) of a text message. */
  text?: string;
  caption?: string;
  /** The text exactly as the bot sent it, and its parse_mode. */
  rawText?: string;
  parseMode?: string;
  /** Inline keyboard under the message, if any. */
  inlineKeyboard?: InlineButton[][];
  /** A file sent with the message; `data` holds its bytes when it was uploaded (a file_id resend has none). */
  document?: { file_name: string; file_size: number; mime_type?: string; data?: Buffer };
  photo?: { file_size: number; data?: Buffer };
  editCount: number;
  /** What the last edit changed: the text (and keyboard), or only the inline keyboard. */
  lastEdit?: 'text' | 'markup';
  /** The Bot API Message object as last returned to the bot. */
  message: Message;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface ReplyKeyboard {
  buttons: string[][];
  oneTime: boolean;
  placeholder?: string;
}

export interface CallbackAnswer {
  queryId: string;
  chatId?: number;
  messageId?: number;
  text?: string;
  showAlert: boolean;
  url?: string;
}

export interface FailureOptions {
  /** How many of the next calls of the method fail (default 1). */
  times?: number;
  /** Error code to answer (default 500); 429 adds `retry_after`. */
  code?: number;
  description?: string;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
}

interface Interceptor {
  method: string;
  times: number;
  kind: 'error' | 'reset' | 'delay';
  code?: number;
  description?: string;
  retryAfter?: number;
  delayMs?: number;
}

export interface FakeBotApiOptions {
  /** The one token accepted; others get 401. */
  token?: string;
  /** What getMe answers. */
  bot?: Partial<UserFromGetMe>;
  /** Port on 127.0.0.1; 0 (default) takes a free one. */
  port?: number;
  /** Accept sends to chats that never wrote to the bot (Telegram says "chat not found"). Default false. */
  allowUnknownChats?: boolean;
  /** First update_id handed out (default 1). */
  firstUpdateId?: number;
  /** Delay between webhook delivery retries, ms (default 500). */
  webhookRetryMs?: number;
}

export interface FakeBotApiEvents {
  /** A request arrived (parameters read, not answered yet). */
  request: [ApiCall];
  /** A request was answered. */
  call: [ApiCall];
  /** A new message from the bot. */
  message: [ChatMessage];
  /** A bot message changed (text or keyboard). */
  edit: [ChatMessage];
  delete: [{ chatId: number; messageId: number }];
  callbackAnswer: [CallbackAnswer];
  /** The reply keyboard of a chat changed (null: removed). */
  keyboard: [{ chatId: number; keyboard: ReplyKeyboard | null }];
  update: [Update];
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}
const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

const MAX_BODY = 60 * 1024 * 1024;
const JSON_PARAMS = new Set([
  'reply_markup',
  'allowed_updates',
  'commands',
  'scope',
  'entities',
  'caption_entities',
  'menu_button',
  'link_preview_options',
  'reply_parameters',
  'media',
]);
const INT_PARAMS = new Set([
  'chat_id',
  'message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'cache_time',
  'max_connections',
  'message_thread_id',
  'reply_to_message_id',
  'from_chat_id',
]);
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
/** What getUpdates sends when allowed_updates is empty (Telegram's default). */
const DEFAULT_UPDATE_TYPES_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

type Handler = (p: Record<string, any>, files: UploadedFile[], res: ServerResponse) => unknown;

interface ChatState {
  id: number;
  nextMessageId: number;
  messages: Map<number, ChatMessage>;
  keyboard: ReplyKeyboard | null;
  menuButton?: unknown;
}

interface Poller {
  finish(conflict: boolean): void;
}

export class FakeBotApi extends EventEmitter<FakeBotApiEvents> {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** Every request, in arrival order, with its answer. */
  readonly calls: ApiCall[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];

  private server?: Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly users = new Map<number, FakeUser>();
  private readonly chats = new Map<number, ChatState>();
  private readonly blocked = new Set<number>();
  private readonly queries = new Map<string, { chatId: number; messageId: number; answered: boolean }>();
  private readonly commands = new Map<string, unknown[]>();
  private defaultMenuButton: unknown = { type: 'commands' };
  private interceptors: Interceptor[] = [];
  private pending: Update[] = [];
  private nextUpdateId: number;
  private nextQueryId = 1;
  private nextFileId = 1;
  private allowedUpdates: string[] = [];
  private poller?: Poller;
  private webhook: { url: string; secret?: string; lastError?: { date: number; message: string } } | null = null;
  private delivering = false;
  private stopped = false;
  private readonly handlers: Record<string, Handler>;

  constructor(private readonly opts: FakeBotApiOptions = {}) {
    super();
    this.token = opts.token ?? '123456789:FAKE-bot-api-token-for-local-use';
    const id = Number(this.token.split(':')[0]) || 123456789;
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
    this.nextUpdateId = opts.firstUpdateId ?? 1;
    this.handlers = this.buildHandlers();
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  /** Listens on 127.0.0.1; resolves to the value for BOT_API_ROOT. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    this.stopped = false;
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** Answers waiting long polls with nothing, drops every connection, closes the port. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.poller?.finish(false);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** BOT_API_ROOT for the bot: `http://127.0.0.1:<port>`. */
  get url(): string {
    if (!this.server) throw new Error('FakeBotApi is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  // ── playing the users ────────────────────────────────────────────────────

  /** Names a user (first name, username, language) for the updates that follow. */
  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** A user (never) blocked the bot: sends to them answer 403. */
  blockUser(userId: number, blocked = true): void {
    if (blocked) this.blocked.add(userId);
    else this.blocked.delete(userId);
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

  /** Presses the inline button labelled `label` (exact text) under a bot message. */
  pressButton(userId: number, messageId: number, label: string): { update: Update; queryId: string } {
    const msg = this.chats.get(userId)?.messages.get(messageId);
    const button = msg?.inlineKeyboard?.flat().find((b) => b.text === label);
    if (!button?.callback_data)
      throw new Error(`FakeBotApi: no callback button "${label}" under message ${messageId} of chat ${userId}`);
    return this.injectCallback(userId, messageId, button.callback_data);
  }

  /** Any update; `update_id` is assigned. */
  injectUpdate(update: Omit<Update, 'update_id'>): Update {
    return this.enqueue(update);
  }

  /** Updates not yet confirmed by getUpdates (or not yet delivered to the webhook). */
  get pendingUpdates(): number {
    return this.pending.length;
  }

  // ── reading the screen ───────────────────────────────────────────────────

  /** The chat as the user sees it now: their messages and the bot's, oldest first. */
  messagesFor(chatId: number): ChatMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  /** The bot's messages of a chat, oldest first. */
  botMessagesFor(chatId: number): ChatMessage[] {
    return this.messagesFor(chatId).filter((m) => m.fromBot);
  }

  /** The reply keyboard shown in the chat now, if any. */
  keyboardFor(chatId: number): ReplyKeyboard | null {
    return this.chats.get(chatId)?.keyboard ?? null;
  }

  /** Commands set for a scope (`{type:'default'}` unless given) and language. */
  commandsFor(scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): unknown[] {
    return this.commands.get(commandKey(scope, languageCode)) ?? [];
  }

  get webhookUrl(): string | null {
    return this.webhook?.url ?? null;
  }

  /** The first answered call (from `since`, an index into `calls`) that matches; waits for it up to `timeoutMs`. */
  waitForCall(predicate: (c: ApiCall) => boolean, timeoutMs = 10_000, since = 0): Promise<ApiCall> {
    const found = this.calls.slice(since).find((c) => c.response && predicate(c));
    if (found) return Promise.resolve(found);
    return this.waitFor('call', (c) => !!c.response && predicate(c), timeoutMs, 'call');
  }

  /**
   * Like waitForCall, but resolves when the request arrives, before it is
   * answered: a long poll (getUpdates) is seen at once, not when it returns.
   */
  waitForRequest(predicate: (c: ApiCall) => boolean, timeoutMs = 10_000, since = 0): Promise<ApiCall> {
    const found = this.calls.slice(since).find(predicate);
    if (found) return Promise.resolve(found);
    return this.waitFor('request', predicate, timeoutMs, 'request');
  }

  /** The first bot message of the chat (with a message id above `afterMessageId`) that matches; waits for it. */
  waitForMessage(
    chatId: number,
    predicate: (m: ChatMessage) => boolean = () => true,
    timeoutMs = 10_000,
    afterMessageId = 0,
  ): Promise<ChatMessage> {
    const ok = (m: ChatMessage) => m.chatId === chatId && m.fromBot && m.messageId > afterMessageId && predicate(m);
    const found = this.messagesFor(chatId).find(ok);
    if (found) return Promise.resolve(found);
    return this.waitFor('message', ok, timeoutMs, `message in chat ${chatId}`);
  }

  private waitFor<K extends 'request' | 'call' | 'message'>(
    event: K,
    ok: (v: FakeBotApiEvents[K][0]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<FakeBotApiEvents[K][0]> {
    return new Promise((resolve, reject) => {
      const listener = (v: FakeBotApiEvents[K][0]) => {
        if (!ok(v)) return;
        clearTimeout(timer);
        this.off(event, listener as never);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.off(event, listener as never);
        reject(new Error(`FakeBotApi: no matching ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(event, listener as never);
    });
  }

  // ── failures ─────────────────────────────────────────────────────────────

  /** The next calls of `method` ('*' = any) answer an error: 500 by default, or 429 with retry_after. */
  failNext(method: string, opts: FailureOptions = {}): void {
    const code = opts.code ?? 500;
    this.interceptors.push({
      method: method.toLowerCase(),
      times: opts.times ?? 1,
      kind: 'error',
      code,
      description:
        opts.description ??
        (code === 429
          ? `Too Many Requests: retry after ${opts.retryAfter ?? 1}`
          : code >= 500
            ? 'Internal Server Error'
            : 'Bad Request'),
      retryAfter: code === 429 ? (opts.retryAfter ?? 1) : opts.retryAfter,
    });
  }

  /** The next calls of `method` lose their connection without an answer (a network error for the bot). */
  resetNext(method: string, times = 1): void {
    this.interceptors.push({ method: method.toLowerCase(), times, kind: 'reset' });
  }

  /** The next calls of `method` are answered only after `ms`. */
  delayNext(method: string, ms: number, times = 1): void {
    this.interceptors.push({ method: method.toLowerCase(), times, kind: 'delay', delayMs: ms });
  }

  clearFailures(): void {
    this.interceptors = [];
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!m) return send(res, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m;
    const call: ApiCall = { seq: -1, at: Date.now(), method, httpMethod: req.method ?? 'GET', params: {}, files: [] };
    // Logged once its parameters are read (or could not be).
    const record = () => {
      if (call.seq >= 0) return;
      call.seq = this.calls.length;
      this.calls.push(call);
      this.emit('request', call);
    };
    const answer = (r: ApiResponse) => {
      record();
      call.response = r;
      send(res, r);
      this.emit('call', call);
    };
    try {
      const { params, files } = await readParams(req, url);
      call.params = params;
      call.files = files;
      record();
      if (token !== this.token) throw new ApiError(401, 'Unauthorized');
      const intercepted = await this.intercept(method, res);
      if (intercepted === 'reset') {
        call.response = { ok: false, error_code: 0, description: 'connection reset by the fake' };
        this.emit('call', call);
        return;
      }
      if (intercepted) throw intercepted;
      const handler = this.handlers[method.toLowerCase()];
      if (!handler) throw new ApiError(404, 'Not Found: method not found');
      const result = await handler(params, files, res);
      if (res.writableEnded || res.destroyed) return;
      answer({ ok: true, result });
    } catch (e) {
      record();
      if (res.writableEnded || res.destroyed) return;
      if (e instanceof ApiError)
        answer({
          ok: false,
          error_code: e.code,
          description: e.description,
          ...(e.parameters ? { parameters: e.parameters } : {}),
        });
      else
        answer({
          ok: false,
          error_code: 500,
          description: `Internal Server Error: ${e instanceof Error ? e.message : String(e)}`,
        });
    }
  }

  private async intercept(method: string, res: ServerResponse): Promise<ApiError | 'reset' | undefined> {
    const lower = method.toLowerCase();
    const i = this.interceptors.findIndex((x) => x.times > 0 && (x.method === lower || x.method === '*'));
    if (i < 0) return undefined;
    const x = this.interceptors[i];
    if (--x.times <= 0) this.interceptors.splice(i, 1);
    if (x.kind === 'reset') {
      res.socket?.destroy();
      return 'reset';
    }
    if (x.kind === 'delay') {
      await new Promise((r) => setTimeout(r, x.delayMs));
      return undefined;
    }
    return new ApiError(
      x.code!,
      x.description!,
      x.retryAfter !== undefined ? { retry_after: x.retryAfter } : undefined,
    );
  }

  // ── state helpers ────────────────────────────────────────────────────────

  private chat(chatId: number): ChatState {
    let c = this.chats.get(chatId);
    if (!c) {
      c = { id: chatId, nextMessageId: 1, messages: new Map(), keyboard: null };
      this.chats.set(chatId, c);
    }
    return c;
  }

  private userObject(userId: number) {
    const u = this.users.get(userId) ?? { id: userId, first_name: `User${userId}` };
    return { language_code: 'ru', ...u, is_bot: false };
  }

  private chatObject(chatId: number) {
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
  private targetChat(p: Record<string, any>): ChatState {
    if (p.chat_id === undefined || p.chat_id === '') throw badRequest('chat_id is empty');
    const id = num(p.chat_id);
    if (id === undefined) throw badRequest('chat not found');
    if (this.blocked.has(id)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    const chat = this.chats.get(id);
    if (!chat && !this.opts.allowUnknownChats) throw badRequest('chat not found');
    return chat ?? this.chat(id);
  }

  private enqueue(partial: Omit<Update, 'update_id'>): Update {
    const update = { update_id: this.nextUpdateId++, ...partial };
    this.pending.push(update);
    this.emit('update', update);
    this.poller?.finish(false);
    if (this.webhook) void this.deliver();
    return update;
  }

  private isAllowed(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== 'update_id') ?? '';
    return this.allowedUpdates.length ? this.allowedUpdates.includes(type) : !DEFAULT_UPDATE_TYPES_EXCLUDED.has(type);
  }

  /** Updates at or above `offset`, up to `limit`; the ones below are confirmed and forgotten, the ones not allowed dropped. */
  private takeUpdates(offset: number, limit: number): Update[] {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
    this.pending = this.pending.filter((u) => this.isAllowed(u));
    return this.pending.slice(0, limit);
  }

  private message(
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
    this.emit('message', stored);
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
    this.emit('keyboard', { chatId: chat.id, keyboard: next });
  }

  /** Like a client: after a one-time keyboard is used, it hides. */
  hideOneTimeKeyboard(chatId: number): void {
    const chat = this.chats.get(chatId);
    if (chat?.keyboard?.oneTime) {
      chat.keyboard = null;
      this.emit('keyboard', { chatId, keyboard: null });
    }
  }

  private ownMessage(p: Record<string, any>, verb: 'edit' | 'delete'): { chat: ChatState; msg: ChatMessage } {
    if (p.inline_message_id) throw badRequest('inline messages are not supported by the fake Bot API');
    const chat = this.targetChat(p);
    const messageId = num(p.message_id);
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const msg = chat.messages.get(messageId);
    if (!msg) throw badRequest(`message to ${verb} not found`);
    if (verb === 'edit' && !msg.fromBot) throw badRequest("message can't be edited");
    return { chat, msg };
  }

  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook && !this.stopped) {
        const update = this.pending.find((u) => this.isAllowed(u));
        if (!update) break;
        const hook = this.webhook;
        const error = await postJson(hook.url, update, hook.secret).catch((e: Error) => e.message);
        if (error === null) {
          this.pending = this.pending.filter((u) => u !== update);
        } else {
          hook.lastError = { date: now(), message: error };
          await new Promise((r) => setTimeout(r, this.opts.webhookRetryMs ?? 500));
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  // ── methods ──────────────────────────────────────────────────────────────

  private buildHandlers(): Record<string, Handler> {
    const h: Record<string, Handler> = {
      getme: () => this.botUser,

      getupdates: async (p, _files, res) => {
        if (this.webhook)
          throw new ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates.map(String);
        const offset = num(p.offset) ?? 0;
        const limit = Math.min(100, Math.max(1, num(p.limit) ?? 100));
        const timeout = Math.max(0, num(p.timeout) ?? 0);
        let batch = this.takeUpdates(offset, limit);
        if (batch.length || timeout === 0 || this.stopped) return batch;
        // Long poll: a newer getUpdates ends this one with 409, as Telegram does.
        this.poller?.finish(true);
        const conflict = await new Promise<boolean>((resolve) => {
          let settled = false;
          const poller: Poller = {
            finish: (c) => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              res.off('close', onClose);
              if (this.poller === poller) this.poller = undefined;
              resolve(c);
            },
          };
          const onClose = () => poller.finish(false);
          const timer = setTimeout(() => poller.finish(false), timeout * 1000);
          res.on('close', onClose);
          this.poller = poller;
        });
        if (conflict)
          throw new ApiError(
            409,
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          );
        batch = this.takeUpdates(offset, limit);
        return batch;
      },

      setwebhook: (p) => {
        if (typeof p.url !== 'string') throw badRequest('bad webhook: URL must be provided');
        if (p.url === '') {
          this.webhook = null;
          return true;
        }
        let host: string;
        try {
          host = new URL(p.url).hostname;
        } catch {
          throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
        }
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
          throw badRequest('bad webhook: secret token contains unallowed characters');
        if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') this.pending = [];
        if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates.map(String);
        this.poller?.finish(true);
        this.webhook = { url: p.url, ...(p.secret_token ? { secret: String(p.secret_token) } : {}) };
        // Updates go out only to this machine: the fake never calls another host.
        if (LOOPBACK.test(host)) void this.deliver();
        else this.webhook.lastError = { date: now(), message: 'the fake Bot API delivers to loopback addresses only' };
        return true;
      },

      deletewebhook: (p) => {
        this.webhook = null;
        if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') this.pending = [];
        return true;
      },

      getwebhookinfo: () => ({
        url: this.webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: this.pending.length,
        ...(this.webhook?.lastError
          ? { last_error_date: this.webhook.lastError.date, last_error_message: this.webhook.lastError.message }
          : {}),
        ...(this.allowedUpdates.length ? { allowed_updates: this.allowedUpdates } : {}),
      }),

      setmycommands: (p) => {
        if (!Array.isArray(p.commands)) throw badRequest('parameter "commands" is required');
        if (p.commands.length > 100) throw badRequest('too many commands');
        for (const c of p.commands) {
          if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
            throw badRequest('BOT_COMMAND_INVALID');
          if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256)
            throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        }
        this.commands.set(
          commandKey(p.scope, p.language_code),
          p.commands.map((c: any) => ({ command: c.command, description: c.description })),
        );
        return true;
      },
      getmycommands: (p) => this.commands.get(commandKey(p.scope, p.language_code)) ?? [],
      deletemycommands: (p) => {
        this.commands.delete(commandKey(p.scope, p.language_code));
        return true;
      },

      sendmessage: (p) => {
        const chat = this.targetChat(p);
        const { plain, raw } = renderText(p.text, p.parse_mode, 'message text', 4096);
        checkMarkup(p.reply_markup);
        return this.message(chat, p, { text: plain, rawText: raw, parseMode: p.parse_mode }, { text: plain }).message;
      },

      editmessagetext: (p) => {
        const { msg } = this.ownMessage(p, 'edit');
        if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
        const { plain, raw } = renderText(p.text, p.parse_mode, 'message text', 4096);
        checkMarkup(p.reply_markup, true);
        const inline = p.reply_markup?.inline_keyboard as InlineButton[][] | undefined;
        if (plain === msg.text && JSON.stringify(inline) === JSON.stringify(msg.inlineKeyboard))
          throw badRequest(
            'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        // As in Telegram, an edit without reply_markup removes the inline keyboard.
        Object.assign(msg, { text: plain, rawText: raw, parseMode: p.parse_mode, inlineKeyboard: inline });
        return this.edited(msg, 'text', { text: plain });
      },

      editmessagereplymarkup: (p) => {
        const { msg } = this.ownMessage(p, 'edit');
        checkMarkup(p.reply_markup, true);
        const inline = p.reply_markup?.inline_keyboard as InlineButton[][] | undefined;
        if (JSON.stringify(inline) === JSON.stringify(msg.inlineKeyboard))
          throw badRequest(
            'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        msg.inlineKeyboard = inline;
        return this.edited(msg, 'markup', {});
      },

      deletemessage: (p) => {
        const { chat, msg } = this.ownMessage(p, 'delete');
        chat.messages.delete(msg.messageId);
        this.emit('delete', { chatId: chat.id, messageId: msg.messageId });
        return true;
      },

      answercallbackquery: (p) => {
        const q = this.queries.get(String(p.callback_query_id ?? ''));
        if (!q || q.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
        if (p.text !== undefined && String(p.text).length > 200) throw badRequest('MESSAGE_TOO_LONG');
        q.answered = true;
        const answer: CallbackAnswer = {
          queryId: String(p.callback_query_id),
          chatId: q.chatId,
          messageId: q.messageId,
          ...(p.text ? { text: String(p.text) } : {}),
          showAlert: p.show_alert === true || p.show_alert === 'true',
          ...(p.url ? { url: String(p.url) } : {}),
        };
        this.callbackAnswers.push(answer);
        this.emit('callbackAnswer', answer);
        return true;
      },

      senddocument: (p, files) => {
        const chat = this.targetChat(p);
        const file = this.inputFile(p, files, 'document');
        const caption = renderCaption(p);
        checkMarkup(p.reply_markup);
        const document = {
          file_name: file.filename,
          file_size: file.size,
          ...(file.contentType ? { mime_type: file.contentType } : {}),
        };
        return this.message(
          chat,
          p,
          {
            document: { ...document, data: file.data },
            ...(caption ? { caption: caption.plain, rawText: caption.raw } : {}),
          },
          {
            document: { ...document, file_id: `doc${this.nextFileId}`, file_unique_id: `udoc${this.nextFileId++}` },
            ...(caption ? { caption: caption.plain } : {}),
          },
        ).message;
      },

      sendphoto: (p, files) => {
        const chat = this.targetChat(p);
        const file = this.inputFile(p, files, 'photo');
        const caption = renderCaption(p);
        checkMarkup(p.reply_markup);
        const id = this.nextFileId++;
        return this.message(
          chat,
          p,
          {
            photo: { file_size: file.size, data: file.data },
            ...(caption ? { caption: caption.plain, rawText: caption.raw } : {}),
          },
          {
            photo: [
              { file_id: `photo${id}`, file_unique_id: `uphoto${id}`, width: 800, height: 600, file_size: file.size },
            ],
            ...(caption ? { caption: caption.plain } : {}),
          },
        ).message;
      },

      sendchataction: (p) => {
        this.targetChat(p);
        if (!CHAT_ACTIONS.has(String(p.action))) throw badRequest('wrong parameter action in request');
        return true;
      },

      setchatmenubutton: (p) => {
        if (p.chat_id !== undefined) this.targetChat(p).menuButton = p.menu_button ?? { type: 'default' };
        else this.defaultMenuButton = p.menu_button ?? { type: 'commands' };
        return true;
      },
      getchatmenubutton: (p) =>
        (p.chat_id !== undefined ? this.targetChat(p).menuButton : undefined) ?? this.defaultMenuButton,

      getchat: (p) => {
        const chat = this.targetChat(p);
        return {
          ...this.chatObject(chat.id),
          accent_color_id: 0,
          max_reaction_count: 11,
          accepted_gift_types: {
            unlimited_gifts: false,
            limited_gifts: false,
            unique_gifts: false,
            premium_subscription: false,
          },
        };
      },
    };
    return h;
  }

  private edited(msg: ChatMessage, what: 'text' | 'markup', changes: Record<string, unknown>): Message {
    msg.editCount++;
    msg.lastEdit = what;
    const { reply_markup: _old, ...rest } = msg.message as Message & { reply_markup?: unknown };
    msg.message = {
      ...rest,
      ...changes,
      edit_date: now(),
      ...(msg.inlineKeyboard ? { reply_markup: { inline_keyboard: msg.inlineKeyboard } } : {}),
    } as Message;
    this.emit('edit', msg);
    return msg.message;
  }

  /** A file parameter: an upload (`attach://…`), or a file_id/URL string sent as text. */
  private inputFile(p: Record<string, any>, files: UploadedFile[], param: string): UploadedFile {
    const v = p[param];
    if (typeof v === 'string' && v.startsWith('attach://')) {
      const f = files.find((x) => x.param === v.slice('attach://'.length));
      if (!f) throw badRequest(`wrong ${param} file: attached file not found`);
      f.param = param;
      return f;
    }
    const direct = files.find((x) => x.param === param);
    if (direct) return direct;
    if (typeof v === 'string' && v) return { param, filename: v.split('/').pop() || v, size: 0, data: Buffer.alloc(0) };
    throw badRequest(`there is no ${param} in the request`);
  }
}

// ── helpers ──────────────────────────────────────────────────────────────

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function commandKey(scope: unknown, languageCode: unknown): string {
  const s = (scope && typeof scope === 'object' ? scope : { type: 'default' }) as Record<string, unknown>;
  return JSON.stringify([s.type ?? 'default', s.chat_id ?? null, s.user_id ?? null, languageCode ?? '']);
}

function send(res: ServerResponse, body: ApiResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const status = body.ok ? 200 : body.error_code || 500;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function renderText(text: unknown, parseMode: unknown, what: string, max: number): { plain: string; raw: string } {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest(`${what} is empty`);
  let plain = text;
  if (typeof parseMode === 'string' && parseMode.toLowerCase() === 'html') {
    try {
      plain = htmlToPlain(text);
    } catch (e) {
      if (e instanceof HtmlParseError) throw badRequest(`can't parse entities: ${e.message}`);
      throw e;
    }
  } else if (
    parseMode !== undefined &&
    !['markdown', 'markdownv2'].includes((typeof parseMode === 'string' ? parseMode : '').toLowerCase())
  ) {
    throw badRequest(`unsupported parse_mode`);
  }
  if (plain.trim() === '') throw badRequest(`${what} is empty`);
  if (plain.length > max)
    throw badRequest(what === 'message text' ? 'message is too long' : 'message caption is too long');
  return { plain, raw: text };
}

function renderCaption(p: Record<string, any>): { plain: string; raw: string } | undefined {
  if (p.caption === undefined || p.caption === '') return undefined;
  return renderText(p.caption, p.parse_mode, 'caption', 1024);
}

/** Telegram's checks on keyboards that catch real bugs: empty labels, callback data over 64 bytes, no action. */
function checkMarkup(markup: any, inlineOnly = false): void {
  if (markup === undefined) return;
  if (typeof markup !== 'object' || markup === null) throw badRequest("can't parse reply keyboard markup JSON object");
  if (markup.inline_keyboard !== undefined) {
    if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray))
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    for (const b of markup.inline_keyboard.flat()) {
      if (!b || typeof b.text !== 'string' || b.text === '')
        throw badRequest('text buttons are unallowed in the inline keyboard');
      const actions = [
        'callback_data',
        'url',
        'web_app',
        'login_url',
        'switch_inline_query',
        'switch_inline_query_current_chat',
        'switch_inline_query_chosen_chat',
        'copy_text',
        'callback_game',
        'pay',
      ].filter((k) => b[k] !== undefined);
      if (actions.length !== 1) throw badRequest('text buttons are unallowed in the inline keyboard');
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (b.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(b.url)))
        throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`);
    }
    return;
  }
  if (inlineOnly) throw badRequest('inline keyboard expected');
  if (markup.keyboard !== undefined) {
    if (!Array.isArray(markup.keyboard) || !markup.keyboard.every(Array.isArray))
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    for (const b of markup.keyboard.flat()) {
      const text = typeof b === 'string' ? b : b?.text;
      if (typeof text !== 'string' || text === '') throw badRequest('keyboard button text is empty');
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Query string and body, whatever the encoding, as one parameter object. */
async function readParams(
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, any>; files: UploadedFile[] }> {
  const raw: Record<string, string> = Object.fromEntries(url.searchParams);
  const files: UploadedFile[] = [];
  const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let json: Record<string, unknown> = {};
  if (body.length) {
    const boundary = multipartBoundary(type);
    if (boundary) {
      try {
        const parsed = parseMultipart(body, boundary);
        Object.assign(raw, parsed.fields);
        files.push(
          ...parsed.files.map((f: MultipartFile) => ({
            param: f.field,
            filename: f.filename,
            contentType: f.contentType,
            size: f.size,
            data: f.data,
          })),
        );
      } catch (e) {
        if (e instanceof MultipartError) throw badRequest(`can't parse multipart/form-data: ${e.message}`);
        throw e;
      }
    } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else if (/^application\/json\b/i.test(type) || type === '') {
      try {
        const v = JSON.parse(body.toString('utf8'));
        if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
      } catch {
        throw badRequest("can't parse JSON encoded request parameters");
      }
    } else {
      throw badRequest(`unsupported content type ${type}`);
    }
  }
  // Text-encoded values: JSON parameters parsed, numbers as numbers, like Telegram reads them.
  const params: Record<string, any> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (JSON_PARAMS.has(k)) {
      try {
        params[k] = JSON.parse(v);
      } catch {
        throw badRequest(
          k === 'reply_markup' ? "can't parse reply keyboard markup JSON object" : `can't parse ${k} JSON object`,
        );
      }
    } else if (INT_PARAMS.has(k) && /^-?\d+$/.test(v)) params[k] = Number(v);
    else if (v === 'true' || v === 'false') params[k] = v === 'true';
    else params[k] = v;
  }
  Object.assign(params, json);
  return { params, files };
}

/** POSTs an update to a webhook; null when it answered 2xx, else why not. */
function postJson(url: string, body: unknown, secret?: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      url,
      {
        method: 'POST',
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const s = res.statusCode ?? 0;
          resolve(
            s >= 200 && s < 300 ? null : `Wrong response from the webhook: ${s} ${res.statusMessage ?? ''}`.trim(),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('Connection timed out')));
    req.on('error', reject);
    req.end(data);
  });
}
