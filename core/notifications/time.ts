/** School days as 'YYYY-MM-DD', the school's wall clock, and quiet hours. */

const DAY_MS = 24 * 3600 * 1000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

export const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The date and the 'HH:MM' time on the school's wall clock at an instant. */
export function wallClock(timeZone: string, at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant when the school's wall clock shows `time` on `date` (DST-safe: corrected twice). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const target = Date.parse(`${date}T${time.slice(0, 5)}:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(timeZone, new Date(guess));
    const shown = Date.parse(`${w.date}T${w.time}:00Z`);
    guess += target - shown;
  }
  return new Date(guess);
}

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
