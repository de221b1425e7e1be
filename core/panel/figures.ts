import { FIGURES, figureCount, type Figure } from '../control/render.js';
import type { ControlReport } from '../control/figures.js';

/**
 * The chat's /control figures as numbers for the Mini App's panel: every
 * count the chat's buttons show (figureCount, the same function) and the
 * totals its text divides by, so the page and the chat never disagree.
 */
export interface PanelFigures {
  counts: Record<Figure, number>;
  totals: {
    pairs: number;
    lessonsHeld: number;
    homeworkExpected: number;
    writtenMarks: number;
    familiesStudents: number;
    familiesConnected: number;
    familiesActive: number;
    correctionsOverdue: number;
  };
}

export function panelFigures(r: ControlReport): PanelFigures {
  const counts = Object.fromEntries(FIGURES.map((f) => [f, figureCount(r, f)])) as Record<Figure, number>;
  return {
    counts,
    totals: {
      pairs: r.marks.pairs,
      lessonsHeld: r.lessonsHeld,
      homeworkExpected: r.homeworkExpected,
      writtenMarks: r.writtenMarks,
      familiesStudents: r.families.students,
      familiesConnected: r.families.connected,
      familiesActive: r.families.active,
      correctionsOverdue: r.corrections.filter((c) => c.overdue).length,
    },
  };
}

/** How many items of a list fall to each class (or teacher): the drill-down's per-row counts. */
export function countBy<T>(items: readonly T[], key: (x: T) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const x of items) out.set(key(x), (out.get(key(x)) ?? 0) + 1);
  return out;
}
