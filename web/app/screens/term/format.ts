import type { TermMark } from '../../../server/routes/term.js';
import { t } from '../../texts.js';

/** A number kept in hundredths as Russian readers write it: 413 → «4,13» (as the chat's diary). */
export function hundredths(n: number): string {
  const a = Math.abs(n);
  return `${n < 0 ? '−' : ''}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
}

/** A weight in hundredths: 150 → «1,5», 200 → «2». */
export const weight = (w: number) => hundredths(w).replace(/,?0+$/, '');

const DAY = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long' });
const FULL = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const at = (date: string) => new Date(`${date}T12:00:00Z`);

/** «чт, 26 ноября». */
export const day = (date: string) => DAY.format(at(date));
/** «26 ноября». */
export const dayMonth = (date: string) => FULL.format(at(date));
/** «26.11». */
export const short = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

export function addDays(date: string, n: number): string {
  const d = at(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const isNumeric = (v: string) => /^[1-5]$/.test(v);

/** The mark as the journal writes it: «5», «зач», «осв», «н/а». */
export const markText = (value: string) => t('term-mark-value', { value });

/** The colour class of a mark (or an average rounded to one). */
export const markClass = (value: string | number | null) => {
  const v = Number(value);
  return v >= 5 ? 'm5' : v >= 4 ? 'm4' : v >= 3 ? 'm3' : v >= 1 ? 'm2' : 'mx';
};

export function trendText(trend: number | null): string | null {
  if (trend === null) return null;
  if (trend > 0) return t('term-trend-up', { delta: hundredths(trend) });
  if (trend < 0) return t('term-trend-down', { delta: hundredths(-trend) });
  return t('term-trend-same');
}

export const trendArrow = (trend: number | null) => (trend === null ? '' : trend > 0 ? '↑' : trend < 0 ? '↓' : '→');

/**
 * The running weighted average after each numeric mark, in hundredths, with
 * the server's rounding (core/diary/rules.ts averageHundredths): the line's
 * last point is the average the table shows.
 */
export function runningAverage(marks: TermMark[]): { date: string; value: number }[] {
  let sumW = 0;
  let sumWV = 0;
  const out: { date: string; value: number }[] = [];
  for (const m of marks) {
    if (!isNumeric(m.value)) continue;
    sumW += m.weight;
    sumWV += m.weight * Number(m.value);
    const value = Math.floor((200 * sumWV + sumW) / (2 * sumW));
    if (out.at(-1)?.date === m.date) out[out.length - 1].value = value;
    else out.push({ date: m.date, value });
  }
  return out;
}

export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return t('term-file-size-mb', { mb: (bytes / 1024 / 1024).toFixed(1).replace('.', ',') });
  return t('term-file-size-kb', { kb: Math.max(1, Math.round(bytes / 1024)) });
}
