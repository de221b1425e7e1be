/** Dates and times as Russian readers expect them, in the school's time zone. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
export function formatTime(d: Date, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f)
    timeFormats.set(
      timeZone,
      (f = new Intl.DateTimeFormat('ru-RU', {
        timeZone,
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
      })),
    );
  return f.format(d);
}

export function formatDate(d: Date | string, timeZone: string): string {
  const date = typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d;
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

// Formatters are costly to build: made once.
const DAY = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long' });
const DAY_MONTH = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long' });

/** A school day as «вт, 25 ноября». */
export function formatDay(date: string): string {
  return DAY.format(new Date(`${date}T12:00:00Z`));
}

/** A school day in lists: «25.11». */
export function formatShortDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

/** A number kept in hundredths as Russian readers write it: 457 → «4,57», 150 → «1,5», 200 → «2». */
export function formatHundredths(n: number, fixed = false): string {
  const sign = n < 0 ? '−' : '';
  const a = Math.abs(n);
  const whole = Math.floor(a / 100);
  const frac = String(a % 100).padStart(2, '0');
  if (fixed) return `${sign}${whole},${frac}`;
  const trimmed = frac.replace(/0+$/, '');
  return `${sign}${whole}${trimmed ? `,${trimmed}` : ''}`;
}

/** A school day without the weekday: «25 ноября». */
export function formatDayMonth(date: string): string {
  return DAY_MONTH.format(new Date(`${date}T12:00:00Z`));
}
