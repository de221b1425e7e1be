import type { GridLesson } from '../../../server/routes/grid.js';
import type { KeyAction } from './keys.js';
import { entryText } from './labels.js';
import { save, undo } from './save.js';
import { markKey, shownAttendance, shownMark, type Store } from './store.js';
import type { Cursor } from './table.js';

/** What the grid's screen gives the actions: the store, the cursor, the chosen work kind, and how to show things. */
export interface Ui {
  s: Store;
  cursor: Cursor;
  kindId: number | null;
  move: (dRow: number, dCol: number) => void;
  redraw: () => void;
  notice: (text: string) => void;
  editComment: (studentId: number, lesson: GridLesson, workKindId: number) => void;
  cancel: () => void;
}

/** The cell under the cursor, or a notice why it cannot be entered. */
function target(ui: Ui) {
  const lesson = ui.s.view.lessons[ui.cursor.col];
  const student = ui.s.view.students[ui.cursor.row];
  if (!lesson || !student) return null;
  if (!lesson.entry.open) {
    ui.notice(entryText(lesson));
    return null;
  }
  return { lesson, studentId: student.id };
}

/** One key or picker button applied to the cell under the cursor; entries move down to the next student. */
export function act(ui: Ui, a: KeyAction): void {
  if (a.kind === 'move') return ui.move(a.dRow, a.dCol);
  if (a.kind === 'undo') return undo(ui.s, ui.redraw);
  if (a.kind === 'cancel') return ui.cancel();
  const c = target(ui);
  if (!c) return;
  const base = { studentId: c.studentId, lessonId: c.lesson.id };
  const kindId = ui.s.view.keepsMarks ? ui.kindId : null;
  switch (a.kind) {
    case 'mark':
      if (kindId === null) return;
      void save(ui.s, { kind: 'mark', ...base, workKindId: kindId, value: a.value }, ui.redraw);
      return ui.move(1, 0);
    case 'attendance':
      void save(ui.s, { kind: 'attendance', ...base, status: a.status, reason: a.reason }, ui.redraw);
      return ui.move(1, 0);
    case 'clear':
      if (kindId !== null && shownMark(ui.s, c.studentId, c.lesson.id, kindId) !== null)
        void save(ui.s, { kind: 'mark', ...base, workKindId: kindId, value: null }, ui.redraw);
      else if (shownAttendance(ui.s, c.studentId, c.lesson.id).status !== 'present')
        void save(ui.s, { kind: 'attendance', ...base, status: 'present', reason: null }, ui.redraw);
      return;
    case 'comment':
      if (kindId !== null && ui.s.marks.has(markKey(c.studentId, c.lesson.id, kindId)))
        ui.editComment(c.studentId, c.lesson, kindId);
      return;
  }
}

/** A comment saved on the mark under the cursor (its value unchanged). */
export function saveComment(ui: Ui, studentId: number, lessonId: number, workKindId: number, text: string): void {
  const m = ui.s.marks.get(markKey(studentId, lessonId, workKindId));
  if (!m) return;
  void save(
    ui.s,
    { kind: 'mark', studentId, lessonId, workKindId, value: m.value, comment: text.trim() || null },
    ui.redraw,
  );
}
