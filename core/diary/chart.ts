import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { ChartSeries } from './marks.js';
import { escapeHtml } from '../html.js';

/** Fonts shipped with the project (DejaVu Sans, Cyrillic included): the chart never depends on the machine's fonts. */
const FONTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts');
const FONT_FILES = [path.join(FONTS_DIR, 'DejaVuSans.ttf'), path.join(FONTS_DIR, 'DejaVuSans-Bold.ttf')];

/** Every word on the picture comes from the caller (the locale files); the chart only draws. */
export interface ChartLabels {
  title: string;
  subtitle: string;
  /** One line under the subtitle explaining the bands (thresholds of «5», «4», «3»). */
  legend: string;
  week(date: string): string;
  /** An average in hundredths as people read it ("4,57"). */
  average(hundredths: number): string;
  /** Shown when no subject has a mark in the period. */
  empty: string;
}

/** Telegram keeps photos at most 1280 px on the long side: the picture is made to that size, so nothing is scaled down. */
export const CHART_WIDTH = 1280;
const PAD = 20;
const HEADER = 160;
const PANEL_H = 210;
/** Two panels a row for a few subjects, up to four for a full timetable: the whole term fits one screen. */
export const chartColumns = (subjects: number) => (subjects <= 4 ? 2 : subjects <= 9 ? 3 : 4);
const panelWidth = (cols: number) => (CHART_WIDTH - (cols + 1) * PAD) / cols;
const COLORS = { 5: '#2e7d32', 4: '#1565c0', 3: '#b26a00', 2: '#c62828' } as const;
const BANDS = { 5: '#e6f4e6', 4: '#e8f0fb', 3: '#fdf3dc', 2: '#fbe6e6' } as const;

/** SVG text and attributes escape like Telegram HTML: one escaper (core/html.ts). */
const esc = escapeHtml;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function chartHeight(subjects: number): number {
  return HEADER + Math.max(1, Math.ceil(subjects / chartColumns(subjects))) * (PANEL_H + PAD) + PAD;
}

/**
 * The term as small multiples: one panel per subject with its running
 * weighted average week by week over coloured bands of the period-mark
 * thresholds, and the current average in the corner. 1280 px wide (as
 * Telegram shows it), large type: legible on a phone without zooming.
 */
export function chartSvg(series: ChartSeries, labels: ChartLabels): string {
  const n = series.subjects.length;
  const height = chartHeight(n);
  const cols = chartColumns(n);
  const W = panelWidth(cols);
  const nameChars = cols === 4 ? 13 : cols === 3 ? 18 : 26;
  const t = series.thresholds;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#f5f6f8"/>`,
    `<text x="${PAD}" y="54" font-size="38" font-weight="bold" fill="#1d2433">${esc(cut(labels.title, 50))}</text>`,
    `<text x="${PAD}" y="98" font-size="27" fill="#3b4457">${esc(cut(labels.subtitle, 70))}</text>`,
    `<text x="${PAD}" y="138" font-size="23" fill="#5b6478">${esc(cut(labels.legend, 90))}</text>`,
  ];
  if (!n) out.push(`<text x="${PAD}" y="${HEADER + 60}" font-size="30" fill="#3b4457">${esc(labels.empty)}</text>`);
  const lo = 200;
  const hi = 500;
  series.subjects.forEach((s, i) => {
    const x0 = PAD + (i % cols) * (W + PAD);
    const y0 = HEADER + Math.floor(i / cols) * (PANEL_H + PAD);
    const px = { l: x0 + (i % cols === 0 ? 62 : 16), r: x0 + W - 16, t: y0 + 62, b: y0 + PANEL_H - 38 };
    const y = (v: number) => px.b - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (px.b - px.t);
    const weeks = series.weeks.length;
    const x = (k: number) => (weeks === 1 ? (px.l + px.r) / 2 : px.l + (k / (weeks - 1)) * (px.r - px.l));
    out.push(`<rect x="${x0}" y="${y0}" width="${W}" height="${PANEL_H}" rx="14" fill="#ffffff" stroke="#d9dde5"/>`);
    const bands: [number, number, keyof typeof BANDS][] = [
      [t[5], hi, 5],
      [t[4], t[5], 4],
      [t[3], t[4], 3],
      [lo, t[3], 2],
    ];
    for (const [from, to, mark] of bands)
      if (to > from)
        out.push(
          `<rect x="${px.l}" y="${y(to)}" width="${px.r - px.l}" height="${y(from) - y(to)}" fill="${BANDS[mark]}"/>`,
        );
    for (const k of [5, 4, 3] as const) {
      out.push(
        `<line x1="${px.l}" x2="${px.r}" y1="${y(t[k])}" y2="${y(t[k])}" stroke="${COLORS[k]}" stroke-width="1.5" stroke-dasharray="6 5" opacity="0.7"/>`,
      );
      // The scale once a row (every text costs the renderer a millisecond).
      if (i % cols === 0)
        out.push(
          `<text x="${px.l - 7}" y="${y(t[k]) + 7}" font-size="18" text-anchor="end" fill="${COLORS[k]}">${esc(labels.average(t[k]))}</text>`,
        );
    }
    out.push(
      `<text x="${x0 + 16}" y="${y0 + 40}" font-size="24" font-weight="bold" fill="#1d2433">${esc(cut(s.subject.shortName || s.subject.name, nameChars))}</text>`,
    );
    if (s.average !== null && s.rounded !== null)
      out.push(
        `<text x="${x0 + W - 16}" y="${y0 + 42}" font-size="28" font-weight="bold" text-anchor="end" fill="${COLORS[s.rounded]}">${esc(labels.average(s.average))}</text>`,
      );
    let path = '';
    s.points.forEach((v, k) => {
      if (v === null) return;
      path += `${path && s.points[k - 1] !== null ? 'L' : 'M'}${x(k).toFixed(1)} ${y(v).toFixed(1)} `;
    });
    if (path)
      out.push(
        `<path d="${path.trim()}" fill="none" stroke="#1d2433" stroke-width="4" stroke-linejoin="round" stroke-linecap="round"/>`,
      );
    s.points.forEach((v, k) => {
      if (v !== null) out.push(`<circle cx="${x(k).toFixed(1)}" cy="${y(v).toFixed(1)}" r="5" fill="#1d2433"/>`);
    });
    // The weeks under the lowest panel of each column only.
    if (i + cols < n) return;
    out.push(
      `<text x="${px.l}" y="${px.b + 28}" font-size="18" fill="#5b6478">${esc(labels.week(series.weeks[0]))}</text>`,
    );
    if (weeks > 1)
      out.push(
        `<text x="${px.r}" y="${px.b + 28}" font-size="18" text-anchor="end" fill="#5b6478">${esc(labels.week(series.weeks[weeks - 1]))}</text>`,
      );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** The chart as a PNG (resvg, prebuilt from npm: no native build, no download). */
export const chartPng = (series: ChartSeries, labels: ChartLabels): Buffer => svgToPng(chartSvg(series, labels));

/** Rasterizes the chart's SVG: the costly part (≈ 140 ms for a full timetable), hence core/diary/chart-cache.ts. */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'original' },
    background: '#f5f6f8',
  });
  return r.render().asPng();
}
