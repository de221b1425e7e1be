import { systemClock, type Clock } from '../../core/clock.js';
import type { Bot, StorageAdapter } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import type { DataSource } from 'typeorm';
import { createBot } from '../../bot/index.js';
import { createServices, type Services } from '../../core/services/index.js';
import type { Logger } from '../../core/logger.js';
import type { RateLimiter } from '../../db/stores/rate-limit.js';
import type { UpdateLedger } from '../../db/stores/update-ledger.js';
import type { DedupeOptions } from '../../bot/middleware/dedupe-updates.js';
import type { SessionData } from '../../bot/context.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { postgresKeyValueStore } from '../../db/stores/key-value.js';
import { postgresRateLimiter } from '../../db/stores/rate-limit.js';
import type { BotContext } from '../../bot/context.js';
import { refusal } from './telegram-check.js';

export const BOT_INFO: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'Дневник',
  username: 'dnevnik_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** What a test may set on its bot: the clock, the current hash key, the stores, the logger. */
export interface HarnessOptions {
  clock?: Clock;
  hashKey?: string;
  rateLimiter?: RateLimiter;
  updateDedupe?: UpdateLedger;
  dedupe?: DedupeOptions;
  logger?: Logger;
  sessionStorage?: StorageAdapter<SessionData>;
  /** The first update id it makes up (replicas sharing an update ledger need ids of their own). */
  firstUpdateId?: number;
}

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

/**
 * Drives the real bot with `handleUpdate`; a transformer records every Bot
 * API call and answers it like Telegram would, so no request leaves the process.
 * It is as strict as Telegram about texts (./telegram-check.ts): a refused
 * call answers 400 and fails the update that made it, so every bot test
 * checks escaping.
 */
export class BotHarness {
  calls: ApiCall[] = [];
  /** Calls Telegram would have refused, with the reason. */
  refused: string[] = [];
  bot: Bot<BotContext>;
  /** The bot's clock: codes for it are issued at its time. */
  readonly clock: Clock;
  /** The bot's current CODE_HASH_KEY: codes for it are hashed with it. */
  readonly hashKey: string;
  /** The services facade the bot is built on (the Mini App's tests build their server on it too). */
  readonly services: Services;
  readonly token: string;
  private updateId = 1;
  private messageId = 1000;
  private lastSent = new Map<number, number>();

  constructor(ds: DataSource, overrides: HarnessOptions = {}, env: Record<string, string> = {}) {
    const config = loadConfig({
      BOT_TOKEN: '42:TEST-token-for-unit-tests-only',
      CODE_HASH_KEY: 'test-key-0123456789',
      ...env,
    });
    this.clock = overrides.clock ?? systemClock;
    this.updateId = overrides.firstUpdateId ?? 1;
    this.hashKey = overrides.hashKey ?? config.CODE_HASH_KEY!;
    const sessionStorage = overrides.sessionStorage ?? postgresKeyValueStore<SessionData>(ds);
    const services = (this.services = createServices({
      db: ds,
      config,
      clock: this.clock,
      hashKey: this.hashKey,
      rateLimiter: overrides.rateLimiter ?? postgresRateLimiter(ds),
    }));
    this.token = config.BOT_TOKEN!;
    this.bot = createBot(
      config.BOT_TOKEN!,
      {
        services,
        logger: overrides.logger ?? createLogger('silent'),
        sessionStorage,
        updateDedupe: overrides.updateDedupe,
        dedupe: overrides.dedupe,
      },
      { botInfo: BOT_INFO },
    );
    this.bot.api.config.use((_prev, method, payload) => {
      const p = payload as Record<string, any>;
      this.calls.push({ method, payload: p });
      const refused = refusal(method, p);
      if (refused) {
        this.refused.push(refused);
        return Promise.resolve({ ok: false, error_code: 400, description: `Bad Request: ${refused}` } as any);
      }
      const result = this.fakeResult(method, p);
      if (method.startsWith('send') && p.chat_id !== undefined) this.lastSent.set(p.chat_id, result.message_id);
      return Promise.resolve({ ok: true, result } as any);
    });
  }

