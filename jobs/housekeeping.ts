import type { DataSource } from 'typeorm';

/** Drops rate-limit windows older than a day: they no longer limit anyone. */
export async function purgeExpiredCounters(ds: DataSource): Promise<number> {
  const res = await ds.query(`DELETE FROM rate_limit_counter WHERE "windowStart" < now() - interval '1 day'`);
  return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
}
