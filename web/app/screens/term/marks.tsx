import type { TermMark, TermSubject, TermView } from '../../../server/routes/term.js';
import { t } from '../../texts.js';
import { hundredths, markClass, markText, short, trendArrow, trendText } from './format.js';

/**
 * Subjects × dates: the average with its trend arrow and the period mark
 * first (seen without scrolling on a phone), then every date of the period
 * with a mark, the marks coloured by value (a tap opens the mark on the chart).
 */
export function MarksTable({
  view,
  onMark,
}: {
  view: TermView;
  onMark: (subject: TermSubject, mark: TermMark) => void;
}) {
  const dates = [...new Set(view.subjects.flatMap((s) => s.marks.map((m) => m.date)))].sort();
  return (
    <div class="table-wrap">
      <table class="term-table">
        <thead>
          <tr>
            <th class="name">{t('term-subject')}</th>
            <th>{t('term-average')}</th>
            <th>{t('term-period-mark')}</th>
            {dates.map((d) => (
              <th key={d}>{short(d)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.subjects.map((s) => (
            <tr key={s.id}>
              <th class="name" scope="row">
                {s.shortName || s.name}
              </th>
              <td class={`avg ${markClass(s.rounded)}`} title={trendText(s.trend) ?? ''}>
                {s.average === null ? '—' : hundredths(s.average)}
                {s.trend !== null && (
                  <span
                    class={`trend ${s.trend > 0 ? 'up' : s.trend < 0 ? 'down' : ''}`}
                    aria-label={trendText(s.trend)!}
                  >
                    {' '}
                    {trendArrow(s.trend)}
                  </span>
                )}
              </td>
              <td>
                {s.periodMark ? <span class={`chip ${markClass(s.periodMark)}`}>{markText(s.periodMark)}</span> : '—'}
              </td>
              {dates.map((d) => (
                <td key={d}>
                  {s.marks
                    .filter((m) => m.date === d)
                    .map((m) => (
                      <button
                        type="button"
                        key={m.id}
                        class={`chip ${markClass(m.value)}${m.weight > 100 ? ' heavy' : ''}`}
                        title={`${m.kind}${m.comment ? ` — ${m.comment}` : ''}`}
                        onClick={() => onMark(s, m)}
                      >
                        {markText(m.value)}
                      </button>
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
