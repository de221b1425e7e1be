import type { EntityManager } from 'typeorm';
import { wallClock, zonedInstant } from '../calendar.js';

/**
 * MESSAGES_PER_DAY is one budget for everything a family account sends to
 * staff in a school day: messages, consultation requests and correction
 * requests — otherwise 25 consultation requests reach a teacher whose families
 * may write 2 messages a day.
 */
export interface DailyLimit {
  now: Date;
  timezone: string;
  dailyLimit: number;
}

type Q = Pick<EntityManager, 'query'>;

/** What the account sent staff today (the school's day): messages, consultation requests, correction requests. */
export async function contactsToday(q: Q, accountHash: string, opts: { now: Date; timezone: string }): Promise<number> {
  const dayStart = zonedInstant(wallClock(opts.timezone, opts.now).date, '00:00', opts.timezone);
  const [row] = await q.query(
    `SELECT (SELECT count(*) FROM thread_message m JOIN thread t ON t.id = m."threadId"
              WHERE t."accountHash" = $1 AND m.side = 'family' AND m."createdAt" >= $2)
          + (SELECT count(*) FROM consultation WHERE "accountHash" = $1 AND "createdAt" >= $2)
          + (SELECT count(*) FROM correction_request WHERE "accountHash" = $1 AND "createdAt" >= $2) AS n`,
    [accountHash, dayStart],
  );
  return Number(row.n);
}

/**
 * True when the account may send one more today. Call it in the transaction
 * that writes the contact: the lock per account makes two quick sends count
 * one after the other, so both cannot take the last place.
 */
export async function hasDailyPlace(em: EntityManager, accountHash: string, opts: DailyLimit): Promise<boolean> {
  await em.query(`SELECT pg_advisory_xact_lock(7802, hashtext($1))`, [accountHash]);
  return (await contactsToday(em, accountHash, opts)) < opts.dailyLimit;
}
