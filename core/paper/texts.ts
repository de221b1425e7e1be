import { wallClock } from '../calendar.js';

/** Date and number formats of printed paper (its texts: core/texts.ts, `textsOf('paper')`). */

/** '2026-11-23' → «23.11». */
export const shortDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;
/** '2026-11-23' → «23.11.2026». */
export const fullDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
/** An instant on the school's clock: «23.11.2026 14:05». */
export function moment(at: Date, timeZone: string): string {
  const w = wallClock(timeZone, at);
  return `${fullDate(w.date)} ${w.time}`;
}
/** An average in hundredths: 412 → «4,12». */
export const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;
