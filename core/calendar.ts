/** School days as 'YYYY-MM-DD' strings (a school day has no time zone), the school's wall clock, and instants on it: the one calendar of the project. */

const DAY_MS = 24 * 3600 * 1000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekday(date));
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** The date and the 'HH:MM' time on the school's wall clock at an instant. */
const clocks = new Map<string, Intl.DateTimeFormat>();
export function wallClock(timeZone: string, now: Date): { date: string; time: string } {
  let f = clocks.get(timeZone);
  if (!f)
    clocks.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })),
    );
  const parts = f.formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** 'HH:MM:SS' or 'HH:MM' → 'HH:MM'. */
export const hhmm = (t: string) => t.slice(0, 5);

/** Minutes since midnight of an 'HH:MM' time. */
export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The instant when the school's wall clock shows `time` on `date` (DST-safe: corrected twice). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const target = Date.parse(`${date}T${hhmm(time)}:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(timeZone, new Date(guess));
    guess += target - Date.parse(`${w.date}T${w.time}:00Z`);
  }
  return new Date(guess);
}
