import type { MiddlewareFn } from 'grammy';
import type { Services } from '../../core/services/index.js';
import type { BotContext } from '../context.js';

/** Reads who is writing on every private update, so a revoked link or a dismissed teacher loses access at once. */
export function loadAccess(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.access =
      ctx.from && ctx.chat?.type === 'private' ? await services.access.profile(ctx.from.id, ctx.messenger) : null;
    if (ctx.access?.links.length) await services.access.recordActivity(ctx.access.links.map((l) => l.id));
    await next();
  };
}
