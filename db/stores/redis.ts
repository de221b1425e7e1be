import { Redis } from 'ioredis';

/** One ioredis client per purpose; `lazyConnect` so a bad URL fails at start-up with a clear error. */
export async function connectRedis(url: string, keyPrefix = 'dnevnik:'): Promise<Redis> {
  const redis = new Redis(url, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true });
  await redis.connect();
  return redis;
}
export type { Redis };
