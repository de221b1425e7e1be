import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { chatHandlers } from './chat.js';
import { editHandlers } from './edits.js';
import { Failures } from './failures.js';
import { BroadcastLimits } from './broadcast-limits.js';
import { fileHandlers } from './files.js';
import { handleRequest, type Dispatch } from './http.js';
import { messageHandlers } from './messages.js';
import { BotState } from './state.js';
import {
  commandKey,
  type ApiCall,
  type CallbackAnswer,
  type ChatMessage,
  type FailureOptions,
  type FakeBotApiEvents,
  type FakeBotApiOptions,
  type FakeUser,
  type Handler,
  type ReplyKeyboard,
} from './types.js';
import { updateHandlers } from './updates.js';
import { groupHandlers, groupOps } from './groups.js';

export type {
  ApiCall,
  ApiResponse,
  CallbackAnswer,
  ChatMessage,
  FailureOptions,
  FakeBotApiEvents,
  FakeBotApiOptions,
  FakeUser,
  InlineButton,
  ReplyKeyboard,
  UploadedFile,
} from './types.js';

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1, for `npm run demo` and the
 * end-to-end tests: the real bot talks to it through BOT_API_ROOT exactly as it
 * talks to Telegram (`POST|GET /bot<token>/<method>`, JSON, urlencoded or
 * multipart bodies). It keeps each chat's messages as a Telegram client would
 * show them, logs every call, lets a test play the users (messages, button
 * presses) and make the next calls fail (429, 500, a dropped connection).
 * It refuses what Telegram refuses where that is cheap to check: bad HTML,
 * empty or too long texts, callback data over 64 bytes, edits that change
 * nothing, unknown chats, Mini App addresses that are not HTTPS (plain HTTP to
 * 127.0.0.1 is taken, for the demo and the tests: checks.ts webAppUrlProblem).
 */
export class FakeBotApi extends EventEmitter<FakeBotApiEvents> {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** Every request, in arrival order, with its answer. */
  readonly calls: ApiCall[] = [];
  /** Telegram's broadcast limits (options.broadcastLimits): paid sends counted, sends refused with 429. */
  readonly limits?: BroadcastLimits;
  readonly callbackAnswers: CallbackAnswer[];

  private server?: Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly state: BotState;
  private readonly failures = new Failures();
  private readonly http: Dispatch;
  private readonly groupOps: ReturnType<typeof groupOps>;

