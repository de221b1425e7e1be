import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleRequest, type Dispatch } from './http.js';
import { MaxState, dialogChatId } from './state.js';
import { UpdateQueue, type WebhookDelivery } from './updates.js';
import type {
  CallbackAnswerRecord,
  FailureSpec,
  FakeMaxApiEvents,
  FakeMaxApiOptions,
  FakeMaxUser,
  MaxCall,
  SentMessage,
} from './types.js';

export type {
  CallbackAnswerRecord,
  FailureSpec,
  FakeMaxApiOptions,
  FakeMaxUser,
  MaxCall,
  SentMessage,
  WebhookDelivery,
};
export { dialogChatId };

/**
 * A stand-in for the MAX Bot API (platform-api2.max.ru) on 127.0.0.1, for the tests, the bench and the
 * demo: the same routes, JSON and errors as the public schema (max-messenger/api-schema) describes.
 * It checks the Authorization token, refuses what MAX refuses (unknown fields, texts over 4000,
 * keyboards over MAX's limits), answers 403 for a user who stopped the bot, 404 for an unknown chat
 * (strictRecipients), 429 beyond the configured requests a second, keeps every message it was sent,
 * lets a test play the users (messages, button presses, Start with a payload) through GET /updates
 * or a webhook subscription.
 */
export class FakeMaxApi extends EventEmitter<FakeMaxApiEvents> {
  readonly token: string;
  readonly bot: FakeMaxUser;
  readonly calls: MaxCall[] = [];
  readonly state: MaxState;
  readonly updates = new UpdateQueue();
  private readonly failures: FailureSpec[] = [];
  private readonly dispatch: Dispatch;
  private server?: Server;
  private port = 0;
  private closing = false;
  private readonly sockets = new Set<Socket>();
  private callbackSeq = 0;

  constructor(opts: FakeMaxApiOptions = {}) {
    super();
    this.token = opts.token ?? 'fake-max-bot-token-for-local-use';
    this.bot = opts.bot ?? { user_id: 7_000_001, first_name: 'Дневник', username: 'dnevnik_bot', is_bot: true };
    this.state = new MaxState(opts, this);
    this.dispatch = {
      token: this.token,
      bot: this.bot,
      rps: opts.rps,
      state: this.state,
      updates: this.updates,
      calls: this.calls,
      failures: this.failures,
      events: this,
      commands: [],
      window: [],
      base: () => this.url,
      closed: () => this.closing,
    };
  }

  /** The address to give the client as its API root. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void handleRequest(this.dispatch, req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.closing = true;
    this.updates.wake();
    await this.updates.settle();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes a user known (strictRecipients) and returns them. */
  addUser(user: Partial<FakeMaxUser> & { user_id: number }): FakeMaxUser {
    const u = { first_name: `User ${user.user_id}`, is_bot: false, ...user };
    this.state.users.set(u.user_id, u);
    this.state.blocked.delete(u.user_id);
    return u;
  }

  addChat(chatId: number): void {
    this.state.groups.add(chatId);
    this.state.removedChats.delete(chatId);
  }

  /** The user stops the bot: sends to them answer 403 from now on. */
  block(userId: number): void {
    this.state.blocked.add(userId);
  }

  /** The bot is removed from a group chat: sends there answer 403. */
  removeFromChat(chatId: number): void {
    this.state.removedChats.add(chatId);
  }

  /** The next requests of a route ('POST /messages', or '*') answer an error. */
  failNext(spec: FailureSpec): void {
    this.failures.push({ times: 1, ...spec });
  }

  /** Queues a raw update (or delivers it to the webhook). */
  push(update: Record<string, any>): void {
    this.updates.push({ timestamp: Date.now(), ...update });
  }

  /** The user writes `text` to the bot in their dialog (message_created). */
  userWrites(user: FakeMaxUser, text: string): string {
    this.addUser(user);
    return this.userMessage(user, ++this.callbackSeq, { text });
  }

