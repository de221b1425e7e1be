import { api } from '../../api.js';
import type { GridView } from '../../../server/routes/grid.js';
import type { Store } from './store.js';

/**
 * The list of the teacher's entries for the school's e-journal kept current
 * (journal.tsx): read again after each write, so the new entry shows at once,
 * and every JOURNAL_POLL_MS while one still waits for the e-journal's answer,
 * so «принято» or «отклонено: …» appears without reopening the grid. Only in a
 * school whose e-journal is the journal of record (view.sendsToJournal).
 */
export const JOURNAL_POLL_MS = 3000;

const waiting = (v: GridView) => v.journal.some((e) => e.status === 'queued' || e.status === 'sent');

/** The request of the grid the store holds (its class, subject, subgroup and period). */
function viewPath(v: GridView): string {
  const q = new URLSearchParams({ class: String(v.class.id), subject: String(v.subject.id) });
  if (v.subgroup) q.set('subgroup', String(v.subgroup.id));
  if (v.period) q.set('period', String(v.period.id));
  return `grid?${q.toString()}`;
}

/** Plans the next read while an entry waits for its answer (also when the grid opens with such an entry). */
export function watchJournal(s: Store, redraw: () => void): void {
  clearTimeout(s.journal.timer);
  s.journal.timer = undefined;
  if (!s.journal.stopped && s.view.sendsToJournal && waiting(s.view))
    s.journal.timer = setTimeout(() => void refreshJournal(s, redraw), JOURNAL_POLL_MS);
}

/** Reads the entries again now (after a write), then watches while one waits. A failed read is tried again. */
export async function refreshJournal(s: Store, redraw: () => void): Promise<void> {
  if (s.journal.stopped || !s.view.sendsToJournal) return;
  clearTimeout(s.journal.timer);
  try {
    const v = await api<GridView>(viewPath(s.view));
    if (s.journal.stopped) return;
    s.view.journal = v.journal;
    redraw();
  } catch {
    // Offline for a moment: the list stays as it was and the next read is planned as usual.
  }
  watchJournal(s, redraw);
}

export function stopJournal(s: Store): void {
  s.journal.stopped = true;
  clearTimeout(s.journal.timer);
}
