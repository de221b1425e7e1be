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
import { postgresSendPacer, redisSendPacer, type PacerOptions, type SendPacer } from '../db/stores/send-pacer.js';

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

const pacers: [string, (o: PacerOptions) => SendPacer][] = [
  ['PostgreSQL', (o) => postgresSendPacer(db.ds, o)],
  ...(process.env.REDIS_URL
    ? ([['Redis', (o) => redisSendPacer(redis!, randomBytes(4).toString('hex'), o)]] as [
        string,
        (o: PacerOptions) => SendPacer,
      ][])
    : []),
];

describe.each(pacers)('the send pacer on %s', (_name, make) => {
  const chat = () => `p${randomBytes(4).toString('hex')}`;

  it('gives senders asking at once one slot each, the rate apart, and a chat one send at a time', async () => {
    // The Redis pacer answers senders asking together in one call: each still gets its own slot.
    const p = make({ globalIntervalMs: 100, lookaheadMs: 1000, leaseMs: 5000 });
    const chats = Array.from({ length: 5 }, chat);
    const t0 = Date.now();
    const got = await Promise.all([...chats, chats[0]].map((c) => p.acquire(c)));
    const elapsed = Date.now() - t0;
    expect(got.map((a) => a.state).sort()).toEqual(['chat', 'go', 'go', 'go', 'go', 'go']);
    // Five slots 100 ms apart: the last is 400 ms after the first, less the time the calls took.
    const waits = got.filter((a) => a.state === 'go').map((a) => a.waitMs);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(400 - elapsed - 5);
    expect(Math.max(...waits)).toBeLessThanOrEqual(400);
    // Beyond the lookahead: wait, no slot taken.
    const q = make({ globalIntervalMs: 100, lookaheadMs: 150, leaseMs: 5000 });
    const more = await Promise.all(Array.from({ length: 4 }, () => q.acquire(chat())));
    expect(more.filter((a) => a.state === 'wait').length).toBeGreaterThanOrEqual(1);
  });

  it('after a release the chat waits its interval; a pause holds every send of its lane only', async () => {
    // On the paid lane: the free lane's slots of the test above may still be ahead in the shared table.
    const p = make({
      globalIntervalMs: 100,
      lookaheadMs: 1000,
      leaseMs: 5000,
      paid: { globalIntervalMs: 1, lookaheadMs: 50 },
    });
    const c = chat();
    expect((await p.acquire(c, 'paid')).state).toBe('go');
    const [, again] = await Promise.all([p.release(c, 300), sleep(5).then(() => p.acquire(c, 'paid'))]);
    expect(again.state).toBe('chat');
    expect(again.waitMs).toBeGreaterThan(0);
    expect(again.waitMs).toBeLessThanOrEqual(300);
    await sleep(350);
    expect((await p.acquire(c, 'paid')).state).toBe('go');
    await p.release(c, 0);

    expect(await p.pausedFor('max')).toBe(0);
    await p.pause(400, 'max');
    const [paused, free, left] = await Promise.all([
      p.acquire(chat(), 'max'),
      p.acquire(chat(), 'paid'),
      p.pausedFor('max'),
    ]);
    expect(paused.state).toBe('paused');
    expect(free.state).toBe('go');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(400);
  });
});
