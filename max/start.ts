import type { RequestListener } from 'node:http';
import type { StorageAdapter } from 'grammy';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Services } from '../core/services/index.js';
import type { UpdateLedger } from '../db/stores/update-ledger.js';
import type { SessionData } from '../bot/context.js';
import { MaxApi } from './api/index.js';
import type { FileBridge } from './file-bridge.js';
import { createMaxFront, type MaxFront } from './front.js';
import { MAX_UPDATE_TYPES, startMaxPolling, type MarkerStore } from './updates.js';
import { maxWebhookHandler } from './webhook.js';
import { listen } from '../web/server/serve.js';
import type { BotDeps } from '../bot/index.js';
import { startWebapp, webappFor } from '../bot/features/webapp/server.js';

/** For the composition root: the Telegram bot's sends of a file that came through MAX (./telegram-files.ts). */
export { maxFilesInTelegram } from './telegram-files.js';

export interface MaxStartDeps {
  config: Config & { MAX_BOT_TOKEN: string };
  services: Services;
  logger: Logger;
  sessionStorage: StorageAdapter<SessionData>;
  /** Shared by the replicas: a MAX update delivered again is handled once (keys apart from Telegram's). */
  updateDedupe: UpdateLedger;
  markers: MarkerStore;
  /** Where stop() finds what to close. */
  closers: (() => Promise<unknown>)[];
  /** Files across messengers (a Telegram справка shown in MAX, a MAX user's file kept for Telegram). */
  files?: FileBridge;
}

export interface MaxStarted {
  front: MaxFront;
  /** In webhook mode: the handler of POST /max, for the process's HTTP server (app.ts serves it). */
  webhook?: RequestListener;
}

/**
 * The MAX front end of this process (MAX_BOT_TOKEN set): the bot and, when this process takes updates
 * (RUN_BOT), long polling (MAX_MODE=polling) or the webhook's subscription and handler (MAX_MODE=webhook).
 */
export async function startMax(d: MaxStartDeps): Promise<MaxStarted> {
  const { config, logger } = d;
  const api = new MaxApi({ token: config.MAX_BOT_TOKEN, apiRoot: config.MAX_API_ROOT });
  const front = await createMaxFront({
    token: config.MAX_BOT_TOKEN,
    api,
    services: d.services,
    logger,
    sessionStorage: d.sessionStorage,
    updateDedupe: d.updateDedupe,
    files: d.files,
  });
  if (!config.RUN_BOT) return { front };
  if (config.MAX_MODE === 'webhook') {
    if (config.MAX_WEBHOOK_URL)
      await api.subscribe({
        url: config.MAX_WEBHOOK_URL,
        secret: config.MAX_WEBHOOK_SECRET,
        update_types: MAX_UPDATE_TYPES,
      });
    // Served by the process's HTTP server (app.ts): Telegram's webhook server's, or one of MAX's own.
    return { front, webhook: maxWebhookHandler(front, config.MAX_WEBHOOK_SECRET!, logger) };
  }
  const polling = await startMaxPolling(front, api, logger, {
    markers: d.markers,
    webhookUrl: config.MAX_WEBHOOK_URL,
  });
  d.closers.push(() => polling.stop());
  return { front };
}

/** The polling marker kept in a key-value row, so a restart goes on from the last handled batch. */
export const markerIn = (store: {
  read(key: string): Promise<number | undefined>;
  write(key: string, v: number): Promise<void>;
}): MarkerStore => ({
  read: () => store.read('max:updates:marker'),
  write: (m) => store.write('max:updates:marker', m),
});

/**
 * MAX's webhook on a server of its own (port WEBHOOK_PORT), when Telegram's webhook server does not carry
 * it; with the Mini App at /app beside it when MAX is this process's only messenger.
 */
export async function serveMaxWebhook(
  port: number,
  hook: RequestListener,
  logger: Logger,
  closers: (() => Promise<unknown>)[],
  webapp?: RequestListener,
): Promise<number> {
  const server = await listen((req, res) => {
    if (req.url === '/health') return void res.writeHead(200).end('ok');
    if (webapp && (req.url === '/app' || req.url?.startsWith('/app/'))) return void webapp(req, res);
    hook(req, res);
  }, port);
  closers.push(server.close);
  logger.info({ port: server.port }, 'MAX webhook server listening at /max');
  return server.port;
}

/**
 * MAX's HTTP side when Telegram's webhook server does not carry it: MAX's webhook on WEBHOOK_PORT, and
 * the Mini App when MAX is this process's only messenger (beside the webhook, or on its own port when
 * polling). Returns the ports, as Telegram's start does.
 */
export async function serveMax(
  config: Config,
  max: MaxStarted,
  d: Pick<BotDeps, 'services' | 'logger'>,
  s: { closers: (() => Promise<unknown>)[]; telegramHook: boolean; maxOnly: boolean },
): Promise<{ webhookPort?: number; webappPort?: number }> {
  const webapp = s.maxOnly ? webappFor(config, d, { max: max.front.bot }) : undefined;
  if (max.webhook && !s.telegramHook) {
    const port = await serveMaxWebhook(config.WEBHOOK_PORT, max.webhook, d.logger, s.closers, webapp);
    return { webhookPort: port, ...(webapp ? { webappPort: port } : {}) };
  }
  return webapp ? { webappPort: await startWebapp(config, webapp, d.logger, s.closers) } : {};
}
