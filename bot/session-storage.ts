import type { StorageAdapter } from 'grammy';

/** Sessions read and not yet written back, at most this many (an update that failed before its write leaves one). */
const MAX_PENDING = 10_000;

/**
 * grammY writes back every session an update read, changed or not: a diary view paid one more
 * statement (PostgreSQL) or SET (Redis) than it needed. This skips the write of a session equal to
 * what the same update read — and of an empty one where none was stored, which the next read makes
 * again. Safe with replicas: a skipped write leaves the stored value as it was read, and updates of
 * one chat run one after another in a process (sequentialize, bot/index.ts). Sessions only written when
 * they change may age out of Redis (30 days) while read: they hold dialog steps, nothing lasting.
 */
export function skipUnchangedWrites<T>(storage: StorageAdapter<T>): StorageAdapter<T> {
  const read = new Map<string, string>();
  return {
    async read(key) {
      const value = await storage.read(key);
      if (read.size >= MAX_PENDING) read.clear();
      read.set(key, value === undefined ? '' : JSON.stringify(value));
      return value;
    },
    async write(key, value) {
      const before = read.get(key);
      read.delete(key);
      const now = JSON.stringify(value);
      if (before === now || (before === '' && now === '{}')) return;
      await storage.write(key, value);
    },
    async delete(key) {
      read.delete(key);
      await storage.delete(key);
    },
  };
}
