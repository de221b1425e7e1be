import { t } from '../../texts.js';
import type { Figures } from './types.js';

/** The chat's /control figures as tiles: the count that matters large, the totals under it; red where not zero. */
export function FiguresGrid({ f }: { f: Figures }) {
  const c = f.counts;
  const s = f.totals;
  const tiles: [label: string, main: number, detail: string][] = [
    [t('panel-fig-marks'), c.nomarks, t('panel-fig-marks-value', { none: c.nomarks, pairs: s.pairs, one: c.onemark })],
    [
      t('panel-fig-homework'),
      c.hwmissing,
      t('panel-fig-homework-value', { missing: c.hwmissing, expected: s.homeworkExpected, late: c.hwlate }),
    ],
    [t('panel-fig-topics'), c.notopic, t('panel-fig-topics-value', { count: c.notopic, held: s.lessonsHeld })],
    [t('panel-fig-attendance'), c.attlate, ''],
    [
      t('panel-fig-marks-late'),
      c.markslate,
      t('panel-fig-marks-late-value', { count: c.markslate, written: s.writtenMarks }),
    ],
    [
      t('panel-fig-families'),
      c.famoff,
      t('panel-fig-families-value', {
        connected: s.familiesConnected,
        students: s.familiesStudents,
        active: s.familiesActive,
      }),
    ],
    [t('panel-fig-changed'), c.changed, ''],
    [
      t('panel-fig-reports'),
      c.reports,
      t('panel-fig-reports-value', { open: c.reports, overdue: s.correctionsOverdue }),
    ],
  ];
  return (
    <div class="panel-figures">
      {tiles.map(([label, main, detail]) => (
        <div class="tile" key={label}>
          <span class="hint">{label}</span>
          <strong class={label === t('panel-fig-changed') ? '' : main ? 'bad' : 'good'}>{main}</strong>
          {detail && <span class="hint">{detail}</span>}
        </div>
      ))}
    </div>
  );
}
