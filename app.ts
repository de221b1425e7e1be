import 'reflect-metadata';
import type { Bot, StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { Config } from './core/config.js';
import { processClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { openDatabase, type Database } from './db/database.js';
// main.ts and the demo take the signals over through app.ts, the module that owns the lifecycle.
export { takeOverShutdownSignals } from './db/embedded.js';
import { connectRedis, type Redis } from './db/stores/redis.js';
import { postgresKeyValueStore } from './db/stores/key-value.js';
import { postgresUpdateLedger, redisUpdateLedger } from './db/stores/update-ledger.js';
import { postgresRateLimiter, redisRateLimiter } from './db/stores/rate-limit.js';
import { adoptUnversionedHashes } from './core/linking/key-rotation.js';
import { hashKeysFrom } from './core/linking/keys.js';
import { createServices } from './core/services/index.js';
import type { BotContext, SessionData } from './bot/context.js';
import { fileBridge, startProcessJobs } from './jobs/index.js';
import { startTelegram } from './bot/start.js';
import { markerIn, maxFilesInTelegram, serveMax, startMax } from './max/start.js';
export { DEFAULT_WEBAPP_PORT } from './bot/features/webapp/server.js';
import { MAX_WEBHOOK_PATH } from './max/webhook.js';
import type { MaxFront } from './max/front.js';

/**
 * The whole bot process minus its command line: database, stores, the bot,
 * scheduled jobs, and polling or the webhook server. `main.ts` runs it with
 * the environment's settings; `npm run demo` runs it against a local fake
 * Bot API with a database it has already opened and seeded.
 */
export interface AppOverrides {
  /** An open database to use. It stays open on stop(): whoever opened it closes it. */
  db?: Database;
  logger?: Logger;
  /** Bot API root instead of config.BOT_API_ROOT. */
  apiRoot?: string;
  /** Known bot info: skips getMe. */
  botInfo?: UserFromGetMe;
}

export interface App {
  /** Telegram's bot (BOT_TOKEN set) and MAX's front end (MAX_BOT_TOKEN set). */
  bot?: Bot<BotContext>;
  max?: MaxFront;
  db: Database;
  logger: Logger;
  /** The product's clock (the system's, or CLOCK_START's): what the Mini App dates launch data by. */
  clock: Clock;
  /** The webhook server's port in webhook mode. */
  webhookPort?: number;
  /** The Mini App's port: the webhook's in webhook mode, its own (WEBAPP_PORT) when polling; unset when it is off. */
  webappPort?: number;
  /** Stops taking updates, finishes the ones in flight, closes what start opened. Safe to call twice; rejects if a part failed to close. */
  stop(): Promise<void>;
}

type Closer = () => Promise<unknown>;

/** Closes in reverse order of opening; every closer runs, the first failure is rethrown. */
async function closeAll(closers: Closer[]): Promise<void> {
  let failure: unknown;
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('closing failed', { cause: failure });
}

/** The overridden database, or one opened here (and closed on stop). */
async function databaseFor(
  config: Config,
  overrides: AppOverrides,
  clockOffsetMs: number,
  closers: Closer[],
  logger: Logger,
  started: number,
): Promise<Database> {
  if (overrides.db) return overrides.db;
  const opened = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    clockOffsetMs,
  });
  closers.push(() => opened.close());
  logger.info({ embedded: opened.embedded, ms: Date.now() - started }, 'database ready');
  return opened;
}

/** Sessions, update dedupe and rate limits: in Redis when REDIS_URL is set, else in PostgreSQL (or memory). */
async function openStores(config: Config, db: Database, closers: Closer[]) {
  const redis: Redis | undefined = config.REDIS_URL
    ? await connectRedis(config.REDIS_URL, config.REDIS_PREFIX)
    : undefined;
  if (redis) closers.push(() => redis.quit());
  const sessionStorage: StorageAdapter<SessionData> = redis
    ? new RedisAdapter<SessionData>({ instance: redis, ttl: 30 * 24 * 3600 })
    : postgresKeyValueStore<SessionData>(db.dataSource);
  const webhook = config.BOT_MODE === 'webhook';
  // Shared by every replica: PostgreSQL's table when there is no Redis (a process's memory would let a copy
  // Telegram re-sends to another replica through, and forget everything on a restart).
  const ledger = redis ? redisUpdateLedger(redis, 'seen:') : postgresUpdateLedger(db.dataSource);
  const updateDedupe = webhook ? ledger : undefined;
  const rateLimiter = redis ? redisRateLimiter(redis) : postgresRateLimiter(db.dataSource);
  // MAX's updates always go through the ledger: a polling batch fetched again after a restart is skipped too.
  return { redis, sessionStorage, updateDedupe, maxLedger: ledger, rateLimiter };
}

