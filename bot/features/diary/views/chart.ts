import type { ChartLabels } from '../../../../core/diary/chart.js';
import type { DiaryPeriod } from '../../../../core/diary/marks.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import type { SchoolSettings } from '../../../../core/records.js';
import { formatHundredths, formatShortDate } from '../../../format.js';
import type { Texts } from '../../../i18n.js';

/** The chart's texts: an SVG image (core/diary/chart.ts escapes for it), so plain texts here. */
export function chartLabels(t: Texts, s: DiaryStudent, per: DiaryPeriod, settings: SchoolSettings): ChartLabels {
  const th = settings.thresholds;
  const h = (x: number) => formatHundredths(Math.round(x * 100));
  return {
    title: t.tPlain('diary-chart-title', { student: `${s.firstName} ${s.lastName}`, class: s.className }),
    subtitle: t.tPlain('diary-chart-subtitle', { period: per.name }),
    legend: t.tPlain('diary-chart-legend', { t5: h(th['5']), t4: h(th['4']), t3: h(th['3']) }),
    week: (d) => formatShortDate(d),
    average: (x) => formatHundredths(x, true),
    empty: t.tPlain('diary-chart-empty'),
  };
}

/** The caption under the chart's photo (sent without parse_mode). */
export const chartCaption = (t: Texts, s: DiaryStudent, per: DiaryPeriod) =>
  t.tPlain('diary-chart-caption', { student: `${s.firstName} ${s.lastName}`, class: s.className, period: per.name });
