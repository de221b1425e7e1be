import { api, ApiError } from '../../api.js';
import type { CellState } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import { refreshJournal } from './journal-refresh.js';
import { inverseOf, seenOf, takeState, writeKey, type Store, type Write } from './store.js';

type Saved = { saved: CellState; summary?: { average: number | null; suggested: 2 | 3 | 4 | 5 | null } };

/** The request of a write, with what the page saw in the cell. */
function send(s: Store, w: Write): Promise<Saved> {
  if (w.kind === 'attendance')
    return api<Saved>('grid/attendance', {
      method: 'PUT',
      body: {
        lessonId: w.lessonId,
        studentId: w.studentId,
        status: w.status,
        ...(w.reason && w.status !== 'present' ? { reason: w.reason } : {}),
        seen: seenOf(s, w),
      },
    });
  return api<Saved>('grid/mark', {
    method: 'PUT',
    body: {
      lessonId: w.lessonId,
      studentId: w.studentId,
      workKindId: w.workKindId,
      value: w.value,
      ...(w.comment !== undefined ? { comment: w.comment } : {}),
      seen: seenOf(s, w),
      from: s.view.from,
      to: s.view.to,
    },
  });
}

/**
 * Saves one change at once, after any save of the same cell still in flight:
 * the cell shows «saving», then «saved», or the refusal with the server's
 * reason, or — when someone (another teacher, the journal feed) changed it
 * meanwhile — the conflict with their value. `redraw` is called at each step.
 */
export function save(
  s: Store,
  w: Write,
  redraw: () => void,
  o: { undoable: boolean } = { undoable: true },
): Promise<void> {
  const key = writeKey(w);
  const run = async () => {
    const back = inverseOf(s, w);
    s.status.set(key, { state: 'saving', pending: w });
    redraw();
    try {
      const r = await send(s, w);
      takeState(s, w, r.saved);
      if (r.summary) {
        const st = s.view.students.find((x) => x.id === w.studentId);
        if (st) Object.assign(st, r.summary);
      }
      s.status.set(key, { state: 'saved' });
      if (o.undoable) s.undo.push(back);
      void refreshJournal(s, redraw);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const theirs = (e.body as { current?: CellState } | undefined)?.current ?? { value: null };
        takeState(s, w, theirs);
        s.status.set(key, { state: 'conflict', message: e.message, theirs, mine: w });
      } else s.status.set(key, { state: 'refused', message: e instanceof ApiError ? e.message : t('webapp-offline') });
    }
    redraw();
  };
  const next = (s.chains.get(key) ?? Promise.resolve()).then(run);
  s.chains.set(key, next);
  return next;
}

/** Ctrl+Z or the undo button: the last saved change is reverted by saving the previous value. */
export function undo(s: Store, redraw: () => void): void {
  const w = s.undo.pop();
  if (w) void save(s, w, redraw, { undoable: false });
  redraw();
}

/** A conflict resolved: «оставить их» keeps the value now there, «записать моё» saves ours over it. */
export function resolve(s: Store, key: string, mine: boolean, redraw: () => void): void {
  const st = s.status.get(key);
  if (st?.state !== 'conflict') return;
  s.status.delete(key);
  if (mine) void save(s, st.mine, redraw);
  else redraw();
}
