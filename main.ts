import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type StorageAdapter } from 'grammy';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { ConfigError, loadConfig, MISSING_TOKEN_HELP, type Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { openDatabase } from './db/database.js';
import { DataDirBusyError } from './db/embedded.js';
import { connectRedis, type Redis } from './db/stores/redis.js';
import { memoryTtlStore, postgresKeyValueStore, redisTtlStore } from './db/stores/key-value.js';
import { postgresRateLimiter, redisRateLimiter } from './db/stores/rate-limit.js';
import { codeHashKey } from './core/linking/invitations.js';
import { createBot } from './bot/index.js';
import type { SessionData } from './bot/context.js';
import { startJobs } from './jobs/index.js';

/** Exit codes: 2 = configuration, 3 = data folder in use, 1 = anything else. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (!config.BOT_TOKEN) {
    process.stderr.write(`${MISSING_TOKEN_HELP}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const started = Date.now();

  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }).catch((e) => {
    if (e instanceof DataDirBusyError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(3);
    }
    throw e;
  });
  logger.info({ embedded: db.embedded, ms: Date.now() - started }, 'database ready');

  const redis: Redis | undefined = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  const sessionStorage: StorageAdapter<SessionData> = redis
    ? new RedisAdapter<SessionData>({ instance: redis, ttl: 30 * 24 * 3600 })
    : postgresKeyValueStore<SessionData>(db.dataSource);
  const webhook = config.BOT_MODE === 'webhook';
  const updateDedupe = webhook ? (redis ? redisTtlStore(redis, 'seen:') : memoryTtlStore()) : undefined;

  const rateLimiter = redis ? redisRateLimiter(redis) : postgresRateLimiter(db.dataSource);
  if (!config.CODE_HASH_KEY) logger.warn('CODE_HASH_KEY is not set: invitation codes are hashed with a development key; set a secret in production');
  const hashKey = config.CODE_HASH_KEY ?? codeHashKey();
  const bot = createBot(config.BOT_TOKEN, { ds: db.dataSource, config, logger, sessionStorage, updateDedupe, rateLimiter, hashKey });
  await bot.init();
  const jobs = config.RUN_JOBS ? startJobs({ ds: db.dataSource, config, logger }) : undefined;

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (webhook) {
    const handle = webhookCallback(bot, 'http', { secretToken: config.WEBHOOK_SECRET, onTimeout: 'return' });
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/telegram') return void handle(req, res);
      if (req.url === '/health') return void res.writeHead(200).end('ok');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(config.WEBHOOK_PORT, resolve));
    if (config.WEBHOOK_URL) await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET });
    logger.info({ port: config.WEBHOOK_PORT, ms: Date.now() - started }, 'webhook server listening');
  } else {
    await bot.api.deleteWebhook();
    runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member', 'inline_query'] } } });
    logger.info({ bot: bot.botInfo.username, ms: Date.now() - started }, 'polling started');
  }

  // SIGTERM: stop taking updates, finish the ones in flight, close the database; 10 s at most.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s, exiting');
      process.exit(1);
    }, 9_500);
    force.unref();
    try {
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise((resolve) => server!.close(resolve));
      await jobs?.stop();
      await redis?.quit();
      await db.close();
      logger.info('stopped');
      process.exit(0);
    } catch (e) {
      logger.error({ err: String(e) }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`Start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