  /** A message_created from the user in their dialog, numbered `seq`; returns its mid. */
  private userMessage(user: FakeMaxUser, seq: number, body: { text: string; attachments?: unknown[] }): string {
    const mid = `mid.u${Date.now().toString(16)}${seq}`;
    this.push({
      update_type: 'message_created',
      message: {
        sender: user,
        recipient: { chat_id: dialogChatId(user.user_id), chat_type: 'dialog', user_id: this.bot.user_id },
        timestamp: Date.now(),
        body: { mid, seq, ...body },
      },
      user_locale: 'ru',
    });
    return mid;
  }

  /**
   * The user sends a photo (`image`) or a file with an optional text: the fake holds its bytes under a
   * fresh token and the message's attachment carries MAX's `url` to download them (GET /files/<token>).
   */
  userSendsFile(
    user: FakeMaxUser,
    kind: 'image' | 'file',
    data: Buffer,
    o: { filename?: string; text?: string } = {},
  ): { mid: string; token: string } {
    const { mid, tokens } = this.userSendsFiles(user, [{ kind, data, filename: o.filename }], o.text);
    return { mid, token: tokens[0] };
  }

  /** One message of the user's carrying several images and files (MAX allows it), with words when given. */
  userSendsFiles(
    user: FakeMaxUser,
    files: { kind: 'image' | 'file'; data: Buffer; filename?: string }[],
    text = '',
  ): { mid: string; tokens: string[] } {
    this.addUser(user);
    const n = ++this.callbackSeq;
    const attachments = files.map(({ kind, data, filename: name }, i) => {
      const token = `utok-${n}-${i}-${Date.now().toString(16)}`;
      const filename = name ?? (kind === 'image' ? 'photo.jpg' : 'file');
      this.state.uploads.set(token, { filename, size: data.length, ready: true, data });
      const url = `${this.url}/files/${token}`;
      return kind === 'image'
        ? { type: 'image', payload: { photo_id: 500 + n * 10 + i, token, url } }
        : { type: 'file', payload: { fileId: 600 + n * 10 + i, token, url }, filename, size: data.length };
    });
    const mid = this.userMessage(user, n, { text, attachments });
    return { mid, tokens: attachments.map((a) => a.payload.token) };
  }

  /** The user presses the callback button `payload` under the message `mid` (message_callback). */
  userPresses(user: FakeMaxUser, mid: string, payload: string): string {
    const m = this.state.messages.get(mid);
    const callbackId = `cb.${++this.callbackSeq}`;
    this.state.callbacks.set(callbackId, mid);
    this.push({
      update_type: 'message_callback',
      callback: { timestamp: Date.now(), callback_id: callbackId, payload, user },
      message: m ? this.state.view(m, this.bot) : null,
      user_locale: 'ru',
    });
    return callbackId;
  }

  /** The user opens the bot, from a deep link `https://max.ru/<bot>?start=<payload>` when given (bot_started). */
  userStarts(user: FakeMaxUser, payload?: string): void {
    this.addUser(user);
    this.push({
      update_type: 'bot_started',
      chat_id: dialogChatId(user.user_id),
      user,
      payload: payload ?? null,
      user_locale: 'ru',
    });
  }

  /** What the bot sent to a user's dialog (not deleted), in order. */
  sentToUser(userId: number): SentMessage[] {
    return this.sent(`user:${userId}`);
  }

  /** What the bot sent to a group chat (not deleted), in order. */
  sentToChat(chatId: number): SentMessage[] {
    return this.sent(`chat:${chatId}`);
  }

  /** Every message the bot sent, deleted ones included, in order. */
  allSent(): SentMessage[] {
    return [...this.state.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  get callbackAnswers(): CallbackAnswerRecord[] {
    return this.state.answers;
  }

  get webhookDeliveries(): WebhookDelivery[] {
    return this.updates.deliveries;
  }

  private sent(chat: string): SentMessage[] {
    return this.allSent().filter((m) => m.chat === chat && !m.deleted);
  }
}
