import { createHash } from 'node:crypto';
import { chartSvg, svgToPng, type ChartLabels } from './chart.js';
import type { ChartSeries } from './marks.js';

/** Pictures kept: one per student and period pressed lately (a PNG is 60–150 KB). */
export const CHART_CACHE_ENTRIES = 256;
/** And never more than this many bytes of PNG in all, whatever their size. */
export const CHART_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The term chart's PNG, drawn once per picture (seed 000 §2.2; issue 16's
 * benchmark): rasterizing takes ≈ 140 ms, the SVG text under 1 ms. One slot
 * per student and period holds the last picture with the digest of the SVG
 * it was drawn from; a press draws the SVG (cheap) and reuses the PNG when
 * the digest is the same.
 *
 * Why the SVG's digest as the marks' version rather than max(mark.updatedAt)
 * + count: the picture depends on more than the marks — the week axis grows
 * to today while the period runs, the school may change its thresholds, a
 * child's class or a period's name may be corrected — and the SVG text is a
 * function of exactly all of that. So the cache can never show a stale chart:
 * a changed, added or deleted mark changes a point or an average in the text.
 *
 * Why in memory, bounded (LRU over entries and bytes), rather than a table:
 * the picture is derived data, cheap to redraw once after a restart; a table
 * would add a write of 100 KB per miss and a bytea read per hit for what a
 * process keeps in a Map. Each bot process keeps its own.
 */
export function chartCache(maxEntries = CHART_CACHE_ENTRIES, maxBytes = CHART_CACHE_BYTES) {
  const slots = new Map<string, { digest: string; png: Buffer }>();
  let bytes = 0;
  const drop = (key: string) => {
    bytes -= slots.get(key)?.png.length ?? 0;
    slots.delete(key);
  };
  const stats = { hits: 0, draws: 0 };
  return {
    stats,
    /** The PNG of `series` drawn with `labels` for this student and period: from the cache when nothing changed. */
    png(studentId: number, periodId: number, series: ChartSeries, labels: ChartLabels): Buffer {
      const svg = chartSvg(series, labels);
      const digest = createHash('sha256').update(svg).digest('base64url');
      const key = `${studentId}:${periodId}`;
      const slot = slots.get(key);
      if (slot?.digest === digest) {
        // Most recently used goes last: the Map's order is the eviction order.
        slots.delete(key);
        slots.set(key, slot);
        stats.hits++;
        return slot.png;
      }
      const png = svgToPng(svg);
      stats.draws++;
      drop(key);
      slots.set(key, { digest, png });
      bytes += png.length;
      for (const oldest of slots.keys()) {
        if (slots.size <= maxEntries && bytes <= maxBytes) break;
        if (oldest !== key) drop(oldest);
      }
      return png;
    },
    /** How many pictures are kept, and their bytes. */
    size: () => ({ entries: slots.size, bytes }),
  };
}
export type ChartCache = ReturnType<typeof chartCache>;
