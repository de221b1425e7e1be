import { isIsoDate } from '../../../core/calendar.js';

/**
 * «25.11–27.11», «25.11-27.11», «25.11» (a year may follow: 25.11.2026) →
 * dates of the school year around `today` (a day and month without a year
 * is the one within half a year of today); null when unreadable.
 */
export function parseRange(text: string, today: string): { from: string; to: string } | null {
  const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?(?:\s*[-–—]\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?)?$/.exec(
    text.replace(/\s+/g, ' ').trim(),
  );
  if (!m) return null;
  const from = dateOf(m[1], m[2], m[3], today);
  const to = m[4] ? dateOf(m[4], m[5], m[6], today) : from;
  return from && to ? { from, to } : null;
}

function dateOf(d: string, mo: string, y: string | undefined, today: string): string | null {
  const year0 = Number(today.slice(0, 4));
  const mk = (yy: number) => `${yy}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  let iso = mk(y ? Number(y) : year0);
  if (!y) {
    // Date.parse reads 29.02 of a common year as 1 March: it still tells which year is meant.
    const diff = (Date.parse(iso) - Date.parse(today)) / 86_400_000;
    if (diff < -180) iso = mk(year0 + 1);
    else if (diff > 180) iso = mk(year0 - 1);
  }
  return isIsoDate(iso) ? iso : null;
}
