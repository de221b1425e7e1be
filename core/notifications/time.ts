import { addDays, minutesOf, wallClock, zonedInstant } from '../calendar.js';

/** Quiet hours: when notifications wait (NOTIFY_QUIET_HOURS, a family's own setting). Dates: core/calendar.ts. */

export interface QuietHours {
  from: string;
  to: string;
}

/** 'HH:MM-HH:MM' → the span; 'off' → null. */
export function parseQuietHours(value: string): QuietHours | null {
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(value);
  return m && m[1] !== m[2] ? { from: m[1], to: m[2] } : null;
}

/** When quiet hours that hold `at` end; null when `at` is outside them. */
export function quietHoursEnd(q: QuietHours | null, at: Date, timeZone: string): Date | null {
  if (!q) return null;
  const w = wallClock(timeZone, at);
  const m = minutesOf(w.time);
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  const inside = from < to ? m >= from && m < to : m >= from || m < to;
  if (!inside) return null;
  // Over midnight and already past `from`: the span ends tomorrow morning.
  const endDate = from > to && m >= from ? addDays(w.date, 1) : w.date;
  return zonedInstant(endDate, q.to, timeZone);
}
