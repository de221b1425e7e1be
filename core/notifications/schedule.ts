import type { DataSource } from 'typeorm';
import { addDays, weekday, wallClock, zonedInstant } from '../calendar.js';

/**
 * Scheduled jobs run per slot (a date and a time on the school's clock). A
 * slot is claimed in scheduled_run before it runs, so with several replicas
 * exactly one runs it, and a restart neither repeats it (the row is there) nor
 * skips it (at start-up and every few minutes the latest slot is run if it is
 * due, not recorded, and still within its grace). A run that died half-way is
 * claimed again after a while; the messages it planned are keyed, so the
 * rerun adds only what was missing.
 */
export interface Slotted {
  job: string;
  /** 'HH:MM' on the school's clock. */
  time: string;
  /** 1 = Monday … 7 = Sunday; every day when absent. */
  weekday?: number;
  /** How late a missed slot may still run (after that it is skipped: an evening digest at noon is no use). */
  graceMinutes: number;
}

export interface Slot {
  key: string;
  date: string;
  at: Date;
}

/** The latest slot at or before `now` that is still within its grace, if any. */
export function dueSlot(spec: Slotted, now: Date, timeZone: string): Slot | null {
  const today = wallClock(timeZone, now).date;
  for (let back = 0; back <= 7; back++) {
    const date = addDays(today, -back);
    if (spec.weekday && weekday(date) !== spec.weekday) continue;
    const at = zonedInstant(date, spec.time, timeZone);
    if (at > now) continue;
    return now.getTime() - at.getTime() <= spec.graceMinutes * 60_000
      ? { key: `${date}T${spec.time}`, date, at }
      : null;
  }
  return null;
}

/** A cron expression firing at the slot's time (node-cron, in the school's time zone). */
export function cronOf(spec: Slotted): string {
  const [h, m] = spec.time.split(':').map(Number);
  return `${m} ${h} * * ${spec.weekday ? spec.weekday % 7 : '*'}`;
}

/** After this long an unfinished claim is taken to have died with its process. */
export const STALE_CLAIM_MS = 15 * 60_000;

/** Claims the slot for `by`; false when it ran or is running elsewhere. */
export async function claimSlot(ds: DataSource, job: string, slot: string, by: string, now: Date): Promise<boolean> {
  const rows = await ds.query(
    `INSERT INTO scheduled_run (job, slot, "claimedBy", "claimedAt") VALUES ($1, $2, $3, $4)
     ON CONFLICT (job, slot) DO UPDATE SET "claimedBy" = EXCLUDED."claimedBy", "claimedAt" = EXCLUDED."claimedAt"
       WHERE scheduled_run."finishedAt" IS NULL AND scheduled_run."claimedAt" < $5
     RETURNING job`,
    [job, slot, by, now, new Date(now.getTime() - STALE_CLAIM_MS)],
  );
  return rows.length > 0;
}

export async function finishSlot(
  ds: DataSource,
  job: string,
  slot: string,
  outcome: Record<string, unknown>,
): Promise<void> {
  await ds.query(`UPDATE scheduled_run SET "finishedAt" = now(), outcome = $3 WHERE job = $1 AND slot = $2`, [
    job,
    slot,
    JSON.stringify(outcome),
  ]);
}
