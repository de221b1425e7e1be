import type { Logger } from '../core/logger.js';
import type { MaxFront } from './front.js';
import type { MaxApi } from './api/index.js';
import type { MaxUpdate } from './types.js';

/** The updates the diary uses (./inbound.ts); MAX sends no others. */
export const MAX_UPDATE_TYPES = [
  'message_created',
  'message_callback',
  'bot_started',
  'bot_stopped',
  'bot_added',
  'bot_removed',
] as const;

/** Where the polling marker is kept between restarts (a key-value row). */
export interface MarkerStore {
  read(): Promise<number | undefined>;
  write(marker: number): Promise<void>;
}

export interface MaxPolling {
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Long polling (GET /updates with a marker): a batch is handled (updates of one chat in order: the bot's
 * sequentialize), then the marker after it is stored, so a crash mid-batch fetches the batch again on
 * restart and the update ledger skips what was handled (at least once, never twice). The webhook's
 * subscription (MAX_WEBHOOK_URL) is removed first: MAX sends to it instead while it exists.
 */
export async function startMaxPolling(
  front: MaxFront,
  api: Pick<MaxApi, 'getUpdates' | 'unsubscribe'>,
  logger: Logger,
  o: { markers?: MarkerStore; timeoutSeconds?: number; webhookUrl?: string } = {},
): Promise<MaxPolling> {
  if (o.webhookUrl) await api.unsubscribe(o.webhookUrl).catch(() => undefined);
  const abort = new AbortController();
  let marker = await o.markers?.read();
  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let batch: { updates: MaxUpdate[]; marker: number | null };
      try {
        const types = MAX_UPDATE_TYPES;
        batch = await api.getUpdates({ marker, timeout: o.timeoutSeconds ?? 30, limit: 100, types }, abort.signal);
      } catch (e) {
        if (abort.signal.aborted) break;
        failures++;
        logger.warn({ err: String(e) }, 'MAX updates could not be fetched; trying again');
        await sleep(Math.min(30_000, 500 * 2 ** failures), abort.signal);
        continue;
      }
      failures = 0;
      await Promise.all(
        batch.updates.map((u) =>
          front.handle(u).catch((e: unknown) => logger.error({ err: String(e) }, 'MAX update failed')),
        ),
      );
      if (typeof batch.marker === 'number') {
        marker = batch.marker;
        await o.markers?.write(marker).catch((e: unknown) => logger.warn({ err: String(e) }, 'MAX marker not stored'));
      }
    }
  })();
  logger.info({ bot: front.bot.botInfo.username }, 'MAX polling started');
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
