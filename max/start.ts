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
  /** In webhook mode: the handler of POST /max, for the process's HTTP server. */
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
    const webhook = maxWebhookHandler(front, config.MAX_WEBHOOK_SECRET!, logger);
    // Telegram's webhook server carries /max when it runs; otherwise MAX's has WEBHOOK_PORT to itself.
    if (!config.BOT_TOKEN || config.BOT_MODE !== 'webhook')
      await serveMaxWebhook(config.WEBHOOK_PORT, webhook, logger, d.closers);
    logger.info({ bot: front.bot.botInfo.username }, 'MAX webhook ready at /max');
    return { front, webhook };
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

/** MAX's webhook on a server of its own (port WEBHOOK_PORT), when Telegram's webhook server does not carry it. */
export async function serveMaxWebhook(
  port: number,
  hook: RequestListener,
  logger: Logger,
  closers: (() => Promise<unknown>)[],
): Promise<number> {
  const server = await listen(
    (req, res) => (req.url === '/health' ? res.writeHead(200).end('ok') : hook(req, res)),
    port,
  );
  closers.push(server.close);
  logger.info({ port: server.port }, 'MAX webhook server listening');
  return server.port;
}
