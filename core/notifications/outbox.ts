import type { DataSource } from 'typeorm';
import type { OutboxEvent } from '../../db/entities/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { ProfileCache } from './audience.js';
import { deliver, type PlanContext } from './deliveries.js';
import { EVENT_HANDLERS, MARK_EVENT_TYPES, type EventContext } from './events.js';
import { planMarkWindow } from './marks.js';
import { GROUP_EVENT_HANDLERS } from '../class-group/mirror.js';
import { deliverToGroups } from '../class-group/deliveries.js';

/**
 * The outbox side of delivery: events are claimed (FOR UPDATE SKIP LOCKED, so
 * any number of workers), turned into deliveries in the same transaction that
 * marks them processed, and a failing event is retried later with its error
 * kept, never blocking the others.
 */
export interface OutboxDeps {
  ds: DataSource;
  clock: Clock;
  timezone: string;
  hashKey: string;
  defaultQuietHours: string;
  correctionWindowMs: number;
  logger?: Logger;
}

/** After this many failures an event is set aside (processed, its last error kept for `deliveries failed`). */
export const MAX_EVENT_ATTEMPTS = 10;
const MARK_LOCK_CLASS = 7002;

const columns = `id, "schoolId", type, payload, "createdAt", "availableAt", "processedAt", attempts, "lastError", silent`;

function contexts(deps: OutboxDeps): { ctx: EventContext; plan: PlanContext } {
  const now = deps.clock.now();
  return {
    ctx: { ds: deps.ds, cache: new ProfileCache(deps.ds, deps.hashKey), now, timezone: deps.timezone },
    plan: { now, timezone: deps.timezone, defaultQuietHours: deps.defaultQuietHours },
  };
}

async function recordFailure(deps: OutboxDeps, ids: string[], error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const retryAt = new Date(deps.clock.now().getTime() + 30_000);
  await deps.ds.query(
    `UPDATE outbox SET attempts = attempts + 1, "lastError" = $2, "availableAt" = $3,
            "processedAt" = CASE WHEN attempts + 1 >= $4 THEN now() ELSE NULL END
      WHERE id = ANY($1::bigint[])`,
    [ids, message, retryAt, MAX_EVENT_ATTEMPTS],
  );
  deps.logger?.error({ events: ids, err: message }, 'notification event failed');
}

/**
 * Takes up to `limit` due events (not marks) in one transaction and plans
 * their messages, each under a savepoint: a failing event is rolled back alone
 * and retried later with its error kept. Returns how many were taken.
 */
export async function processNextEvents(deps: OutboxDeps, limit = 50): Promise<number> {
  const { ctx, plan } = contexts(deps);
  const failed: { id: string; error: unknown }[] = [];
  const taken = await deps.ds.transaction(async (em) => {
    const events: OutboxEvent[] = await em.query(
      `SELECT ${columns} FROM outbox WHERE "processedAt" IS NULL AND "availableAt" <= $1 AND type <> ALL($2)
        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [plan.now, MARK_EVENT_TYPES, limit],
    );
    const done: string[] = [];
    for (const e of events) {
      const handler = EVENT_HANDLERS[e.type];
      if (e.silent || !handler) {
        done.push(String(e.id));
        continue;
      }
      await em.query('SAVEPOINT notification_event');
      try {
        const r = await deliver(em, await handler(e, ctx), plan);
        // The same event's messages to class groups (an announcement mirrored), in the same savepoint.
        const groups = GROUP_EVENT_HANDLERS[e.type];
        if (groups) await deliverToGroups(em, await groups(e, ctx), plan);
        await em.query('RELEASE SAVEPOINT notification_event');
        deps.logger?.debug({ event: e.id, type: e.type, ...r }, 'event planned');
        done.push(String(e.id));
      } catch (error) {
        await em.query('ROLLBACK TO SAVEPOINT notification_event');
        failed.push({ id: String(e.id), error });
      }
    }
    if (done.length)
      await em.query(
        `UPDATE outbox SET "processedAt" = now(), attempts = attempts + 1, "lastError" = NULL WHERE id = ANY($1::bigint[])`,
        [done],
      );
    return events.length;
  });
  for (const f of failed) await recordFailure(deps, [f.id], f.error);
  return taken;
}

/**
 * Mark events wait for the correction window. For each child whose oldest
 * waiting mark event is older than the window, every event within the window
 * is folded into one message (per recipient chat); one worker per child at a
 * time (an advisory lock), so a window is never split between workers.
 */
export async function processMarkWindows(deps: OutboxDeps, limit = 20): Promise<number> {
  const { ctx, plan } = contexts(deps);
  const closesBefore = new Date(plan.now.getTime() - deps.correctionWindowMs);
  const due: { studentId: number }[] = await deps.ds.query(
    `SELECT (payload->>'studentId')::int AS "studentId", min("createdAt") AS first FROM outbox
      WHERE "processedAt" IS NULL AND type = ANY($1) AND "availableAt" <= $2
      GROUP BY 1 HAVING min("createdAt") <= $3 ORDER BY 2 LIMIT $4`,
    [MARK_EVENT_TYPES, plan.now, closesBefore, limit],
  );
  let done = 0;
  for (const { studentId } of due) {
    let ids: string[] = [];
    try {
      await deps.ds.transaction(async (em) => {
        const [{ ok }] = await em.query(`SELECT pg_try_advisory_xact_lock($1, $2) AS ok`, [MARK_LOCK_CLASS, studentId]);
        if (!ok) return;
        const events: OutboxEvent[] = await em.query(
          `SELECT ${columns} FROM outbox WHERE "processedAt" IS NULL AND type = ANY($1) AND (payload->>'studentId')::int = $2
            ORDER BY id FOR UPDATE`,
          [MARK_EVENT_TYPES, studentId],
        );
        if (!events.length) return;
        const opens = Math.min(...events.map((e) => new Date(e.createdAt).getTime()));
        if (opens > closesBefore.getTime()) return;
        const window = events.filter(
          (e) =>
            new Date(e.createdAt).getTime() <= opens + deps.correctionWindowMs && new Date(e.availableAt) <= plan.now,
        );
        ids = window.map((e) => String(e.id));
        const r = await deliver(em, await planMarkWindow(window, studentId, ctx), plan);
        deps.logger?.debug({ events: ids.length, ...r }, 'mark window planned');
        await em.query(
          `UPDATE outbox SET "processedAt" = now(), attempts = attempts + 1, "lastError" = NULL WHERE id = ANY($1::bigint[])`,
          [ids],
        );
        done++;
      });
    } catch (err) {
      if (!ids.length) throw err;
      await recordFailure(deps, ids, err);
    }
  }
  return done;
}

/** When the next event falls due (marks: when their correction window closes). */
export async function nextEventDue(ds: DataSource, correctionWindowMs: number): Promise<Date | null> {
  const [row] = await ds.query(
    `SELECT min(CASE WHEN type = ANY($1) THEN GREATEST("availableAt", "createdAt" + $2 * interval '1 millisecond') ELSE "availableAt" END) AS at
       FROM outbox WHERE "processedAt" IS NULL`,
    [MARK_EVENT_TYPES, correctionWindowMs],
  );
  return row?.at ? new Date(row.at) : null;
}

/** One event at a time (tests and tools that step through the outbox): true when one was taken. */
export async function processNextEvent(deps: OutboxDeps): Promise<boolean> {
  return (await processNextEvents(deps, 1)) > 0;
}
