import type { Logger } from '../core/logger.js';
import type { MaxFront } from './front.js';
import type { MaxRequest, MaxUpdate } from './types.js';

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
 * restart and the update ledger skips what was handled (at least once, never twice). Webhook
 * subscriptions are removed first: MAX sends to those instead while they exist.
 */
export async function startMaxPolling(
  front: MaxFront,
  request: MaxRequest,
  logger: Logger,
  markers?: MarkerStore,
  timeoutSeconds = 30,
): Promise<MaxPolling> {
  await dropSubscriptions(request, logger);
  const abort = new AbortController();
  let marker = await markers?.read();
  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      const r = await request({
        method: 'GET',
        path: '/updates',
        query: { marker, timeout: timeoutSeconds, limit: 100, types: MAX_UPDATE_TYPES.join(',') },
        signal: abort.signal,
      }).catch((e: unknown) => ({ ok: false as const, status: 0, code: String(e) }));
      if (abort.signal.aborted) break;
      if (!r.ok) {
        failures++;
        logger.warn({ status: r.status, code: r.code }, 'MAX updates could not be fetched; trying again');
        await sleep(Math.min(30_000, 500 * 2 ** failures), abort.signal);
        continue;
      }
      failures = 0;
      const { updates, marker: next } = r.result as { updates: MaxUpdate[]; marker?: number | null };
      await Promise.all(
        updates.map((u) =>
          front.handle(u).catch((e: unknown) => logger.error({ err: String(e) }, 'MAX update failed')),
        ),
      );
      if (typeof next === 'number') {
        marker = next;
        await markers?.write(next).catch((e: unknown) => logger.warn({ err: String(e) }, 'MAX marker not stored'));
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

/** Removes every webhook subscription (polling gets nothing while one exists). */
async function dropSubscriptions(request: MaxRequest, logger: Logger): Promise<void> {
  const r = await request({ method: 'GET', path: '/subscriptions' });
  if (!r.ok) return void logger.warn({ status: r.status }, 'MAX subscriptions could not be listed');
  for (const s of (r.result as { subscriptions?: { url: string }[] }).subscriptions ?? [])
    await request({ method: 'DELETE', path: '/subscriptions', query: { url: s.url } });
}

/** Subscribes the webhook: MAX posts updates to `url` with the secret in X-Max-Bot-Api-Secret. */
export async function subscribeWebhook(request: MaxRequest, url: string, secret: string): Promise<void> {
  const r = await request({
    method: 'POST',
    path: '/subscriptions',
    body: { url, update_types: [...MAX_UPDATE_TYPES], secret },
  });
  if (!r.ok) throw new Error(`MAX refused the webhook subscription (${r.code ?? r.status})`);
}
