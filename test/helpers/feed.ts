import type { DataSource } from 'typeorm';
import { createLogger } from '../../core/logger.js';
import { startFeedClient, type FeedClient, type FeedClientOptions } from '../../jobs/feed-client/index.js';

export const FEED_TOKEN = 'test-feed-token-0123456789';

/** Waits until `check` holds (polling), or fails with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A feed client for one school with test-friendly timings (the school's journal of record set to `external` first). */
export async function feedClient(
  ds: DataSource,
  school: string,
  url: string,
  extra: Partial<FeedClientOptions> = {},
): Promise<FeedClient> {
  await ds.query(`UPDATE school SET journal = 'external' WHERE "externalId" = $1 OR id::text = $1`, [school]);
  return startFeedClient({
    ds,
    logger: createLogger('silent'),
    schools: [{ school, url, token: FEED_TOKEN }],
    heartbeatMs: 200,
    backoff: { baseMs: 20, capMs: 200 },
    leaseMs: 1500,
    ...extra,
  });
}

export const count = async (ds: DataSource, sql: string, params: unknown[] = []) =>
  Number((await ds.query(sql, params))[0].n);
