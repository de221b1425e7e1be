import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../core/access/profile.js';
import type { ChartLabels } from '../../core/diary/chart.js';
import type {
  DiaryMark,
  DiaryPeriod,
  MarksOverview,
  MarksYear,
  SubjectMarks,
  YearSummary,
} from '../../core/diary/marks.js';
import type { DiaryStudent } from '../../core/diary/student.js';
import type { SchoolSettings } from '../../db/entities/index.js';
import { cb, type Verb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatDayMonth, formatDay, formatHundredths, formatShortDate } from '../format.js';
import { addChildSwitch, childLine, type Rendered } from './common.js';
import { html, joinHtml, type Html } from '../../core/html.js';

/** A handful of values and work kinds recur hundreds of times in a year: translated once per update. */
const memo = new WeakMap<BotContext, Map<string, string>>();
function cached(ctx: BotContext, key: string, make: () => string): string {
  let m = memo.get(ctx);
  if (!m) memo.set(ctx, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}
/** A mark's value as plain text (the summary table) and as markup (everywhere else). */
const plainValue = (ctx: BotContext, v: string) => cached(ctx, `v:${v}`, () => ctx.tPlain('mark-value', { value: v }));
const value = (ctx: BotContext, v: string): Html => html`${plainValue(ctx, v)}`;
const kind = (ctx: BotContext, m: DiaryMark): Html =>
  html`${cached(ctx, `k:${m.kindCode}:${m.kindName}`, () => ctx.tPlain('mark-kind', { code: m.kindCode, name: m.kindName }))}`;

/** Period buttons, one row per kind (quarters, half-years, the year), the shown one marked. */
export function addPeriodRows(
  ctx: BotContext,
  kb: InlineKeyboard,
  periods: DiaryPeriod[],
  selected: number,
  verb: Verb,
): InlineKeyboard {
  let kindShown: string | null = null;
  for (const p of periods) {
    if (p.kind !== kindShown) kb.row();
    kindShown = p.kind;
    kb.text(p.id === selected ? ctx.tPlain('diary-period-selected', { name: p.name }) : p.name, cb(verb, p.id));
  }
  return kb;
}

function forecastLine(ctx: BotContext, s: SubjectMarks): string | null {
  const f = s.forecast;
  if (!f) return null;
  if (f.mark === 5) return ctx.t('marks-forecast-top');
  if (!f.next) return ctx.t('marks-forecast-only', { mark: f.mark });
  const fives = ctx.tHtml('marks-fives', { n: f.next.fives });
  const need =
    f.next.fours === null
      ? fives
      : ctx.tHtml('marks-or', { a: fives, b: ctx.tHtml('marks-fours', { n: f.next.fours }) });
  return ctx.t('marks-forecast', {
    mark: f.mark,
    target: f.next.target,
    need,
    weight: formatHundredths(f.next.weight),
  });
}

function averageLine(ctx: BotContext, s: SubjectMarks): string {
  if (s.average === null || s.rounded === null) return ctx.t('marks-no-numeric');
  const t = s.trend;
  const trend =
    t === null
      ? ''
      : t > 0
        ? ctx.tHtml('marks-trend-up', { delta: formatHundredths(t, true) })
        : t < 0
          ? ctx.tHtml('marks-trend-down', { delta: formatHundredths(-t, true) })
          : ctx.tHtml('marks-trend-same');
  return ctx.t('marks-average', { average: formatHundredths(s.average, true), rounded: s.rounded, trend });
}

function periodHeader(key: string, ctx: BotContext, p: DiaryPeriod, extra: Record<string, string> = {}): string {
  return ctx.t(key, { ...extra, period: p.name, from: formatDayMonth(p.startsOn), to: formatDayMonth(p.endsOn) });
}

/** /marks: per subject the period's marks with work kinds, comments, the weighted average, trend, forecast and period mark. */
export function renderOverview(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  year: MarksYear,
  o: MarksOverview,
): Rendered {
  const blocks = [
    `${childLine(ctx, s)}\n${periodHeader('marks-title', ctx, o.period)}${o.freshCount ? `\n${ctx.t('marks-fresh', { count: o.freshCount })}` : ''}`,
  ];
  if (!o.subjects.length) blocks.push(ctx.t('marks-empty'));
  for (const sub of o.subjects) {
    const lines = [ctx.t('marks-subject', { subject: sub.subject.name })];
    if (sub.marks.length)
      lines.push(
        joinHtml(
          sub.marks.map((m) => html`${sub.fresh.has(m.id) ? '🆕' : ''}<b>${value(ctx, m.value)}</b> ${kind(ctx, m)}`),
          ' · ',
        ).toString(),
      );
    lines.push(averageLine(ctx, sub));
    const f = forecastLine(ctx, sub);
    if (f) lines.push(f);
    for (const m of sub.marks.filter((x) => x.comment))
      lines.push(
        ctx.t('marks-comment', {
          date: formatShortDate(m.date),
          value: value(ctx, m.value),
          comment: m.comment!,
        }),
      );
    if (sub.periodMark) lines.push(ctx.t('marks-period-mark', { value: value(ctx, sub.periodMark) }));
    blocks.push(lines.join('\n'));
  }
  const kb = new InlineKeyboard();
  o.subjects.forEach((sub, i) => {
    if (i % 2 === 0) kb.row();
    kb.text(sub.subject.shortName || sub.subject.name, cb('dj', sub.subject.id));
  });
  addPeriodRows(ctx, kb, year.periods, o.period.id, 'dm');
  kb.row().text(ctx.t('marks-btn-chart'), cb('dg', o.period.id)).text(ctx.t('marks-btn-summary'), cb('dy', 'year'));
  kb.row().text(ctx.t('marks-btn-rules'), cb('dr', 'rules'));
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'marks', a: o.period.id } };
}

