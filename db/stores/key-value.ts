import type { DataSource } from 'typeorm';
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
