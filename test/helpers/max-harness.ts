import type { DataSource } from 'typeorm';
import type { UserFromGetMe } from 'grammy/types';
import { systemClock, type Clock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createServices, type Services } from '../../core/services/index.js';
import { postgresKeyValueStore } from '../../db/stores/key-value.js';
import { postgresRateLimiter } from '../../db/stores/rate-limit.js';
import type { SessionData } from '../../bot/context.js';
import { createMaxFront, type MaxFront } from '../../max/front.js';
import type { MaxButton, MaxCall, MaxNewMessage, MaxResult, MaxUpdate } from '../../max/types.js';

export const MAX_BOT_INFO = {
  id: 900001,
  is_bot: true,
  first_name: 'Дневник',
  username: 'dnevnik_max_bot',
} as UserFromGetMe;

/**
 * The MAX front end on a test database, driven with MAX updates; a recording fake answers every call
 * MAX's API gets as MAX would (a new mid per sent message), so no request leaves the process.
 */
export class MaxHarness {
  calls: MaxCall[] = [];
  front!: MaxFront;
  readonly services: Services;
  readonly clock: Clock;
  readonly hashKey = 'test-key-0123456789';
  /** What the fake answers instead, per "METHOD path" (a refusal, say). */
  readonly answers = new Map<string, MaxResult>();
  private seq = 0;

  constructor(private readonly ds: DataSource, clock: Clock = systemClock) {
    this.clock = clock;
    const config = loadConfig({ MAX_BOT_TOKEN: 'max-test-token-0123456789', CODE_HASH_KEY: this.hashKey });
    this.services = createServices({
      db: ds,
      config,
      clock,
      hashKey: this.hashKey,
      rateLimiter: postgresRateLimiter(ds),
    });
  }

  async start(): Promise<this> {
    this.front = await createMaxFront({
      token: 'max-test-token-0123456789',
      services: this.services,
      logger: createLogger('silent'),
      sessionStorage: postgresKeyValueStore<SessionData>(this.ds),
      botInfo: MAX_BOT_INFO,
      request: (call) => Promise.resolve(this.answer(call)),
      upload: () => Promise.resolve({ ok: true, result: { token: `file-token-${++this.seq}` } }),
    });
    return this;
  }

  private answer(call: MaxCall): MaxResult {
    this.calls.push(call);
    const canned = this.answers.get(`${call.method} ${call.path}`);
    if (canned) return canned;
    if (call.method === 'POST' && call.path === '/messages') {
      const mid = `mid.${++this.seq}`;
      this.midsOf.set(call, mid);
      return { ok: true, result: { message: { body: { mid }, timestamp: Date.now() } } };
    }
    if (call.method === 'POST' && call.path === '/uploads')
      return { ok: true, result: { url: 'https://upload.example/x' } };
    return { ok: true, result: { success: true } };
  }

  private async run(u: MaxUpdate): Promise<MaxCall[]> {
    const from = this.calls.length;
    await this.front.handle(u);
    return this.calls.slice(from);
  }

  private user = (userId: number) => ({ user_id: userId, first_name: `User${userId}`, is_bot: false });

  /** The user pressed «Начать» (opened https://max.ru/<bot>?start=<payload>). */
  started(userId: number, payload?: string) {
    return this.run({
      update_type: 'bot_started',
      timestamp: Date.now() + ++this.seq,
      chat_id: userId + 5_000_000,
      user: this.user(userId),
      ...(payload ? { payload } : {}),
    });
  }

  /** A message in the user's dialog with the bot. */
  send(userId: number, text: string) {
    return this.run({
      update_type: 'message_created',
      timestamp: Date.now(),
      message: {
        sender: this.user(userId),
        recipient: { chat_id: userId + 5_000_000, chat_type: 'dialog' },
        timestamp: Date.now(),
        body: { mid: `mid.in.${++this.seq}`, text },
      },
    });
  }

  /** A press of a callback button under the bot's message `mid` (default: the last one sent to the user). */
  press(userId: number, payload: string, mid = this.lastMid(userId)) {
    return this.run({
      update_type: 'message_callback',
      timestamp: Date.now(),
      callback: { callback_id: `cb.${++this.seq}`, payload, user: this.user(userId) },
      message: {
        sender: { user_id: MAX_BOT_INFO.id, is_bot: true },
        recipient: { chat_id: userId + 5_000_000, chat_type: 'dialog', user_id: userId },
        timestamp: Date.now(),
        body: { mid, text: '' },
      },
    });
  }

  /** The mid of the last message sent to the user (as the fake numbered it). */
  lastMid(userId: number): string {
    const sent = this.calls.filter((c) => c.path === '/messages' && c.method === 'POST' && c.query?.user_id === userId);
    return sent.length ? this.midsOf.get(sent.at(-1)!)! : 'mid.none';
  }
  private readonly midsOf = new Map<MaxCall, string>();
}

/** The texts of the messages sent and edited in these calls. */
export const maxTexts = (calls: MaxCall[]) =>
  calls
    .filter((c) => c.path === '/messages' && (c.method === 'POST' || c.method === 'PUT'))
    .map((c) => (c.body as MaxNewMessage).text ?? '');

/** The buttons of the calls' keyboards, in order. */
export const maxButtons = (calls: MaxCall[]): MaxButton[] =>
  calls.flatMap((c) =>
    ((c.body as MaxNewMessage | undefined)?.attachments ?? []).flatMap((a) =>
      a.type === 'inline_keyboard' ? (a.payload as { buttons: MaxButton[][] }).buttons.flat() : [],
    ),
  );
