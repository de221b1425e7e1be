import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import {
  markCancelled,
  markChatBlocked,
  markFailed,
  reschedule,
  type ClaimedDelivery,
} from '../../core/notifications/delivery-queue.js';
import type { SendPacer } from '../../db/stores/send-pacer.js';
import { sleep } from './signal.js';
import { chatMigrated } from '../../core/class-group/lifecycle.js';
import type { SendOutcome } from './telegram.js';
import { sentWriterFor } from './sent-writer.js';

/**
 * What the worker writes after a send: sent, later (429 pauses every send,
 * network trouble backs off), failed, or the chat blocked.
 */
/** Exponential backoff with jitter: about 1 s, 2 s, 4 s… up to 5 minutes, each between 50 % and 100 %. */
export function backoffMs(attempt: number): number {
  const full = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + Math.random() * 0.5));
}

/** DB writes after a send are retried a few times: the message is out, its row must say so. */
async function withRetries(fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await fn();
      return;
    } catch (e) {
      if (i >= 4) throw e;
      await sleep(200 * 2 ** i);
    }
  }
}

export interface OutcomeDeps {
  ds: DataSource;
  pacer: SendPacer;
  clock: Clock;
  log: Logger;
  maxAttempts: number;
}

export async function recordOutcome(
  { ds, pacer, clock, log, maxAttempts }: OutcomeDeps,
  d: ClaimedDelivery,
  outcome: SendOutcome,
): Promise<void> {
  const chat = d.chatId;
  const now = () => clock.now().getTime();
  const messenger = d.messenger === 'max' ? 'MAX' : 'Telegram';
  switch (outcome.kind) {
    case 'sent':
      await withRetries(() => sentWriterFor(ds).submit({ id: d.id, messageId: outcome.messageId }));
      break;
    case 'retryAfter': {
      const ms = outcome.seconds * 1000;
      // A 429 holds the messenger that answered it: MAX's pause is MAX's lane's, Telegram's Telegram's.
      await pacer.pause(ms, d.messenger === 'max' ? 'max' : 'free');
      log.warn(
        { delivery: d.id, retryAfter: outcome.seconds, messenger: d.messenger },
        `${messenger} asked to slow down (429): its sends paused`,
      );
      await withRetries(() => reschedule(ds, d.id, new Date(now() + ms), outcome.reason, false));
      break;
    }
    case 'blocked':
      await withRetries(() => markChatBlocked(ds, d.id, chat, outcome.reason, clock.now(), d.messenger));
      log.info(
        { delivery: d.id, reason: outcome.reason, messenger: d.messenger },
        'chat unreachable: its links marked inactive',
      );
      break;
    case 'migrated':
      // The class group moved to a supergroup: the link, this message and the waiting ones follow it.
      if (await chatMigrated(ds, chat, outcome.toChatId, d.id)) {
        await withRetries(() => reschedule(ds, d.id, clock.now(), outcome.reason, false));
        log.info({ delivery: d.id }, 'group moved to a supergroup: following it');
      } else await withRetries(() => markFailed(ds, d.id, outcome.reason));
      break;
    case 'permanent':
      await withRetries(() => markFailed(ds, d.id, outcome.reason));
      log.error({ delivery: d.id, reason: outcome.reason }, `delivery refused by ${messenger}`);
      break;
    case 'transient': {
      const attempts = d.attempts + 1;
      if (attempts >= maxAttempts) {
        await withRetries(() => markFailed(ds, d.id, `${outcome.reason} (after ${attempts} attempts)`));
        log.error({ delivery: d.id, attempts, reason: outcome.reason }, 'delivery failed: retry budget spent');
      } else await withRetries(() => reschedule(ds, d.id, new Date(now() + backoffMs(attempts)), outcome.reason, true));
      break;
    }
  }
}

/** Claimed rows whose link ended (cancelled) or whose chat refused us (blocked) before they went. */
export async function settleGone(ds: DataSource, rows: ClaimedDelivery[], now: Date): Promise<void> {
  const gone = rows.filter((r) => !r.linkOk);
  if (!gone.length) return;
  await markCancelled(
    ds,
    gone.filter((r) => !r.inactiveReason).map((r) => r.id),
    'link ended',
  );
  for (const r of gone.filter((x) => x.inactiveReason))
    await markChatBlocked(ds, r.id, r.chatId, r.inactiveReason!, now, r.messenger);
}
