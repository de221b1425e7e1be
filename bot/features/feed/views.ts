import type { FeedStatusRow, Freshness } from '../../../core/feed/state.js';
import { formatTime } from '../../format.js';
import type { Texts } from '../../i18n.js';

/** The line a family view shows above its data when the school's feed is down or lags; null when current. */
export function staleNote(t: Texts, f: Freshness, timezone: string, now: Date): string | null {
  if (!f.fed || !f.stale) return null;
  if (!f.asOf) return t.t('feed-stale-never');
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: timezone });
  const time =
    day(f.asOf) === day(now)
      ? f.asOf.toLocaleTimeString('ru-RU', { timeZone: timezone, hour: '2-digit', minute: '2-digit' })
      : formatTime(f.asOf, timezone);
  return t.t('feed-stale', { time });
}

/** /feed: the connection's state, when the data was last current, the lag and the events not accepted. */
export function feedStatusText(t: Texts, row: FeedStatusRow, timezone: string): string {
  return [
    t.t('feed-title'),
    t.t('feed-status', { status: row.stale && row.status === 'live' ? 'down' : row.status }),
    row.syncedAt ? t.t('feed-synced', { time: formatTime(row.syncedAt, timezone) }) : t.t('feed-synced-never'),
    t.t('feed-lag', { events: row.lagEvents }),
    t.t('feed-dead', { count: row.deadLetters }),
  ].join('\n');
}
