import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

/**
 * Fixed-window counters shared by every replica and kept across restarts:
 * Redis when configured, the rate_limit_counter table otherwise.
 */
export interface RateLimiter {
  /**
   * How many hits a window of `key` holds (the current one, or `windowsAgo` before it), when it ends, and
   * the store's time it was read at (windows run on real time: Redis TTLs, the counters table).
   */
  peek(key: string, windowSeconds: number, windowsAgo?: number): Promise<{ count: number; resetsAt: Date; at: Date }>;
  /** Adds one hit; returns the new count and when the window ends. */
  hit(key: string, windowSeconds: number): Promise<{ count: number; resetsAt: Date }>;
}

export const windowOf = (windowSeconds: number, windowsAgo = 0, now = Date.now()) => {
  const start = (Math.floor(now / (windowSeconds * 1000)) - windowsAgo) * windowSeconds * 1000;
  return { start: new Date(start), end: new Date(start + windowSeconds * 1000), at: new Date(now) };
};

export function postgresRateLimiter(ds: DataSource): RateLimiter {
  return {
    async peek(key, windowSeconds, windowsAgo = 0) {
      const w = windowOf(windowSeconds, windowsAgo);
      const rows = await ds.query(`SELECT count FROM rate_limit_counter WHERE key = $1 AND "windowStart" = $2`, [
        key,
        w.start,
      ]);
      return { count: rows.length ? Number(rows[0].count) : 0, resetsAt: w.end, at: w.at };
    },
    async hit(key, windowSeconds) {
      const w = windowOf(windowSeconds);
      const rows = await ds.query(
        `INSERT INTO rate_limit_counter (key, "windowStart", count) VALUES ($1, $2, 1)
         ON CONFLICT (key, "windowStart") DO UPDATE SET count = rate_limit_counter.count + 1
         RETURNING count`,
        [key, w.start],
      );
      return { count: Number(rows[0].count), resetsAt: w.end };
    },
  };
}

export function redisRateLimiter(redis: Redis): RateLimiter {
  const k = (key: string, w: { start: Date }) => `rl:${key}:${w.start.getTime()}`;
  return {
    async peek(key, windowSeconds, windowsAgo = 0) {
      const w = windowOf(windowSeconds, windowsAgo);
      return { count: Number((await redis.get(k(key, w))) ?? 0), resetsAt: w.end, at: w.at };
    },
    async hit(key, windowSeconds) {
      const w = windowOf(windowSeconds);
      const [[, count]] = (await redis
        .multi()
        .incr(k(key, w))
        .expire(k(key, w), windowSeconds * 2 + 60)
        .exec()) as [[null, number]];
      return { count: Number(count), resetsAt: w.end };
    },
  };
}
