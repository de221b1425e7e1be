import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { createTestDb, type TestDb } from './helpers/db.js';
import { postgresRateLimiter, redisRateLimiter, type RateLimiter } from '../db/stores/rate-limit.js';
import { memoryTtlStore, postgresKeyValueStore, redisTtlStore, type TtlStore } from '../db/stores/key-value.js';
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

const ttlStores: [string, () => TtlStore][] = [
  ['memory', () => memoryTtlStore()],
  ...(process.env.REDIS_URL ? ([['Redis', () => redisTtlStore(redis!, 'seen:')]] as [string, () => TtlStore][]) : []),
];

describe.each(ttlStores)('update de-duplication on %s', (_name, make) => {
  it('accepts an id once within its TTL, and again after it', async () => {
    const store = make();
    const id = `u-${randomBytes(4).toString('hex')}`;
    expect(await store.addIfAbsent(id, 1)).toBe(true);
    expect(await store.addIfAbsent(id, 1)).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await store.addIfAbsent(id, 1)).toBe(true);
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
