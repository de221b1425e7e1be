import type { MiddlewareFn } from 'grammy';
import type { DataSource } from 'typeorm';
import { loadAccessProfile } from '../../core/access/profile.js';
import { recordActivity } from '../../core/control/activity.js';
import type { BotContext } from '../context.js';

/** Reads who is writing on every private update, so a revoked link or a dismissed teacher loses access at once. */
export function loadAccess(ds: DataSource, hashKey: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.access = ctx.from && ctx.chat?.type === 'private' ? await loadAccessProfile(ds, ctx.from.id, hashKey) : null;
    if (ctx.access?.links.length)
      await recordActivity(
        ds,
        ctx.access.links.map((l) => l.id),
      );
    await next();
  };
}