  constructor(private readonly opts: FakeBotApiOptions = {}) {
    super();
    this.token = opts.token ?? '123456789:FAKE-bot-api-token-for-local-use';
    const s = (this.state = new BotState(opts, this.token, this));
    this.botUser = s.botUser;
    this.callbackAnswers = s.callbackAnswers;
    const handlers: Record<string, Handler> = {
      ...chatHandlers(s),
      ...updateHandlers(s.updates),
      ...messageHandlers(s),
      ...editHandlers(s),
      ...fileHandlers(s),
      ...groupHandlers(s),
    };
    this.groupOps = groupOps(s);
    this.limits = opts.broadcastLimits ? new BroadcastLimits(opts.broadcastLimits) : undefined;
    this.http = {
      token: this.token,
      calls: this.calls,
      events: this,
      failures: this.failures,
      handlers,
      files: s.files,
      ...(this.limits ? { limits: this.limits } : {}),
    };
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  /** Listens on 127.0.0.1; resolves to the value for BOT_API_ROOT. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    this.state.updates.stopped = false;
    const server = createServer((req, res) => void handleRequest(this.http, req, res));
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
    this.state.updates.stopped = true;
    this.state.updates.poller?.finish(false);
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
    this.state.users.set(user.id, user);
  }

  /** A user (never) blocked the bot: sends to them answer 403. */
  blockUser(userId: number, blocked = true): void {
    if (blocked) this.state.blocked.add(userId);
    else this.state.blocked.delete(userId);
  }

  /** A text message from the user in their private chat with the bot. `/cmd` gets its bot_command entity. */
  injectMessage(userId: number, text: string, extra: Partial<Message> = {}): { update: Update; message: ChatMessage } {
    return this.state.injectMessage(userId, text, extra);
  }

  /**
   * A file a user sends (a photo or a document): the fake holds its bytes (getFile and the file URL serve
   * them) and returns what a message of the user carries, for injectMessage's `extra`.
   */
  userFile(
    kind: 'photo' | 'document',
    data: Buffer,
    o: { fileName?: string; mimeType?: string } = {},
  ): Pick<Message, 'photo' | 'document'> {
    const f = this.state.files.hold(kind, data, o.fileName);
    const ref = { file_id: f.fileId, file_unique_id: f.uniqueId, file_size: data.length };
    if (kind === 'photo') return { photo: [{ ...ref, width: 1280, height: 960 }] };
    return {
      document: {
        ...ref,
        file_name: o.fileName ?? f.path.split('/').pop()!,
        ...(o.mimeType ? { mime_type: o.mimeType } : {}),
      },
    };
  }

  /**
   * A press of an inline button under a bot message. The button must be there
   * (as on a real screen) unless `force` is set, to test stale or forged data.
   */
  injectCallback(...press: Parameters<BotState['injectCallback']>): { update: Update; queryId: string } {
    return this.state.injectCallback(...press);
  }

  /** Presses the inline button labelled `label` (exact text) under a bot message. */
  pressButton(userId: number, messageId: number, label: string): { update: Update; queryId: string } {
    const msg = this.state.chats.get(userId)?.messages.get(messageId);
    const button = msg?.inlineKeyboard?.flat().find((b) => b.text === label);
    if (!button?.callback_data)
      throw new Error(`FakeBotApi: no callback button "${label}" under message ${messageId} of chat ${userId}`);
    return this.injectCallback(userId, messageId, button.callback_data);
  }

  // ── group chats (groups.ts) ──────────────────────────────────────────────

  /** The bot is added to a group by `byUserId` (my_chat_member: left → member). */
  addBotToGroup(groupId: number, title: string, byUserId: number): Update {
    return this.groupOps.addBotToGroup(groupId, title, byUserId);
  }

  /** A member's message in a group. */
  injectGroupMessage(groupId: number, userId: number, text: string, extra: Partial<Message> = {}): Update {
    return this.groupOps.injectGroupMessage(groupId, userId, text, extra);
  }

  /** The bot's status in a group changes (`{status: 'left'}`, restricted, a member again). */
  setBotStatus(groupId: number, byUserId: number, status: Record<string, unknown>): Update {
    return this.groupOps.setBotStatus(groupId, byUserId, status);
  }

  /** Telegram moves a group to a supergroup with a new id. */
  migrateGroup(groupId: number, newId: number, byUserId: number): Update {
    return this.groupOps.migrateGroup(groupId, newId, byUserId);
  }

  /** Any update; `update_id` is assigned. */
  injectUpdate(update: Omit<Update, 'update_id'>): Update {
    return this.state.enqueue(update);
  }

  /** Updates not yet confirmed by getUpdates (or not yet delivered to the webhook). */
  get pendingUpdates(): number {
    return this.state.updates.pending.length;
  }

  // ── reading the screen ───────────────────────────────────────────────────

  /** The chat as the user sees it now: their messages and the bot's, oldest first. */
  messagesFor(chatId: number): ChatMessage[] {
    return [...(this.state.chats.get(chatId)?.messages.values() ?? [])];
  }

  /** The bot's messages of a chat, oldest first. */
  botMessagesFor(chatId: number): ChatMessage[] {
    return this.messagesFor(chatId).filter((m) => m.fromBot);
  }

  /** The reply keyboard shown in the chat now, if any. */
  keyboardFor(chatId: number): ReplyKeyboard | null {
    return this.state.chats.get(chatId)?.keyboard ?? null;
  }

  /** Commands set for a scope (`{type:'default'}` unless given) and language. */
  commandsFor(scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): unknown[] {
    return this.state.commands.get(commandKey(scope, languageCode)) ?? [];
  }

  /** The menu button a chat shows (setChatMenuButton for it, or the bot's default). */
  menuButtonFor(chatId: number): unknown {
    return this.state.chats.get(chatId)?.menuButton ?? this.state.defaultMenuButton;
  }

  get webhookUrl(): string | null {
    return this.state.updates.webhook?.url ?? null;
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

  /** Like a client: after a one-time keyboard is used, it hides. */
  hideOneTimeKeyboard(chatId: number): void {
    this.state.hideOneTimeKeyboard(chatId);
  }

  // ── failures ─────────────────────────────────────────────────────────────

  /** The next calls of `method` ('*' = any) answer an error: 500 by default, or 429 with retry_after. */
  failNext(method: string, opts: FailureOptions = {}): void {
    this.failures.failNext(method, opts);
  }

  /** The next calls of `method` lose their connection without an answer (a network error for the bot). */
  resetNext(method: string, times = 1): void {
    this.failures.resetNext(method, times);
  }

  /** The next calls of `method` are answered only after `ms`. */
  delayNext(method: string, ms: number, times = 1): void {
    this.failures.delayNext(method, ms, times);
  }

  clearFailures(): void {
    this.failures.clear();
  }
}
