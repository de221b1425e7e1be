import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { Redis } from '../../db/stores/redis.js';
import { postgresSendPacer, redisSendPacer, type SendPacer } from '../../db/stores/send-pacer.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import { startSchedules, type Schedules } from './schedules.js';
import { telegramSender, type MessageSender } from './telegram.js';
import { maxSender } from './max.js';
import { MaxApi } from '../../max/api/index.js';
import { FileBridge } from '../../max/file-bridge.js';
import { postgresMessengerFileStore } from '../../db/stores/messenger-files.js';
import { NotificationWorker } from './worker.js';
import { PaidBudget } from '../../core/notifications/paid-budget.js';

export interface NotificationsDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  /** The bot's token and API root: the worker sends as the bot. */
  token: string;
  apiRoot: string;
  hashKey: string;
  databaseUrl: string;
  redis?: Redis;
  clock?: Clock;
  /** Tests: a sender instead of the Bot API. */
  sender?: MessageSender;
  /** Tests: a sender instead of the MAX API (otherwise one is made when MAX_BOT_TOKEN is set). */
  maxSender?: MessageSender;
  /** Tests of the worker alone: no schedules. */
  schedules?: boolean;
}

export interface Notifications {
  worker: NotificationWorker;
  schedules: Schedules;
  ops?: OpsServer;
  stop(): Promise<void>;
}

/** The shared pacing: Redis when configured, PostgreSQL otherwise. */
export function sendPacer(ds: DataSource, config: Config, botId: string, redis?: Redis): SendPacer {
  const globalIntervalMs = 1000 / config.NOTIFY_RATE_PER_SECOND;
  // A chat stays "in flight" at most a send's timeout (and a little): after a crash it is free again soon.
  // The paid lane carries what goes beyond the free rate: together they stay within NOTIFY_PAID_RATE_PER_SECOND.
  const paidIntervalMs = 1000 / Math.max(1, config.NOTIFY_PAID_RATE_PER_SECOND - config.NOTIFY_RATE_PER_SECOND);
  const options = {
    globalIntervalMs,
    lookaheadMs: Math.min(1000, globalIntervalMs * config.NOTIFY_CONCURRENCY),
    leaseMs: config.NOTIFY_SEND_TIMEOUT_SECONDS * 1000 + 2000,
    // MAX's own lane: its rate (MAX_NOTIFY_RATE_PER_SECOND) and its own pause after a 429.
    max: {
      globalIntervalMs: 1000 / config.MAX_NOTIFY_RATE_PER_SECOND,
      lookaheadMs: Math.min(1000, (1000 / config.MAX_NOTIFY_RATE_PER_SECOND) * config.NOTIFY_CONCURRENCY),
    },
    ...(config.NOTIFY_PAID_BROADCAST
      ? {
          paid: {
            globalIntervalMs: paidIntervalMs,
            lookaheadMs: Math.min(1000, paidIntervalMs * config.NOTIFY_CONCURRENCY),
          },
        }
      : {}),
  };
  return redis ? redisSendPacer(redis, botId, options) : postgresSendPacer(ds, options);
}

/** MAX's sender when MAX_BOT_TOKEN is set; without it MAX's deliveries wait (the worker says so in its log). */
function notificationsMaxSender(config: Config, logger: Logger, files: FileBridge): MessageSender | undefined {
  if (!config.MAX_BOT_TOKEN) return undefined;
  const api = new MaxApi({
    token: config.MAX_BOT_TOKEN,
    apiRoot: config.MAX_API_ROOT,
    timeoutMs: config.NOTIFY_SEND_TIMEOUT_SECONDS * 1000,
  });
  return maxSender(api, logger.child({ component: 'notifications', messenger: 'max' }), files);
}

/** Telegram's sender when the bot's token is given (a school on MAX alone has none). */
function notificationsTelegramSender(deps: NotificationsDeps, files: FileBridge): MessageSender | undefined {
  if (!deps.token) return undefined;
  const log = deps.logger.child({ component: 'notifications' });
  return telegramSender(deps.token, deps.apiRoot, deps.config.NOTIFY_SEND_TIMEOUT_SECONDS, files, log);
}

/** Files across messengers for the senders: a Telegram file can be fetched when this process has the bot's token. */
export function fileBridge(ds: DataSource, logger: Logger, token: string, apiRoot: string, timeoutMs: number) {
  return new FileBridge({
    store: postgresMessengerFileStore(ds),
    logger: logger.child({ component: 'files' }),
    ...(token ? { telegram: { token, apiRoot } } : {}),
    timeoutMs,
  });
}

/** The delivery worker, the schedules and (with METRICS_PORT) the health and metrics endpoint. */
export async function startNotifications(deps: NotificationsDeps): Promise<Notifications> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const botId = deps.token ? deps.token.split(':')[0] : 'max';
  const timeoutMs = config.NOTIFY_SEND_TIMEOUT_SECONDS * 1000;
  const files = fileBridge(deps.ds, deps.logger, deps.token, deps.apiRoot, timeoutMs);
  const worker = new NotificationWorker({
    ds: deps.ds,
    databaseUrl: deps.databaseUrl,
    logger: deps.logger,
    clock,
    // No Telegram token (MAX alone): no Telegram sender, Telegram's rows wait (logged as MAX's would).
    sender: deps.sender ?? notificationsTelegramSender(deps, files),
    maxSender: deps.maxSender ?? notificationsMaxSender(config, deps.logger, files),
    pacer: sendPacer(deps.ds, config, botId, deps.redis),
    outbox: {
      timezone: config.SCHOOL_TIMEZONE,
      hashKey: deps.hashKey,
      defaultQuietHours: config.NOTIFY_QUIET_HOURS,
      correctionWindowMs: config.NOTIFY_CORRECTION_WINDOW_SECONDS * 1000,
    },
    concurrency: config.NOTIFY_CONCURRENCY,
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    pollMs: config.NOTIFY_POLL_SECONDS * 1000,
    ratePerSecond:
      (config.NOTIFY_PAID_BROADCAST ? config.NOTIFY_PAID_RATE_PER_SECOND : config.NOTIFY_RATE_PER_SECOND) +
      (config.MAX_BOT_TOKEN ? config.MAX_NOTIFY_RATE_PER_SECOND : 0),
    ...(config.NOTIFY_PAID_BROADCAST
      ? {
          paidBudget: new PaidBudget(deps.ds, {
            dailyStars: config.NOTIFY_PAID_DAILY_STARS,
            timezone: config.SCHOOL_TIMEZONE,
            clock,
            log: deps.logger.child({ component: 'notifications' }),
          }),
        }
      : {}),
  });
  await worker.start();
  const schedules = startSchedules(
    { ds: deps.ds, config, logger: deps.logger, clock, hashKey: deps.hashKey, onPlanned: () => worker.wake() },
    { cron: deps.schedules !== false },
  );
  let ops: OpsServer | undefined;
  try {
    if (config.METRICS_PORT !== undefined)
      ops = await startOpsServer({
        ds: deps.ds,
        port: config.METRICS_PORT,
        host: config.METRICS_HOST,
        logger: deps.logger,
        redis: deps.redis,
        worker,
        clock,
        correctionWindowMs: config.NOTIFY_CORRECTION_WINDOW_SECONDS * 1000,
      });
  } catch (e) {
    await schedules.stop();
    await worker.stop();
    throw e;
  }
  return {
    worker,
    schedules,
    ops,
    async stop() {
      await ops?.close();
      await schedules.stop();
      await worker.stop();
    },
  };
}
