import type { MarkValue, SchoolSettings } from '../../db/entities/index.js';

/**
 * The arithmetic of the diary, in one place and without a database: which
 * marks count, the weighted average, its rounding to the period mark with the
 * school's thresholds, the trend and the forecast. Weights and thresholds are
 * kept in hundredths (integers), so comparisons are exact: 4,50 with a
 * threshold of 4.5 rounds to «5», never to «4» by a floating-point hair.
 */

export type NumericMark = '1' | '2' | '3' | '4' | '5';
/** «осв», «н/а», «зач», «безотм» carry no number and stay out of every average. */
export const isNumericMark = (v: MarkValue): v is NumericMark =>
  v === '1' || v === '2' || v === '3' || v === '4' || v === '5';

export interface Weighted {
  value: MarkValue;
  weight: number; /** hundredths: 1.5 → 150 */
}

export interface AverageStats {
  /** Sum of weights (hundredths). */
  sumW: number;
  /** Sum of weight × value (hundredths). */
  sumWV: number;
  /** Marks that counted. */
  count: number;
}

export function averageStats(marks: readonly Weighted[]): AverageStats | null {
  let sumW = 0;
  let sumWV = 0;
  let count = 0;
  for (const m of marks) {
    if (!isNumericMark(m.value)) continue;
    sumW += m.weight;
    sumWV += m.weight * Number(m.value);
    count++;
  }
  return count ? { sumW, sumWV, count } : null;
}

/**
 * The average in hundredths, rounded half up as the schools' e-journals do (3, 4, 4 → 3,67). Integer
 * arithmetic (weights are kept in hundredths), so 4,495 is 4,50 and never 4,49 by a floating-point hair.
 */
export const averageHundredths = (s: AverageStats) => Math.floor((200 * s.sumWV + s.sumW) / (2 * s.sumW));

/** The school's thresholds in hundredths. */
export function thresholdsOf(settings: SchoolSettings): Record<3 | 4 | 5, number> {
  const t = settings.thresholds;
  return { 5: Math.round(t['5'] * 100), 4: Math.round(t['4'] * 100), 3: Math.round(t['3'] * 100) };
}

/** The period mark an average rounds to: at or above threshold k → k (k = 5, 4, 3), else 2. */
export function roundToMark(s: AverageStats, thresholds: Record<3 | 4 | 5, number>): 2 | 3 | 4 | 5 {
  // By the average the family sees: a shown 4,50 is «5» where the threshold is 4,5.
  const shown = averageHundredths(s);
  for (const k of [5, 4, 3] as const) if (shown >= thresholds[k]) return k;
  return 2;
}

/** The weight most marks of a subject carry (ties: the lighter, everyday one). */
export function mostCommonWeight(marks: readonly Weighted[]): number | null {
  const n = new Map<number, number>();
  for (const m of marks) if (isNumericMark(m.value)) n.set(m.weight, (n.get(m.weight) ?? 0) + 1);
  let best: number | null = null;
  for (const [w, c] of n) if (best === null || c > n.get(best)! || (c === n.get(best)! && w < best)) best = w;
  return best;
}

/** How many marks `value` of weight `w` lift the average to `threshold` (null: they never can). */
export function marksNeeded(s: AverageStats, value: number, w: number, threshold: number): number | null {
  const gap = threshold * s.sumW - 100 * s.sumWV;
  if (gap <= 0) return 0;
  const perMark = w * (100 * value - threshold);
  if (perMark <= 0) return null;
  return Math.ceil(gap / perMark);
}

export interface Forecast {
  /** The period mark the current average rounds to. */
  mark: 2 | 3 | 4 | 5;
  /** The next mark up and what it takes, with marks of the most common weight (hundredths); null at «5». */
  next: { target: 3 | 4 | 5; weight: number; fives: number; fours: number | null } | null;
}

export function forecast(marks: readonly Weighted[], thresholds: Record<3 | 4 | 5, number>): Forecast | null {
  const s = averageStats(marks);
  const w = mostCommonWeight(marks);
  if (!s || w === null) return null;
  const mark = roundToMark(s, thresholds);
  if (mark === 5) return { mark, next: null };
  const target = (mark + 1) as 3 | 4 | 5;
  const fives = marksNeeded(s, 5, w, thresholds[target]);
  if (fives === null) return { mark, next: null };
  const fours = target === 5 ? null : marksNeeded(s, 4, w, thresholds[target]);
  return { mark, next: { target, weight: w, fives, fours } };
}

/** The average now against a week ago (hundredths); null when there was nothing to compare with. */
export function trend(marks: readonly (Weighted & { date: string })[], weekAgo: string): number | null {
  const now = averageStats(marks);
  const then = averageStats(marks.filter((m) => m.date <= weekAgo));
  if (!now || !then) return null;
  return averageHundredths(now) - averageHundredths(then);
}
