import { isIsoDate } from '../../core/calendar.js';

/**
 * Temporary, kept as it was: /today and corrections still read day arguments
 * this way until they use the codec's `day` field (bot/callback-codec.ts);
 * then this file goes. The diary itself no longer uses it.
 */

/** A school day as a callback argument: '2026-11-25' ↔ 20261125. */
export const dateArg = (date: string) => Number(date.replace(/-/g, ''));
export function argDate(id: number | null): string | null {
  if (id === null || id < 19000101 || id > 29991231) return null;
  const s = String(id);
  const date = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return isIsoDate(date) ? date : null;
}