/** The current hash key; hashes stored before key versions get stamped with it. */
async function currentHashKey(config: Config, db: Database, logger: Logger) {
  const keys = hashKeysFrom(config);
  if (keys.dev)
    logger.warn(
      'CODE_HASH_KEY is not set: invitation codes are hashed with a development key; set a secret in production',
    );
  const hashKey = keys.current;
  const adopted = await adoptUnversionedHashes(db.dataSource, hashKey);
  if (adopted) logger.info({ rows: adopted }, 'hashes from before key versions stamped with the current key');
  return hashKey;
}

/**
 * Starts everything: Telegram's front end when BOT_TOKEN is set, MAX's when MAX_BOT_TOKEN is (at least
 * one: main.ts checks). A DataDirBusyError from the embedded database comes out as is (main.ts exits 3
 * on it); on any failure what was already opened is closed.
 */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  // One clock for the bot, the jobs and the database's stamps: the system's, or CLOCK_START's (a demo, a test).
  const clock = processClock(config);
  const started = Date.now();
  const closers: Closer[] = [];

  try {
    const db = await databaseFor(config, overrides, clock.offsetMs, closers, logger, started);
    const { redis, sessionStorage, updateDedupe, maxLedger, rateLimiter } = await openStores(config, db, closers);
    const hashKey = await currentHashKey(config, db, logger);

    const services = createServices({ db: db.dataSource, config, clock, hashKey, rateLimiter });
    const apiRoot = overrides.apiRoot ?? config.BOT_API_ROOT;
    const files = fileBridge(db.dataSource, logger, config.BOT_TOKEN ?? '', apiRoot, 30_000);
    const max = config.MAX_BOT_TOKEN
      ? await startMax({
          config: { ...config, MAX_BOT_TOKEN: config.MAX_BOT_TOKEN },
          services,
          logger,
          sessionStorage,
          updateDedupe: maxLedger,
          markers: markerIn(postgresKeyValueStore<number>(db.dataSource)),
          closers,
          files,
        })
      : undefined;
    const telegram = config.BOT_TOKEN
      ? await startTelegram(
          { ...config, BOT_TOKEN: config.BOT_TOKEN },
          { services, logger, sessionStorage, updateDedupe },
          {
            apiRoot,
            botInfo: overrides.botInfo,
            elapsedMs: () => Date.now() - started,
            closers,
            routes: config.BOT_MODE === 'webhook' && max?.webhook ? { [MAX_WEBHOOK_PATH]: max.webhook } : undefined,
            maxBot: max?.front.bot,
          },
        )
      : undefined;
    telegram?.bot.api.config.use(maxFilesInTelegram(files));
    const maxServed = max
      ? await serveMax(
          config,
          max,
          { services, logger },
          {
            closers,
            telegramHook: !!telegram && config.BOT_MODE === 'webhook',
            maxOnly: !telegram,
          },
        )
      : {};
    // The desk prints both bots' deep links on invitation cards when the school is on both.
    services.bots.record({ telegram: telegram?.bot.botInfo.username, max: max?.front.bot.botInfo.username });
    closers.push(await services.bots.keepPublished(logger));
    if (config.RUN_JOBS) closers.push(await startProcessJobs(config, db, logger, { apiRoot, clock, hashKey, redis }));
    let stopping: Promise<void> | undefined;
    return {
      bot: telegram?.bot,
      max: max?.front,
      db,
      logger,
      clock,
      webhookPort: telegram?.webhookPort ?? maxServed.webhookPort,
      webappPort: telegram?.webappPort ?? maxServed.webappPort,
      stop: () => (stopping ??= closeAll(closers)),
    };
  } catch (e) {
    await closeAll(closers).catch((closeError) =>
      logger.error({ err: String(closeError) }, 'error while closing after a failed start'),
    );
    throw e;
  }
}
