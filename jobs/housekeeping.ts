import type { DataSource } from 'typeorm';

/** Drops rate-limit windows older than a day: they no longer limit anyone. */
export async function purgeExpiredCounters(ds: DataSource): Promise<number> {
  const res = await ds.query(`DELETE FROM rate_limit_counter WHERE "windowStart" < now() - interval '1 day'`);
  return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
}

/** Drops webhook update receipts whose lease or day of memory has run out (db/stores/update-ledger.ts). */
export async function purgeUpdateReceipts(ds: DataSource): Promise<number> {
  const res = await ds.query(`DELETE FROM update_receipt WHERE until < now()`);
  return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
}
