import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { DataSource } from 'typeorm';
import { createBot } from '../bot/index.js';
import type { BotContext } from '../bot/context.js';
import { systemClock, type Clock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createServices } from '../core/services/index.js';
import { postgresKeyValueStore } from '../db/stores/key-value.js';
import { postgresRateLimiter } from '../db/stores/rate-limit.js';

/**
 * The whole bot on a benchmark's database (session and rate limits in
 * PostgreSQL, Fluent, the features), with the Bot API answered in-process;
 * `message`/`press` make the updates a user would send.
 */
export function benchBot(ds: DataSource, clock: Clock = systemClock) {
  const config = loadConfig({
    BOT_TOKEN: '1:BENCH-token-xxxxxxxxxxxxxxxxxxxx',
    CODE_HASH_KEY: process.env.CODE_HASH_KEY ?? 'dnevnik-dev-key-change-me',
  });
  const services = createServices({
    db: ds,
    config,
    clock,
    hashKey: config.CODE_HASH_KEY!,
    rateLimiter: postgresRateLimiter(ds),
  });
  const bot: Bot<BotContext> = createBot(
    config.BOT_TOKEN!,
    { services, logger: createLogger('silent'), sessionStorage: postgresKeyValueStore(ds) },
    { botInfo: { id: 1, is_bot: true, first_name: 'b', username: 'bench_bot' } as never },
  );
  bot.api.config.use((_p, method, payload) =>
    Promise.resolve({
      ok: true,
      result:
        method.startsWith('send') || method === 'editMessageText'
          ? { message_id: 1, date: 0, chat: { id: (payload as { chat_id: number }).chat_id, type: 'private' } }
          : true,
    } as never),
  );
  let id = 1;
  const message = (user: number, text: string): Update => ({
    update_id: id++,
    message: {
      message_id: id,
      date: 0,
      chat: { id: user, type: 'private', first_name: 'x' },
      from: { id: user, is_bot: false, first_name: 'x' },
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }] }
        : {}),
    },
  });
  const press = (user: number, data: string, messageId = 1): Update => ({
    update_id: id++,
    callback_query: {
      id: String(id),
      from: { id: user, is_bot: false, first_name: 'x' },
      chat_instance: 'ci',
      data,
      message: { message_id: messageId, date: 0, chat: { id: user, type: 'private', first_name: 'x' }, text: '' },
    },
  });
  return { bot, message, press };
}
