import type { DataSource } from 'typeorm';

/**
 * When an account last used the bot, kept on its links (`link.lastSeenAt`),
 * for the families-active figure of the control panel (seed 000 §3.5: class
 * teachers track how regularly parents look at the diary). Written at most
 * once an hour per link, so a busy chat costs one cheap UPDATE that changes
 * nothing.
 */
export async function recordActivity(ds: DataSource, linkIds: number[]): Promise<void> {
  if (!linkIds.length) return;
  await ds.query(
    `UPDATE link SET "lastSeenAt" = now() WHERE id = ANY($1) AND ("lastSeenAt" IS NULL OR "lastSeenAt" < now() - interval '1 hour')`,
    [linkIds],
  );
}
