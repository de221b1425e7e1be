import type { RequestListener } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { listen } from '../web/server/serve.js';
import type { BotContext } from './context.js';
import { createBot, type BotDeps } from './index.js';
import { setGroupCommands } from './features/class-group/index.js';
import { startWebapp, webappFor } from './features/webapp/server.js';
import { webhookHandler } from './webhook.js';

/**
 * Telegram's front end started (BOT_TOKEN set): the bot created, its group commands set, its updates
 * taken by polling or the webhook, and the Mini App served beside them. app.ts composes it with MAX's
 * (max/start.ts), the stores and the jobs.
 */

/** Updates the bot asks for when polling. */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
  'inline_query',
] as const;

type Closer = () => Promise<unknown>;

export interface TelegramStart {
  /** Bot API root (the fake's in tests and the demo) and known bot info (skips getMe). */
  apiRoot: string;
  botInfo?: UserFromGetMe;
  /** Milliseconds since the process began starting, for the "ready in N ms" lines (a duration, not the product's time). */
  elapsedMs: () => number;
  /** Where stop() finds what to close. */
  closers: Closer[];
  /** Other handlers served on the webhook's server by exact path (MAX's webhook, POST /max). */
  routes?: Record<string, RequestListener>;
  /** MAX's bot in this process: the Mini App's sends to a MAX family go through it. */
  maxBot?: Bot<BotContext>;
}

export interface TelegramStarted {
  bot: Bot<BotContext>;
  /** The webhook server's port in webhook mode. */
  webhookPort?: number;
  /** The Mini App's port (the webhook's, or WEBAPP_PORT's when polling); unset when it is off. */
  webappPort?: number;
}

export async function startTelegram(
  config: Config & { BOT_TOKEN: string },
  d: BotDeps,
  s: TelegramStart,
): Promise<TelegramStarted> {
  const bot = createBot(config.BOT_TOKEN, d, { apiRoot: s.apiRoot, ...(s.botInfo ? { botInfo: s.botInfo } : {}) });
  await bot.init();
  // Groups show only the group commands (issue 19); a failure here must not stop the bot.
  if (config.RUN_BOT)
    await setGroupCommands(bot.api).catch((e) => d.logger.warn({ err: String(e) }, 'group commands not set'));
  const webapp = webappFor(config, d, { telegram: bot, max: s.maxBot });
  const webhookPort = await startTransport(bot, config, d.logger, s, webapp);
  const webappPort = webapp && (webhookPort ?? (await startWebapp(config, webapp, d.logger, s.closers)));
  return { bot, webhookPort, webappPort };
}

/** How updates come in: none (a worker), the webhook, or polling. Returns the webhook's port in webhook mode. */
async function startTransport(
  bot: Bot<BotContext>,
  config: Config,
  logger: Logger,
  s: TelegramStart,
  webapp: RequestListener | undefined,
): Promise<number | undefined> {
  if (!config.RUN_BOT) {
    // A worker: it sends through bot.api but takes no updates.
    logger.info({ ms: s.elapsedMs() }, 'worker started (RUN_BOT=false: no updates taken)');
    return undefined;
  }
  if (config.BOT_MODE === 'webhook') return startWebhook(bot, config, logger, s, webapp);
  await bot.api.deleteWebhook();
  const runner: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  s.closers.push(async () => {
    if (runner.isRunning()) await runner.stop();
  });
  logger.info({ bot: bot.botInfo.username, ms: s.elapsedMs() }, 'polling started');
  return undefined;
}

/** Serves the webhook (and the Mini App and the other routes beside it); returns the port it listens on. */
async function startWebhook(
  bot: Bot<BotContext>,
  config: Config,
  logger: Logger,
  s: TelegramStart,
  webapp: RequestListener | undefined,
): Promise<number> {
  const telegram = webhookHandler(bot, config.WEBHOOK_SECRET!, logger, webapp);
  const server = await listen((req, res) => (s.routes?.[req.url ?? ''] ?? telegram)(req, res), config.WEBHOOK_PORT);
  s.closers.push(server.close);
  if (config.WEBHOOK_URL) await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET });
  logger.info({ port: server.port, ms: s.elapsedMs() }, 'webhook server listening');
  return server.port;
}
