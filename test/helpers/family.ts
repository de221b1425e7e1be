import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../core/clock.js';
import { processNextEvents } from '../../core/notifications/outbox.js';
import { HASH_KEY } from './linking.js';

/**
 * School ↔ family tests: the delivery worker's planning step run by hand
 * (outbox → deliveries) with a test clock, and the planned rows read back.
 */
/** Plans every due event; `clock` defaults to the real time (events written now are due now). */
export async function planAll(ds: DataSource, clock: Clock = systemClock, defaultQuietHours = 'off'): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await processNextEvents({
      ds,
      clock,
      timezone: 'Europe/Moscow',
      hashKey: HASH_KEY,
      defaultQuietHours,
      correctionWindowMs: 600_000,
    });
    if (!n) return total;
    total += n;
  }
}

export interface DeliveryRow {
  id: string;
  chatId: string;
  kind: string;
  text: string;
  extra: any;
  notBefore: Date;
  dedupeKey: string;
}

/** Deliveries planned for a chat (optionally of one kind), oldest first. */
export async function deliveriesTo(ds: DataSource, chatId: number, kind?: string): Promise<DeliveryRow[]> {
  const rows = await ds.query(
    `SELECT id, "chatId", kind, text, extra, "notBefore", "dedupeKey" FROM notification_delivery WHERE "chatId" = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
    [chatId, kind ?? null],
  );
  return rows.map((r: DeliveryRow) => ({ ...r, chatId: String(r.chatId) }));
}

/** Button labels of a planned delivery. */
export const deliveryButtons = (d: DeliveryRow): string[] =>
  (d.extra?.buttons ?? []).flat().map((b: { text: string }) => b.text);
export const deliveryData = (d: DeliveryRow, text: string): string => {
  const b = (d.extra?.buttons ?? []).flat().find((x: { text: string }) => x.text === text);
  if (!b) throw new Error(`no button «${text}» in ${JSON.stringify(deliveryButtons(d))}`);
  return b.data;
};