  /** The id of the last message the bot sent to `userId`'s chat (1 if none), to press buttons under it. */
  readonly lastMessage = (userId: number): number => this.lastSent.get(userId) ?? 1;

  /** The bot's own membership per group chat, as getChatMember answers it (default: a member who may send). */
  readonly botMember = new Map<number, Record<string, unknown>>();

  private fakeResult(method: string, p: Record<string, any>): any {
    if (method === 'getChatMember')
      return (
        this.botMember.get(p.chat_id) ?? {
          status: 'member',
          user: { id: p.user_id, is_bot: true, first_name: 'Дневник' },
        }
      );
    if (method.startsWith('send') || method === 'editMessageText')
      return {
        message_id: p.message_id ?? ++this.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: p.chat_id, type: 'private' },
        text: p.text,
      };
    return true;
  }

  private user(userId: number) {
    return { id: userId, is_bot: false, first_name: `User${userId}`, language_code: 'ru' };
  }

  /** A private-chat message from `userId` (chat id = user id, as in Telegram). */
  async send(userId: number, text: string, extra: Partial<Message> = {}): Promise<ApiCall[]> {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0].length }]
      : undefined;
    return this.update({
      message: {
        message_id: ++this.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: `User${userId}` },
        from: this.user(userId),
        text,
        ...(entities ? { entities } : {}),
        ...extra,
      } as Update['message'],
    });
  }

  /** A press of an inline button carrying `data`. */
  async press(userId: number, data: string, messageId = 1): Promise<ApiCall[]> {
    return this.update({
      callback_query: {
        id: String(++this.messageId),
        from: this.user(userId),
        chat_instance: 'ci',
        data,
        message: {
          message_id: messageId,
          date: 0,
          chat: { id: userId, type: 'private', first_name: 'x' },
          text: '',
        } as Update['message'],
      },
    });
  }

  /** A message in a group chat (`chatId` < 0) from `userId`; a command gets its entity. */
  async group(chatId: number, userId: number, text: string, extra: Record<string, unknown> = {}): Promise<ApiCall[]> {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0].length }]
      : undefined;
    return this.update({
      message: {
        message_id: ++this.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: chatId < -1e12 ? 'supergroup' : 'group', title: `Чат ${-chatId}` },
        from: this.user(userId),
        text,
        ...(entities ? { entities } : {}),
        ...extra,
      },
    });
  }

  /** A press of an inline button under a message in a group chat. */
  async groupPress(chatId: number, userId: number, data: string, messageId = 1): Promise<ApiCall[]> {
    return this.update({
      callback_query: {
        id: String(++this.messageId),
        from: this.user(userId),
        chat_instance: 'gi',
        data,
        message: {
          message_id: messageId,
          date: 0,
          chat: { id: chatId, type: 'group', title: `Чат ${-chatId}` },
          text: '',
        } as Update['message'],
      },
    });
  }

  /** The bot's membership in a group changed (added, removed, restricted), done by `byUserId`. */
  async botMembership(chatId: number, byUserId: number, from: Record<string, unknown>, to: Record<string, unknown>) {
    const bot = { id: 42, is_bot: true, first_name: 'Дневник', username: 'dnevnik_test_bot' };
    this.botMember.set(chatId, { ...to, user: bot });
    return this.update({
      my_chat_member: {
        chat: { id: chatId, type: chatId < -1e12 ? 'supergroup' : 'group', title: `Чат ${-chatId}` },
        from: this.user(byUserId),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { ...from, user: bot },
        new_chat_member: { ...to, user: bot },
      } as Update['my_chat_member'],
    });
  }

  async update(u: Omit<Update, 'update_id'>): Promise<ApiCall[]> {
    const before = this.calls.length;
    const refusedBefore = this.refused.length;
    await this.bot.handleUpdate({ update_id: this.updateId++, ...u });
    // The bot's error boundary swallows the 400; the test must not.
    if (this.refused.length > refusedBefore) throw new Error(`Telegram would refuse: ${this.refused.at(-1)}`);
    return this.calls.slice(before);
  }
}
