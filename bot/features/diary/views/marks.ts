import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../../core/access/profile.js';
import type { DiaryMark, DiaryPeriod, SubjectMarks, YearSummary, MarksOverview } from '../../../../core/diary/marks.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import { html, joinHtml, type Html } from '../../../../core/html.js';
import { formatDayMonth, formatDay, formatHundredths, formatShortDate } from '../../../format.js';
import type { Texts } from '../../../i18n.js';
import { marksChart, marksPeriod, rulesPage, subjectPage, summaryPage } from '../callbacks.js';
import { addChildSwitch, addPeriodRows, childLine, type Rendered } from './common.js';

/** A handful of values and work kinds recur hundreds of times in a year: translated once per update. */
const memo = new WeakMap<Texts, Map<string, string>>();
function cached(t: Texts, key: string, make: () => string): string {
  let m = memo.get(t);
  if (!m) memo.set(t, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}
/** A mark's value as plain text (the summary table) and as markup (everywhere else). */
const plainValue = (t: Texts, v: string) => cached(t, `v:${v}`, () => t.tPlain('diary-mark-value', { value: v }));
const value = (t: Texts, v: string): Html => html`${plainValue(t, v)}`;
const kind = (t: Texts, m: DiaryMark): Html =>
  html`${cached(t, `k:${m.kindCode}:${m.kindName}`, () => t.tPlain('diary-mark-kind', { code: m.kindCode, name: m.kindName }))}`;

function forecastLine(t: Texts, s: SubjectMarks): string | null {
  const f = s.forecast;
  if (!f) return null;
  if (f.mark === 5) return t.t('diary-marks-forecast-top');
  if (!f.next) return t.t('diary-marks-forecast-only', { mark: f.mark });
  const fives = t.tHtml('diary-marks-fives', { n: f.next.fives });
  const need =
    f.next.fours === null
      ? fives
      : t.tHtml('diary-marks-or', { a: fives, b: t.tHtml('diary-marks-fours', { n: f.next.fours }) });
  return t.t('diary-marks-forecast', {
    mark: f.mark,
    target: f.next.target,
    need,
    weight: formatHundredths(f.next.weight),
  });
}

function averageLine(t: Texts, s: SubjectMarks): string {
  if (s.average === null || s.rounded === null) return t.t('diary-marks-no-numeric');
  const d = s.trend;
  const trend =
    d === null
      ? ''
      : d > 0
        ? t.tHtml('diary-marks-trend-up', { delta: formatHundredths(d, true) })
        : d < 0
          ? t.tHtml('diary-marks-trend-down', { delta: formatHundredths(-d, true) })
          : t.tHtml('diary-marks-trend-same');
  return t.t('diary-marks-average', { average: formatHundredths(s.average, true), rounded: s.rounded, trend });
}

function periodHeader(key: string, t: Texts, p: DiaryPeriod, extra: Record<string, string> = {}): string {
  return t.t(key, { ...extra, period: p.name, from: formatDayMonth(p.startsOn), to: formatDayMonth(p.endsOn) });
}

/** /marks: per subject the period's marks with work kinds, comments, the weighted average, trend, forecast and period mark. */
export function renderOverview(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  periods: DiaryPeriod[],
  o: MarksOverview,
): Rendered {
  const blocks = [
    `${childLine(t, s)}\n${periodHeader('diary-marks-title', t, o.period)}${o.freshCount ? `\n${t.t('diary-marks-fresh', { count: o.freshCount })}` : ''}`,
  ];
  if (!o.subjects.length) blocks.push(t.t('diary-marks-empty'));
  for (const sub of o.subjects) {
    const lines = [t.t('diary-marks-subject', { subject: sub.subject.name })];
    if (sub.marks.length)
      lines.push(
        joinHtml(
          sub.marks.map((m) => html`${sub.fresh.has(m.id) ? '🆕' : ''}<b>${value(t, m.value)}</b> ${kind(t, m)}`),
          ' · ',
        ).toString(),
      );
    lines.push(averageLine(t, sub));
    const f = forecastLine(t, sub);
    if (f) lines.push(f);
    for (const m of sub.marks.filter((x) => x.comment))
      lines.push(
        t.t('diary-marks-comment', {
          date: formatShortDate(m.date),
          value: value(t, m.value),
          comment: m.comment!,
        }),
      );
    if (sub.periodMark) lines.push(t.t('diary-marks-period-mark', { value: value(t, sub.periodMark) }));
    blocks.push(lines.join('\n'));
  }
  const kb = new InlineKeyboard();
  o.subjects.forEach((sub, i) => {
    if (i % 2 === 0) kb.row();
    kb.text(sub.subject.shortName || sub.subject.name, subjectPage.pack({ subjectId: sub.subject.id }));
  });
  addPeriodRows(t, kb, periods, o.period.id, marksPeriod);
  kb.row()
    .text(t.t('diary-marks-btn-chart'), marksChart.pack({ periodId: o.period.id }))
    .text(t.t('diary-marks-btn-summary'), summaryPage.pack({ view: 'year' }));
  kb.row().text(t.t('diary-marks-btn-rules'), rulesPage.pack({ view: 'rules' }));
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'marks', a: o.period.id } };
}

