/** Dates as 'YYYY-MM-DD' strings (a school day has no time zone) and the school's clock. */
import { addDays } from '../core/calendar.js';

/** The calendar arithmetic lives in core (core/calendar.ts); the seed's and the import's extras are here. */
export { addDays, isIsoDate, mondayOf, weekday, zonedInstant } from '../core/calendar.js';

export function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Today's date on the school's wall clock. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** 'HH:MM' plus minutes. */
export function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const t = h * 60 + m + minutes;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
