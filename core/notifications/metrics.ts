import { redactSecrets } from '../redact.js';
import type { DataSource } from 'typeorm';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../db/entities/index.js';
import { MARK_EVENT_TYPES } from './events.js';

export interface DeliveryMetrics {
  deliveries: Record<DeliveryStatus, number>;
  /** Seconds the oldest due pending delivery has waited (0: none waiting). */
  lagSeconds: number;
  /** Outbox events not yet planned, and how long the oldest due one has waited (marks: after their window). */
  outboxPending: number;
  outboxLagSeconds: number;
  /** Lines waiting for the evening digest. */
  digestWaiting: number;
}

export async function deliveryMetrics(ds: DataSource, now: Date, correctionWindowMs: number): Promise<DeliveryMetrics> {
  const byStatus: { status: DeliveryStatus; n: number }[] = await ds.query(
    `SELECT status, count(*)::int AS n FROM notification_delivery GROUP BY status`,
  );
  const deliveries = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const r of byStatus) deliveries[r.status] = r.n;
  const [lag] = await ds.query(
    `SELECT COALESCE(extract(epoch FROM $1::timestamptz - min("notBefore")), 0)::float AS s
       FROM notification_delivery WHERE status IN ('pending', 'sending') AND "notBefore" <= $1`,
    [now],
  );
  const [outbox] = await ds.query(
    `SELECT count(*)::int AS n,
            COALESCE(extract(epoch FROM $1::timestamptz - min(CASE WHEN type = ANY($2) THEN "createdAt" + $3 * interval '1 millisecond' ELSE "availableAt" END)), 0)::float AS s
       FROM outbox WHERE "processedAt" IS NULL`,
    [now, MARK_EVENT_TYPES, correctionWindowMs],
  );
  const [digest] = await ds.query(`SELECT count(*)::int AS n FROM notification_digest_item WHERE "digestedAt" IS NULL`);
  return {
    deliveries,
    lagSeconds: Math.max(0, Number(lag.s)),
    outboxPending: outbox.n,
    outboxLagSeconds: Math.max(0, Number(outbox.s)),
    digestWaiting: digest.n,
  };
}

/** Prometheus text exposition (version 0.0.4). */
export function prometheusText(m: DeliveryMetrics, extra: { lastTickAgeSeconds: number | null }): string {
  const lines = [
    '# HELP dnevnik_notification_deliveries Notification deliveries by status.',
    '# TYPE dnevnik_notification_deliveries gauge',
    ...DELIVERY_STATUSES.map((s) => `dnevnik_notification_deliveries{status="${s}"} ${m.deliveries[s]}`),
    '# HELP dnevnik_notification_lag_seconds How long the oldest due delivery has waited.',
    '# TYPE dnevnik_notification_lag_seconds gauge',
    `dnevnik_notification_lag_seconds ${m.lagSeconds.toFixed(3)}`,
    '# HELP dnevnik_outbox_pending Journal events not yet turned into notifications.',
    '# TYPE dnevnik_outbox_pending gauge',
    `dnevnik_outbox_pending ${m.outboxPending}`,
    '# HELP dnevnik_outbox_lag_seconds How long the oldest due journal event has waited.',
    '# TYPE dnevnik_outbox_lag_seconds gauge',
    `dnevnik_outbox_lag_seconds ${m.outboxLagSeconds.toFixed(3)}`,
    '# HELP dnevnik_notification_digest_waiting Lines waiting for the evening digest.',
    '# TYPE dnevnik_notification_digest_waiting gauge',
    `dnevnik_notification_digest_waiting ${m.digestWaiting}`,
  ];
  if (extra.lastTickAgeSeconds !== null)
    lines.push(
      '# HELP dnevnik_notification_worker_tick_age_seconds Seconds since the delivery worker last completed a round.',
      '# TYPE dnevnik_notification_worker_tick_age_seconds gauge',
      `dnevnik_notification_worker_tick_age_seconds ${extra.lastTickAgeSeconds.toFixed(3)}`,
    );
  return `${lines.join('\n')}\n`;
}

export interface FailedDelivery {
  id: string;
  at: Date;
  kind: string;
  schoolId: number;
  linkId: number | null;
  studentId: number | null;
  attempts: number;
  reason: string | null;
}

/** Failed deliveries, newest first: what staff look at (`npm run cli -- deliveries failed`). No texts, no chat ids. */
export async function failedDeliveries(ds: DataSource, limit: number): Promise<FailedDelivery[]> {
  const rows = await ds.query(
    `SELECT id, "updatedAt" AS at, kind, "schoolId", "linkId", "studentId", attempts, "lastError" AS reason
       FROM notification_delivery WHERE status = 'failed' ORDER BY "updatedAt" DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r: FailedDelivery) => ({
    ...r,
    id: String(r.id),
    at: new Date(r.at),
    reason: r.reason && redactSecrets(r.reason),
  }));
}

/** Journal events set aside after repeated failures of planning (kept with their last error). */
export async function failedEvents(
  ds: DataSource,
  limit: number,
): Promise<{ id: string; type: string; attempts: number; reason: string }[]> {
  const rows = await ds.query(
    `SELECT id, type, attempts, "lastError" AS reason FROM outbox WHERE "processedAt" IS NOT NULL AND "lastError" IS NOT NULL ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r: { id: string; reason: string }) => ({ ...r, id: String(r.id), reason: redactSecrets(r.reason) }));
}

/** Sends a failed delivery again (after the cause is fixed). */
export async function retryDelivery(ds: DataSource, id: number): Promise<boolean> {
  const rows = await ds.query(
    `UPDATE notification_delivery SET status = 'pending', attempts = 0, "notBefore" = now(), "updatedAt" = now() WHERE id = $1 AND status = 'failed' RETURNING id`,
    [id],
  );
  return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
}