/** A subject page: every mark of the period with its date, work kind, weight, lesson topic and comment. */
export function renderSubject(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  per: DiaryPeriod,
  sub: SubjectMarks,
): Rendered {
  const head = `${childLine(t, s)}\n${periodHeader('diary-subject-title', t, per, { subject: sub.subject.name })}`;
  const lines: string[] = [];
  for (const m of sub.marks) {
    const vars = {
      date: formatDay(m.date),
      value: value(t, m.value),
      kind: m.kindName,
      weight: formatHundredths(m.weight),
    };
    lines.push(t.t(sub.fresh.has(m.id) ? 'diary-subject-mark-fresh' : 'diary-subject-mark', vars));
    if (m.topic) lines.push(t.t('diary-subject-topic', { topic: m.topic }));
    if (m.comment) lines.push(t.t('diary-subject-comment', { comment: m.comment }));
  }
  const summary = [
    sub.marks.length ? t.t('diary-subject-count', { count: sub.marks.length }) : t.t('diary-subject-none'),
    averageLine(t, sub),
  ];
  const f = forecastLine(t, sub);
  if (f) summary.push(f);
  if (sub.periodMark) summary.push(t.t('diary-marks-period-mark', { value: value(t, sub.periodMark) }));
  const blocks = [head];
  // Thirty lines a block: a very long list splits between marks, never inside one.
  for (let i = 0; i < lines.length; i += 30) blocks.push(lines.slice(i, i + 30).join('\n'));
  blocks.push(summary.join('\n'));
  const kb = new InlineKeyboard()
    .text(t.t('diary-marks-btn-overview'), marksPeriod.pack({ periodId: per.id }))
    .text(t.t('diary-marks-btn-chart'), marksChart.pack({ periodId: per.id }));
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'subject', a: sub.subject.id, p: per.id } };
}

/** Every period mark of the year as a table (monospace, so the columns line up on a phone). */
export function renderSummary(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  y: YearSummary,
  back: DiaryPeriod | null,
): Rendered {
  const blocks = [`${childLine(t, s)}\n${t.t('diary-summary-title')}`];
  if (!y.rows.length) blocks.push(t.t('diary-summary-empty'));
  else {
    const heads = y.periods.map((x) => t.tPlain('diary-period-short', { kind: x.kind, number: x.number }));
    const width = Math.min(
      14,
      Math.max(
        ...y.rows.map((r) => (r.subject.shortName || r.subject.name).length),
        t.t('diary-summary-subject').length,
      ),
    );
    const cell = (v: string, i: number) => v.padStart(Math.max(3, heads[i].length));
    const cutName = (n: string) => (n.length > width ? `${n.slice(0, width - 1)}…` : n.padEnd(width));
    const rows = [
      `${cutName(t.t('diary-summary-subject'))} ${heads.map((h, i) => cell(h, i)).join(' ')}`,
      ...y.rows.map(
        (r) =>
          `${cutName(r.subject.shortName || r.subject.name)} ${r.marks.map((m, i) => cell(m ? plainValue(t, m) : '—', i)).join(' ')}`,
      ),
    ];
    blocks.push(html`<pre>${rows.join('\n')}</pre>`.toString());
    blocks.push(t.t('diary-summary-legend'));
  }
  const kb = new InlineKeyboard();
  if (back) kb.text(t.t('diary-marks-btn-overview'), marksPeriod.pack({ periodId: back.id }));
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'summary' } };
}
