import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { BotSessionEntity } from '../entities/index.js';

/** Read/write/delete of JSON values by key — the shape grammY's session storage expects. */
export interface KeyValueStore<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Sessions in PostgreSQL (table bot_session) when Redis is not configured: they survive restarts and are shared by replicas. */
export function postgresKeyValueStore<T>(ds: DataSource): KeyValueStore<T> {
  const repo = ds.getRepository(BotSessionEntity);
  return {
    async read(key) {
      const row = await repo.findOneBy({ key });
      return row ? (row.value as T) : undefined;
    },
    async write(key, value) {
      await repo.query(
        `INSERT INTO bot_session (key, value, "updatedAt") VALUES ($1, $2, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
        [key, JSON.stringify(value)],
      );
    },
    async delete(key) {
      await repo.delete({ key });
    },
  };
}

/** Remembers keys for a while: "was this seen in the last N seconds?" (webhook update ids). */
export interface TtlStore {
  /** True the first time a key is added within its TTL, false when it is already there. */
  addIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
}

export function memoryTtlStore(maxKeys = 100_000): TtlStore {
  const seen = new Map<string, number>();
  return {
    addIfAbsent(key, ttl) {
      const now = Date.now();
      const until = seen.get(key);
      if (until !== undefined && until > now) return Promise.resolve(false);
      seen.set(key, now + ttl * 1000);
      // Expired keys go in insertion order; cap the map so it cannot grow without bound.
      if (seen.size > maxKeys)
        for (const [k, t] of seen) {
          if (t <= now || seen.size > maxKeys) seen.delete(k);
          else break;
        }
      return Promise.resolve(true);
    },
  };
}

export function redisTtlStore(redis: Redis, prefix: string): TtlStore {
  return {
    async addIfAbsent(key, ttl) {
      return (await redis.set(`${prefix}${key}`, '1', 'EX', ttl, 'NX')) === 'OK';
    },
  };
}
