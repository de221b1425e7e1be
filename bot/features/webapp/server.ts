import type { RequestListener } from 'node:http';
import type { Bot } from 'grammy';
import type { Config } from '../../../core/config.js';
import type { Logger } from '../../../core/logger.js';
import { listen, webappListener } from '../../../web/server/serve.js';
import type { BotContext } from '../../context.js';
import type { BotDeps } from '../../index.js';
import { webappChat } from './chat-sender.js';

/** Where the Mini App listens in polling mode when only WEBAPP_URL is set (a reverse proxy in front). */
export const DEFAULT_WEBAPP_PORT = 8090;

/**
 * The Mini App's handler when it is on (WEBAPP_URL or WEBAPP_PORT set) in a process that takes updates:
 * it takes the launch data of each messenger this process runs a bot for, and sends files to that
 * messenger's chat. Served by the webhook's server, or by its own (startWebapp) when polling.
 */
export function webappFor(
  config: Config,
  d: Pick<BotDeps, 'services' | 'logger'>,
  bots: { telegram?: Bot<BotContext>; max?: Bot<BotContext> },
): RequestListener | undefined {
  if (!config.RUN_BOT || (!config.WEBAPP_URL && config.WEBAPP_PORT === undefined)) return undefined;
  return webappListener({
    services: d.services,
    botToken: bots.telegram && config.BOT_TOKEN ? config.BOT_TOKEN : '',
    ...(bots.telegram ? { chat: webappChat(bots.telegram) } : {}),
    ...(bots.max && config.MAX_BOT_TOKEN ? { maxBotToken: config.MAX_BOT_TOKEN, maxChat: webappChat(bots.max) } : {}),
    logger: d.logger,
  });
}

/** The Mini App's own server (polling: no webhook server to share); returns its port. */
export async function startWebapp(
  config: Config,
  webapp: RequestListener,
  logger: Logger,
  closers: (() => Promise<unknown>)[],
): Promise<number> {
  const server = await listen(webapp, config.WEBAPP_PORT ?? DEFAULT_WEBAPP_PORT, config.WEBAPP_HOST);
  closers.push(server.close);
  logger.info({ port: server.port }, 'Mini App server listening');
  return server.port;
}
