import type { Clock } from '../../core/clock.js';
import { Composer } from 'grammy';
import type { DataSource } from 'typeorm';
import { feedFreshness, feedStatus, type Freshness } from '../../core/feed/state.js';
import type { BotContext } from '../context.js';
import { formatTime } from '../format.js';

/**
 * The school's journal feed as people see it: the note family views show
 * when the data may be stale, and /feed for the administration (the deputy
 * and the administrator) with the connection's state and lag.
 */

/** The line a family view shows above its data when the school's feed is down or lags; null when current. */
export function staleNote(ctx: BotContext, f: Freshness, timezone: string, now: Date): string | null {
  if (!f.fed || !f.stale) return null;
  if (!f.asOf) return ctx.t('feed-stale-never');
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: timezone });
  const time =
    day(f.asOf) === day(now)
      ? f.asOf.toLocaleTimeString('ru-RU', { timeZone: timezone, hour: '2-digit', minute: '2-digit' })
      : formatTime(f.asOf, timezone);
  return ctx.t('feed-stale', { time });
}

/** The note for a school, read fresh (one primary-key lookup). */
export async function staleNoteFor(
  ctx: BotContext,
  ds: DataSource,
  schoolId: number,
  timezone: string,
  now: Date,
  staleMinutes?: number,
): Promise<string | null> {
  return staleNote(ctx, await feedFreshness(ds, schoolId, { now, staleMinutes }), timezone, now);
}

export function feedFeature(deps: {
  ds: DataSource;
  timezone: string;
  clock: Clock;
  staleMinutes: number;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('feed', async (ctx, next) => {
    const staff = ctx.access?.staff;
    if (!staff || !(staff.roles.includes('admin') || staff.roles.includes('deputy'))) return next();
    const row = (await feedStatus(deps.ds, { staleMinutes: deps.staleMinutes })).find(
      (r) => r.schoolId === staff.schoolId,
    );
    if (!row) return void (await ctx.reply(ctx.t('feed-none')));
    const lines = [
      ctx.t('feed-title'),
      ctx.t('feed-status', { status: row.stale && row.status === 'live' ? 'down' : row.status }),
      row.syncedAt
        ? ctx.t('feed-synced', { time: formatTime(row.syncedAt, deps.timezone) })
        : ctx.t('feed-synced-never'),
      ctx.t('feed-lag', { events: row.lagEvents }),
      ctx.t('feed-dead', { count: row.deadLetters }),
    ];
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });
  return composer;
}