/** A subject page: every mark of the period with its date, work kind, weight, lesson topic and comment. */
export function renderSubject(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  per: DiaryPeriod,
  sub: SubjectMarks,
): Rendered {
  const head = `${childLine(ctx, s)}\n${periodHeader('subject-title', ctx, per, { subject: sub.subject.name })}`;
  const lines: string[] = [];
  for (const m of sub.marks) {
    const vars = {
      date: formatDay(m.date),
      value: value(ctx, m.value),
      kind: m.kindName,
      weight: formatHundredths(m.weight),
    };
    lines.push(ctx.t(sub.fresh.has(m.id) ? 'subject-mark-fresh' : 'subject-mark', vars));
    if (m.topic) lines.push(ctx.t('subject-topic', { topic: m.topic }));
    if (m.comment) lines.push(ctx.t('subject-comment', { comment: m.comment }));
  }
  const summary = [
    sub.marks.length ? ctx.t('subject-count', { count: sub.marks.length }) : ctx.t('subject-none'),
    averageLine(ctx, sub),
  ];
  const f = forecastLine(ctx, sub);
  if (f) summary.push(f);
  if (sub.periodMark) summary.push(ctx.t('marks-period-mark', { value: value(ctx, sub.periodMark) }));
  const blocks = [head];
  // Thirty lines a block: a very long list splits between marks, never inside one.
  for (let i = 0; i < lines.length; i += 30) blocks.push(lines.slice(i, i + 30).join('\n'));
  blocks.push(summary.join('\n'));
  const kb = new InlineKeyboard()
    .text(ctx.t('marks-btn-overview'), cb('dm', per.id))
    .text(ctx.t('marks-btn-chart'), cb('dg', per.id));
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'subject', a: sub.subject.id, p: per.id } };
}

/** Every period mark of the year as a table (monospace, so the columns line up on a phone). */
export function renderSummary(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  y: YearSummary,
  back: DiaryPeriod | null,
): Rendered {
  const blocks = [`${childLine(ctx, s)}\n${ctx.t('summary-title')}`];
  if (!y.rows.length) blocks.push(ctx.t('summary-empty'));
  else {
    const heads = y.periods.map((x) => ctx.tPlain('period-short', { kind: x.kind, number: x.number }));
    const width = Math.min(
      14,
      Math.max(...y.rows.map((r) => (r.subject.shortName || r.subject.name).length), ctx.t('summary-subject').length),
    );
    const cell = (v: string, i: number) => v.padStart(Math.max(3, heads[i].length));
    const cutName = (n: string) => (n.length > width ? `${n.slice(0, width - 1)}…` : n.padEnd(width));
    const rows = [
      `${cutName(ctx.t('summary-subject'))} ${heads.map((h, i) => cell(h, i)).join(' ')}`,
      ...y.rows.map(
        (r) =>
          `${cutName(r.subject.shortName || r.subject.name)} ${r.marks.map((m, i) => cell(m ? plainValue(ctx, m) : '—', i)).join(' ')}`,
      ),
    ];
    blocks.push(html`<pre>${rows.join('\n')}</pre>`.toString());
    blocks.push(ctx.t('summary-legend'));
  }
  const kb = new InlineKeyboard();
  if (back) kb.text(ctx.t('marks-btn-overview'), cb('dm', back.id));
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'summary' } };
}

export interface RulesData {
  settings: SchoolSettings;
  workKinds: { name: string; weight: number }[];
}

/** How the average and the period mark are computed, with this school's weights and thresholds. */
export function rulesText(ctx: BotContext, r: RulesData): string {
  const t = r.settings.thresholds;
  const h = (x: number) => formatHundredths(Math.round(x * 100));
  return ctx.t('diary-rules', {
    weights: joinHtml(
      r.workKinds.map((k) => ctx.tHtml('diary-rules-weight', { kind: k.name, weight: formatHundredths(k.weight) })),
    ),
    t5: h(t['5']),
    t4: h(t['4']),
    t3: h(t['3']),
  });
}

export function renderRules(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  r: RulesData,
  backPeriodId: number | null,
): Rendered {
  const kb = new InlineKeyboard();
  if (backPeriodId) kb.text(ctx.t('marks-btn-overview'), cb('dm', backPeriodId));
  addChildSwitch(ctx, kb, p, s);
  return { text: `${childLine(ctx, s)}\n\n${rulesText(ctx, r)}`, keyboard: kb, state: { v: 'rules' } };
}

export function chartLabels(ctx: BotContext, s: DiaryStudent, per: DiaryPeriod, settings: SchoolSettings): ChartLabels {
  const t = settings.thresholds;
  const h = (x: number) => formatHundredths(Math.round(x * 100));
  return {
    // An SVG image (core/diary/chart.ts escapes for it): plain texts here.
    title: ctx.tPlain('chart-title', { student: `${s.firstName} ${s.lastName}`, class: s.className }),
    subtitle: ctx.tPlain('chart-subtitle', { period: per.name }),
    legend: ctx.tPlain('chart-legend', { t5: h(t['5']), t4: h(t['4']), t3: h(t['3']) }),
    week: (d) => formatShortDate(d),
    average: (x) => formatHundredths(x, true),
    empty: ctx.tPlain('chart-empty'),
  };
}
