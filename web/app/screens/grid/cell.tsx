import type { GridLesson } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import { attLetter, attTitle, entryText, markLabel } from './labels.js';
import { attKey, markKey, shownAttendance, shownMark, type CellStatus, type Store } from './store.js';

const RANK: Record<CellStatus['state'], number> = { saved: 0, saving: 1, refused: 2, conflict: 3 };

/** The most telling status among a cell's parts (its attendance and each work kind's mark). */
function cellStatus(s: Store, studentId: number, lessonId: number): CellStatus | null {
  const keys = [attKey(studentId, lessonId), ...s.view.workKinds.map((k) => markKey(studentId, lessonId, k.id))];
  let worst: CellStatus | null = null;
  for (const k of keys) {
    const st = s.status.get(k);
    if (st && (!worst || RANK[st.state] > RANK[worst.state])) worst = st;
  }
  return worst;
}

const statusText = (st: CellStatus | null) =>
  !st ? '' : st.state === 'saving' ? t('grid-saving') : st.state === 'saved' ? t('grid-saved') : st.message;

/** One student's cell in one lesson: the attendance letter and the marks, the chosen work kind's in bold. */
export function Cell(props: {
  s: Store;
  studentId: number;
  lesson: GridLesson;
  kindId: number | null;
  row: number;
  col: number;
  active: boolean;
  onPick: (row: number, col: number, touch: boolean) => void;
}) {
  const { s, studentId, lesson, kindId, row, col } = props;
  const att = shownAttendance(s, studentId, lesson.id);
  const st = cellStatus(s, studentId, lesson.id);
  const marks = s.view.workKinds
    .map((k) => {
      const v = shownMark(s, studentId, lesson.id, k.id);
      const m = s.marks.get(markKey(studentId, lesson.id, k.id));
      return v === null ? null : { k, v, comment: m?.comment ?? null };
    })
    .filter((x) => x !== null);
  const title = [
    attTitle(att),
    ...marks.map((m) => `${m.k.name}: ${markLabel(m.v)}${m.comment ? ` — ${m.comment}` : ''}`),
    entryText(lesson),
    statusText(st),
  ]
    .filter(Boolean)
    .join('\n');
  const cls = ['cell', props.active && 'active', !lesson.entry.open && 'closed', st && `st-${st.state}`]
    .filter(Boolean)
    .join(' ');
  return (
    <td
      class={cls}
      title={title}
      data-cell={`${row}:${col}`}
      aria-selected={props.active}
      onPointerUp={(e) => props.onPick(row, col, e.pointerType === 'touch' || e.pointerType === 'pen')}
    >
      {att.status !== 'present' && <span class={`att att-${att.status}`}>{attLetter(att)}</span>}
      {marks.map((m) => (
        <span key={m.k.id} class={m.k.id === kindId ? 'mark sel' : 'mark'}>
          {markLabel(m.v)}
          {m.comment && <sup>•</sup>}
        </span>
      ))}
      {st && st.state !== 'saved' && <span class="flag">{st.state === 'saving' ? '…' : '!'}</span>}
    </td>
  );
}
