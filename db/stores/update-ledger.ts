import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

/** What a replica may do with an update: handle it (it holds the lease now), leave it to the replica handling it, or skip it (handled). */
export type UpdateClaim = 'claimed' | 'busy' | 'done';

/**
 * Which webhook updates were handled, shared by every replica: an update is
 * claimed with a short lease before it is handled and marked done after, so a
 * copy Telegram re-sends after a replica died mid-update is handled once the
 * lease has run out (at-least-once), and a copy of a handled one is skipped.
 */
export interface UpdateLedger {
  /** Takes `key` for `leaseMs` as `holder`, unless another holder's lease runs ('busy') or it was marked done ('done'). */
  claim(key: string, holder: string, leaseMs: number): Promise<UpdateClaim>;
  /** Remembers `key` as handled for `ttlSeconds`: claims answer 'done' until then. */
  markDone(key: string, ttlSeconds: number): Promise<void>;
  /** Gives `holder`'s lease up at once (the next claim takes it); a lease already taken over by another holder stays. */
  release(key: string, holder: string): Promise<void>;
}

const DONE = 'done';

/** One process's ledger (tests, a single webhook process without a shared store); `now` is injectable. */
export function memoryUpdateLedger(maxKeys = 100_000, now: () => number = Date.now): UpdateLedger {
  const entries = new Map<string, { holder: string; until: number }>();
  const trim = (t: number) => {
    // Oldest first (insertion order); cap the map so it cannot grow without bound.
    if (entries.size > maxKeys)
      for (const [k, e] of entries) {
        if (e.until <= t || entries.size > maxKeys) entries.delete(k);
        else break;
      }
  };
  const put = (key: string, holder: string, until: number) => {
    entries.delete(key);
    entries.set(key, { holder, until });
    trim(now());
  };
  return {
    claim(key, holder, leaseMs) {
      const t = now();
      const e = entries.get(key);
      if (e && e.until > t) return Promise.resolve(e.holder === DONE ? 'done' : 'busy');
      put(key, holder, t + leaseMs);
      return Promise.resolve('claimed');
    },
    markDone(key, ttlSeconds) {
      put(key, DONE, now() + ttlSeconds * 1000);
      return Promise.resolve();
    },
    release(key, holder) {
      if (entries.get(key)?.holder === holder) entries.delete(key);
      return Promise.resolve();
    },
  };
}

/** The ledger in Redis: the lease is `SET NX PX`, done a plain value with the day's expiry. */
export function redisUpdateLedger(redis: Redis, prefix: string): UpdateLedger {
  const k = (key: string) => `${prefix}${key}`;
  return {
    async claim(key, holder, leaseMs) {
      if ((await redis.set(k(key), holder, 'PX', leaseMs, 'NX')) === 'OK') return 'claimed';
      // Gone between the two calls (a lease just ran out): busy, Telegram asks again shortly.
      return (await redis.get(k(key))) === DONE ? 'done' : 'busy';
    },
    async markDone(key, ttlSeconds) {
      await redis.set(k(key), DONE, 'EX', ttlSeconds);
    },
    async release(key, holder) {
      await redis.eval(
        `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`,
        1,
        k(key),
        holder,
      );
    },
  };
}

/** The ledger in PostgreSQL (table update_receipt) when Redis is not configured; expired rows go hourly (jobs/housekeeping.ts). */
export function postgresUpdateLedger(ds: DataSource): UpdateLedger {
  return {
    async claim(key, holder, leaseMs) {
      // Takes a free key or one whose lease (or done mark) has run out, in one statement.
      const taken: unknown[] = await ds.query(
        `INSERT INTO update_receipt (key, holder, until) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
           WHERE update_receipt.until <= clock_timestamp()
         RETURNING key`,
        [key, holder, leaseMs],
      );
      if (taken.length) return 'claimed';
      const [row]: { holder: string }[] = await ds.query(`SELECT holder FROM update_receipt WHERE key = $1`, [key]);
      return row?.holder === DONE ? 'done' : 'busy';
    },
    async markDone(key, ttlSeconds) {
      await ds.query(
        `INSERT INTO update_receipt (key, holder, until) VALUES ($1, '${DONE}', clock_timestamp() + $2 * interval '1 second')
         ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until`,
        [key, ttlSeconds],
      );
    },
    async release(key, holder) {
      await ds.query(`DELETE FROM update_receipt WHERE key = $1 AND holder = $2`, [key, holder]);
    },
  };
}
