import { t } from '../../texts.js';
import { percent, shortDate, type WeekPoint } from './types.js';

const W = 320;
const H = 140;
const PAD = { left: 36, right: 18, top: 10, bottom: 24 };

/**
 * The share of lessons kept on time, week by week: a hand-drawn SVG line
 * (no chart library), 0–100 % with grid lines at 50 and 100, a point per week
 * with lessons (its title says «3 из 6»); weeks without lessons break the line;
 * every other Monday labelled, counting back from this week's.
 */
export function WeeksChart({ points }: { points: WeekPoint[] }) {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length > 1 ? (i * iw) / (points.length - 1) : iw / 2);
  const y = (pct: number) => PAD.top + ih - (pct * ih) / 100;
  const segments: string[] = [];
  let cur = '';
  points.forEach((p, i) => {
    if (!p.held) {
      if (cur) segments.push(cur);
      cur = '';
      return;
    }
    cur += `${cur ? 'L' : 'M'}${x(i).toFixed(1)},${y(percent(p.filled, p.held)).toFixed(1)}`;
  });
  if (cur) segments.push(cur);
  return (
    <figure class="panel-chart">
      <figcaption>{t('panel-chart-title')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('panel-chart-title')}>
        {[0, 50, 100].map((g) => (
          <g key={g}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(g)} y2={y(g)} />
            <text class="axis" x={PAD.left - 4} y={y(g) + 4} text-anchor="end">
              {g}%
            </text>
          </g>
        ))}
        {segments.map((d) => (
          <path key={d} class="line" d={d} />
        ))}
        {points.map((p, i) => (
          <g key={p.monday}>
            {p.held > 0 && (
              <circle class="point" cx={x(i)} cy={y(percent(p.filled, p.held))} r={3.5}>
                <title>
                  {t('panel-chart-point', {
                    monday: shortDate(p.monday),
                    filled: p.filled,
                    held: p.held,
                    pct: percent(p.filled, p.held),
                  })}
                </title>
              </circle>
            )}
            {(points.length - 1 - i) % 2 === 0 && (
              <text class="axis" x={x(i)} y={H - 6} text-anchor="middle">
                {shortDate(p.monday)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <p class="hint">{t('panel-chart-hint')}</p>
    </figure>
  );
}
