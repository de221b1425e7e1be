import type { CellState, GridMark, GridView } from '../../../server/routes/grid.js';

/**
 * The grid as the page holds it: the server's answer, indexed by cell, and
 * each cell's save status. Values here are what the server last said; a
 * cell being saved shows the value it is being saved with (`pending`).
 */
export type Att = { status: 'present' | 'absent' | 'late'; reason: string | null };

/** A change the teacher asked for; an undo is one too (the previous value, saved again). */
export type Write =
  | {
      kind: 'mark';
      studentId: number;
      lessonId: number;
      workKindId: number;
      value: string | null;
      comment?: string | null;
    }
  | { kind: 'attendance'; studentId: number; lessonId: number; status: Att['status']; reason: string | null };

export type CellStatus =
  | { state: 'saving'; pending: Write }
  | { state: 'saved' }
  | { state: 'refused'; message: string }
  | { state: 'conflict'; message: string; theirs: CellState; mine: Write };

export const markKey = (studentId: number, lessonId: number, workKindId: number) =>
  `m:${studentId}:${lessonId}:${workKindId}`;
export const attKey = (studentId: number, lessonId: number) => `a:${studentId}:${lessonId}`;
export const writeKey = (w: Write) =>
  w.kind === 'mark' ? markKey(w.studentId, w.lessonId, w.workKindId) : attKey(w.studentId, w.lessonId);

/** The entries' list read again while one waits for the e-journal (journal-refresh.ts): the next read planned. */
export interface JournalWatch {
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The screen shows another grid now. */
  stopped: boolean;
}

export interface Store {
  view: GridView;
  marks: Map<string, GridMark>;
  attendance: Map<string, Att>;
  status: Map<string, CellStatus>;
  /** Each change saved, newest last, as the write that puts the cell back. */
  undo: Write[];
  /** Per cell, the save in flight: a cell's saves go one after another. */
  chains: Map<string, Promise<void>>;
  journal: JournalWatch;
}

export function makeStore(view: GridView): Store {
  return {
    view,
    marks: new Map(view.marks.map((m) => [markKey(m.studentId, m.lessonId, m.workKindId), m])),
    attendance: new Map(
      view.attendance.map((a) => [attKey(a.studentId, a.lessonId), { status: a.status, reason: a.reason }]),
    ),
    status: new Map(),
    undo: [],
    chains: new Map(),
    journal: { timer: undefined, stopped: false },
  };
}

const PRESENT: Att = { status: 'present', reason: null };

/** A cell's mark of one work kind as shown: the value being saved, else the server's. */
export function shownMark(s: Store, studentId: number, lessonId: number, workKindId: number): string | null {
  const key = markKey(studentId, lessonId, workKindId);
  const st = s.status.get(key);
  if (st?.state === 'saving' && st.pending.kind === 'mark') return st.pending.value;
  return s.marks.get(key)?.value ?? null;
}

export function shownAttendance(s: Store, studentId: number, lessonId: number): Att {
  const key = attKey(studentId, lessonId);
  const st = s.status.get(key);
  if (st?.state === 'saving' && st.pending.kind === 'attendance')
    return { status: st.pending.status, reason: st.pending.reason };
  return s.attendance.get(key) ?? PRESENT;
}

/** The write that would put the cell back as it is now (for undo). */
export function inverseOf(s: Store, w: Write): Write {
  if (w.kind === 'attendance') {
    const a = s.attendance.get(attKey(w.studentId, w.lessonId)) ?? PRESENT;
    return { ...w, status: a.status, reason: a.reason };
  }
  const m = s.marks.get(writeKey(w));
  return { ...w, value: m?.value ?? null, comment: m?.comment ?? null };
}

/** What the page saw in the cell, sent with the write for the server's version check. */
export function seenOf(s: Store, w: Write) {
  if (w.kind === 'attendance') return s.attendance.get(attKey(w.studentId, w.lessonId)) ?? PRESENT;
  const m = s.marks.get(writeKey(w));
  return { id: m?.id ?? null, version: m?.version ?? null };
}

/** The server's state of a cell taken in (after a save, or a conflict's «оставить их»). */
export function takeState(s: Store, w: Write, c: CellState): void {
  const key = writeKey(w);
  if (w.kind === 'attendance') {
    if (c.value === 'present' || c.value === null) s.attendance.delete(key);
    else s.attendance.set(key, { status: c.value as Att['status'], reason: c.reason ?? 'unknown' });
    return;
  }
  if (c.value === null || c.id == null) s.marks.delete(key);
  else
    s.marks.set(key, {
      id: c.id,
      studentId: w.studentId,
      lessonId: w.lessonId,
      workKindId: w.workKindId,
      value: c.value as GridMark['value'],
      comment: c.comment ?? null,
      version: c.version ?? 1,
    });
}
