import type { MiddlewareFn } from 'grammy';
import type { TtlStore } from '../../db/stores/key-value.js';
import type { BotContext } from '../context.js';

/**
 * Telegram re-sends a webhook update it thinks failed. Skip an update id seen
 * in the last day; a TTL store, not a high-water mark, since ids can jump.
 */
export function dedupeUpdates(store: TtlStore, ttlSeconds = 24 * 3600): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (await store.addIfAbsent(`update:${ctx.me.id}:${ctx.update.update_id}`, ttlSeconds)) await next();
  };
}
