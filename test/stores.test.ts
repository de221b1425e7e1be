import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { createTestDb, type TestDb } from './helpers/db.js';
import { postgresRateLimiter, redisRateLimiter, type RateLimiter } from '../db/stores/rate-limit.js';
import { postgresKeyValueStore } from '../db/stores/key-value.js';
import {
  memoryUpdateLedger,
  postgresUpdateLedger,
  redisUpdateLedger,
  type UpdateLedger,
} from '../db/stores/update-ledger.js';
import { checkAttemptLimits, recordFailedAttempt } from '../core/linking/attempt-limits.js';
import { connectRedis, type Redis } from '../db/stores/redis.js';

/**
 * The same contracts for the PostgreSQL stores (always) and the Redis ones
 * (when REDIS_URL is set, as in CI's second pass).
 */
let db: TestDb;
let redis: Redis | undefined;
beforeAll(async () => {
  db = await createTestDb();
  if (process.env.REDIS_URL)
    redis = await connectRedis(process.env.REDIS_URL, `test:${randomBytes(4).toString('hex')}:`);
});
afterAll(async () => {
  await redis?.quit();
  await db.close();
});

const limiters: [string, () => RateLimiter][] = [
  ['PostgreSQL', () => postgresRateLimiter(db.ds)],
  ...(process.env.REDIS_URL ? ([['Redis', () => redisRateLimiter(redis!)]] as [string, () => RateLimiter][]) : []),
];

describe.each(limiters)('attempt limits on %s', (_name, make) => {
  it('count failures per account and block at the limit with a retry time in the future', async () => {
    const rl = make();
    const acc = `acc-${randomBytes(4).toString('hex')}`;
    const limits = { perAccountPerHour: 3 };
    for (let i = 0; i < 3; i++) {
      expect(await checkAttemptLimits(rl, acc, limits)).toEqual({ blocked: false });
      await recordFailedAttempt(rl, acc);
    }
    const state = await checkAttemptLimits(rl, acc, limits);
    expect(state.blocked).toBe(true);
    if (state.blocked) {
      expect(state.retryAt.getTime()).toBeGreaterThan(Date.now());
      expect(state.retryAt.getTime()).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);
    }
    // A fresh limiter object (a restart, another replica) sees the same count.
    expect((await checkAttemptLimits(make(), acc, limits)).blocked).toBe(true);
  });

  it('hits from parallel callers are all counted', async () => {
    const rl = make();
    const key = `k-${randomBytes(4).toString('hex')}`;
    await Promise.all(Array.from({ length: 20 }, () => rl.hit(key, 60)));
    expect((await rl.peek(key, 60)).count).toBe(20);
  });
});

const ledgers: [string, () => UpdateLedger][] = [
  ['memory', () => memoryUpdateLedger()],
  ['PostgreSQL', () => postgresUpdateLedger(db.ds)],
  ...(process.env.REDIS_URL
    ? ([['Redis', () => redisUpdateLedger(redis!, 'seen:')]] as [string, () => UpdateLedger][])
    : []),
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ledgers)('the update ledger on %s', (name, make) => {
  // The memory ledger is one process's: "another replica" is the same object there.
  const other = (l: UpdateLedger) => (name === 'memory' ? l : make());

  it('leases an update to one holder; the others are told it is busy until the lease runs out', async () => {
    const l = make();
    const key = `u-${randomBytes(4).toString('hex')}`;
    expect(await l.claim(key, 'a', 300)).toBe('claimed');
    expect(await other(l).claim(key, 'b', 300)).toBe('busy');
    expect(await l.claim(key, 'a', 300)).toBe('busy');
    await sleep(450);
    // Its holder died: the next copy takes it.
    expect(await other(l).claim(key, 'b', 300)).toBe('claimed');
  });

  it('remembers a handled update as done, for its TTL', async () => {
    const l = make();
    const key = `u-${randomBytes(4).toString('hex')}`;
    expect(await l.claim(key, 'a', 60_000)).toBe('claimed');
    await l.markDone(key, 1);
    expect(await other(l).claim(key, 'b', 60_000)).toBe('done');
    await l.release(key, 'a'); // a done mark is not a lease
    expect(await other(l).claim(key, 'b', 60_000)).toBe('done');
    await sleep(1100);
    expect(await other(l).claim(key, 'b', 60_000)).toBe('claimed');
  });

  it('a released lease is taken at once; only its holder releases it', async () => {
    const l = make();
    const key = `u-${randomBytes(4).toString('hex')}`;
    expect(await l.claim(key, 'a', 60_000)).toBe('claimed');
    await other(l).release(key, 'b');
    expect(await other(l).claim(key, 'b', 60_000)).toBe('busy');
    await l.release(key, 'a');
    expect(await other(l).claim(key, 'b', 60_000)).toBe('claimed');
  });

  it('of many replicas claiming one update at once, exactly one gets it', async () => {
    const l = make();
    const key = `u-${randomBytes(4).toString('hex')}`;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => other(l).claim(key, `h${i}`, 60_000)));
    expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
  });
});

describe('session storage', () => {
  const stores = [
    ['PostgreSQL', () => postgresKeyValueStore<{ n: number }>(db.ds)] as const,
    ...(process.env.REDIS_URL ? [['Redis', () => new RedisAdapter<{ n: number }>({ instance: redis! })] as const] : []),
  ];
  for (const [name, make] of stores)
    it(`${name}: writes, overwrites, reads back after a "restart" and deletes`, async () => {
      const key = `chat:${randomBytes(4).toString('hex')}`;
      await make().write(key, { n: 1 });
      await make().write(key, { n: 2 });
      expect(await make().read(key)).toEqual({ n: 2 });
      await make().delete(key);
      expect(await make().read(key)).toBeUndefined();
    });
});
