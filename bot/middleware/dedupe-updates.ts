import { randomUUID } from 'node:crypto';
import type { MiddlewareFn } from 'grammy';
import type { Logger } from '../../core/logger.js';
import type { UpdateLedger } from '../../db/stores/update-ledger.js';
import type { BotContext } from '../context.js';
import { leftUntold } from './error-boundary.js';

/** Another replica holds this update's lease: the webhook answers 503 so Telegram sends it again later (bot/webhook.ts). */
export class UpdateInProgressElsewhere extends Error {
  constructor(readonly updateId: number) {
    super(`update ${updateId} is being handled by another replica`);
  }
}

/** A handler failed and the user could not be told (Telegram unreachable): the webhook answers 500 so Telegram re-sends it. */
export class UpdateNotAnswered extends Error {
  constructor(readonly updateId: number) {
    super(`update ${updateId} failed before anything was answered`);
  }
}

export interface DedupeOptions {
  /**
   * How long a replica holds an update while handling it. Longer than the webhook's own answer time
   * (grammY answers 200 after 10 s at the latest), so a copy Telegram re-sends is never taken from a live
   * handler; short, so the copy of an update whose replica died is handled within a minute.
   */
  leaseMs: number;
  /** How long a handled update is remembered (Telegram re-sends for at most a day). */
  doneTtlSeconds: number;
}

export const DEDUPE_DEFAULTS: DedupeOptions = { leaseMs: 30_000, doneTtlSeconds: 24 * 3600 };

/**
 * At-least-once webhook updates across replicas. An update is claimed with a
 * short lease, handled, then marked done: a copy of a handled update is skipped,
 * a copy re-sent while another replica holds the lease is answered 503 (Telegram
 * tries again later), and a copy re-sent after the lease ran out — its replica
 * died mid-update — is handled. A handler's failure the error boundary told the
 * user about counts as handled (a repeat could double what it wrote before
 * failing, and the user knows to try again); one nobody was told about, or one
 * outside the boundary, gives the lease back and fails the request, so Telegram
 * re-sends it. Handlers that write keep a repeat harmless (bot/update-source.ts).
 */
export function dedupeUpdates(
  ledger: UpdateLedger,
  logger: Logger,
  opts: DedupeOptions = DEDUPE_DEFAULTS,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    // Telegram's keys as before MAX; MAX's updates (ids derived by max/inbound) keyed apart.
    const key = `${ctx.messenger === 'max' ? 'max:' : ''}update:${ctx.me.id}:${updateId}`;
    const holder = randomUUID();
    const claim = await ledger.claim(key, holder, opts.leaseMs);
    if (claim === 'done') return;
    if (claim === 'busy') throw new UpdateInProgressElsewhere(updateId);
    try {
      await next();
      if (leftUntold.has(ctx)) throw new UpdateNotAnswered(updateId);
    } catch (e) {
      await ledger.release(key, holder).catch((err: unknown) => {
        logger.warn({ updateId, err: String(err) }, 'could not release an update lease; it runs out by itself');
      });
      throw e;
    }
    // Not marked (the store is down): the lease runs out, and only a copy Telegram re-sends is handled again.
    await ledger.markDone(key, opts.doneTtlSeconds).catch((err: unknown) => {
      logger.warn({ updateId, err: String(err) }, 'could not mark an update handled');
    });
  };
}
