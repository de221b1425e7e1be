import { useCallback } from 'preact/hooks';
import type { TermMark, TermSubject, TermView } from '../../../server/routes/term.js';
import { t } from '../../texts.js';
import { isNumeric, markClass, markText, runningAverage, short } from './format.js';
import { MarkPopover } from './popover.js';

// A phone's width in CSS pixels: the labels stay legible without zooming.
const W = 360;
const H = 220;
const PAD = { l: 24, r: 14, t: 16, b: 26 };
const DAY_MS = 86_400_000;
const time = (date: string) => Date.parse(`${date}T12:00:00Z`);

/** The chart's scales: the period's days across (up to today while it runs), marks 1–5 up. */
function scales(view: TermView) {
  const { startsOn, endsOn } = view.period;
  const last = view.today < endsOn && view.today >= startsOn ? view.today : endsOn;
  const t0 = time(startsOn);
  const span = Math.max(DAY_MS, time(last) - t0);
  return {
    last,
    x: (date: string) => PAD.l + ((time(date) - t0) / span) * (W - PAD.l - PAD.r),
    /** A mark (1–5) or an average in hundredths (100–500). */
    y: (v: number) => {
      const h = v > 5 ? v / 100 : v;
      return PAD.t + ((5 - h) / 4) * (H - PAD.t - PAD.b);
    },
  };
}

/** The threshold bands of the period mark, from «2» at the bottom to «5» at the top. */
function Bands({ view, y }: { view: TermView; y: (v: number) => number }) {
  const th = view.thresholds;
  const bands: [number, number, string][] = [
    [th[5], 500, 'm5'],
    [th[4], th[5], 'm4'],
    [th[3], th[4], 'm3'],
    [100, th[3], 'm2'],
  ];
  return (
    <g aria-hidden="true">
      {bands.map(([from, to, cls]) => (
        <rect key={cls} class={`band ${cls}`} x={PAD.l} width={W - PAD.l - PAD.r} y={y(to)} height={y(from) - y(to)} />
      ))}
      {[1, 2, 3, 4, 5].map((v) => (
        <text key={v} class="axis" x={PAD.l - 8} y={y(v) + 4} text-anchor="end">
          {v}
        </text>
      ))}
    </g>
  );
}

/**
 * One subject's marks over the period as points (tap or Enter: the popover),
 * its running average as a line. The mark shown is the screen's state: a tap
 * in the table opens it here too.
 */
export function SubjectChart({
  view,
  subject,
  pickedId,
  onPick,
}: {
  view: TermView;
  subject: TermSubject;
  pickedId: number | null;
  onPick: (markId: number | null) => void;
}) {
  const close = useCallback(() => onPick(null), [onPick]);
  const { x, y, last } = scales(view);
  const numeric = subject.marks.filter((m) => isNumeric(m.value));
  const line = runningAverage(subject.marks)
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.date).toFixed(1)} ${y(p.value).toFixed(1)}`)
    .join(' ');
  const sameDay = new Map<string, number>();
  const points = numeric.map((m) => {
    const k = sameDay.get(m.date) ?? 0;
    sameDay.set(m.date, k + 1);
    return { m, cx: x(m.date) + k * 7, cy: y(Number(m.value)), r: 5 + Math.min(4, m.weight / 60) };
  });
  const open = (p: { m: TermMark }) => onPick(p.m.id);
  const picked = points.find((p) => p.m.id === pickedId);
  // A mark without a number («зач», «осв») has no point: tapped in the table, it opens at the top.
  const shown = subject.marks.find((m) => m.id === pickedId);
  const at = picked ? { x: (picked.cx / W) * 100, y: (picked.cy / H) * 100 } : { x: 50, y: 6 };
  return (
    <div class="term-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={t('term-chart-label', { subject: subject.name, period: view.period.name })}
      >
        <Bands view={view} y={y} />
        <text class="axis" x={PAD.l} y={H - 6}>
          {short(view.period.startsOn)}
        </text>
        <text class="axis" x={W - PAD.r} y={H - 6} text-anchor="end">
          {short(last)}
        </text>
        {line && <path class="avg-line" d={line} />}
        {points.map((p) => (
          <circle
            key={p.m.id}
            class={`point ${markClass(p.m.value)}${picked === p ? ' picked' : ''}`}
            cx={p.cx}
            cy={p.cy}
            r={p.r}
            tabindex={0}
            role="button"
            aria-label={t('term-point-label', { value: markText(p.m.value), kind: p.m.kind, date: short(p.m.date) })}
            onClick={() => open(p)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                open(p);
              }
            }}
          />
        ))}
      </svg>
      {!numeric.length && <p class="hint">{t('term-chart-no-marks')}</p>}
      {shown && <MarkPopover mark={shown} subject={subject.name} x={at.x} y={at.y} onClose={close} />}
    </div>
  );
}
