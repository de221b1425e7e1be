import { useEffect, useRef, useState } from 'preact/hooks';
import type { GridLesson } from '../../../server/routes/grid.js';
import { navigate } from '../../route.js';
import { showMainButton, type Launch } from '../../telegram.js';
import { t } from '../../texts.js';
import { act, saveComment, type Ui } from './actions.js';
import { keyAction } from './keys.js';
import { dayMonth } from './labels.js';
import { Conflicts, Picker, TextEditor } from './panels.js';
import { resolve, undo } from './save.js';
import { markKey, type Store } from './store.js';
import { GridTable, type Cursor } from './table.js';
import { saveLessonText, savePeriodMark } from './text-writes.js';

type Editor =
  | { type: 'comment'; studentId: number; lesson: GridLesson; workKindId: number }
  | { type: 'topic' | 'homework'; lesson: GridLesson };

/** The column the cursor starts in: the latest lesson still open to the teacher, else the last one. */
const startCol = (s: Store) => {
  const open = s.view.lessons.map((l, i) => (l.entry.open ? i : -1)).filter((i) => i >= 0);
  return open.length ? open[open.length - 1] : Math.max(0, s.view.lessons.length - 1);
};

/** Keeps the cell under the cursor in view, also when the iOS keyboard resizes the view. */
function useInView(cursor: Cursor) {
  useEffect(() => {
    const show = () =>
      document
        .querySelector(`[data-cell="${cursor.row}:${cursor.col}"]`)
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    show();
    window.visualViewport?.addEventListener('resize', show);
    return () => window.visualViewport?.removeEventListener('resize', show);
  }, [cursor.row, cursor.col]);
}

/** The grid with its keyboard, picker, editors, conflicts and undo. */
export function GridBody({ s, launch, redraw }: { s: Store; launch: Launch; redraw: () => void }) {
  const [cursor, setCursor] = useState<Cursor>(() => ({ row: 0, col: startCol(s) }));
  const [kindId, setKindId] = useState<number | null>(s.view.workKinds[0]?.id ?? null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [picker, setPicker] = useState(false);
  const [notice, setNotice] = useState('');
  const focus = useRef<HTMLDivElement>(null);
  useInView(cursor);
  useEffect(() => focus.current?.focus(), []);
  useEffect(() => showMainButton(launch, t('grid-done'), () => navigate({})), [launch]);
  const rows = s.view.students.length;
  const cols = s.view.lessons.length;
  const ui: Ui = {
    s,
    cursor,
    kindId,
    redraw,
    notice: setNotice,
    move: (dRow, dCol) =>
      setCursor((c) => ({
        row: Math.min(rows - 1, Math.max(0, c.row + dRow)),
        col: Math.min(cols - 1, Math.max(0, c.col + dCol)),
      })),
    editComment: (studentId, lesson, workKindId) => setEditor({ type: 'comment', studentId, lesson, workKindId }),
    cancel: () => {
      setEditor(null);
      setPicker(false);
      focus.current?.focus();
    },
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // Keys typed in a field (the work kind, a period mark, an editor) are the field's.
    const field = /^(SELECT|INPUT|TEXTAREA|BUTTON)$/.test((e.target as HTMLElement).tagName);
    const a = editor || field ? null : keyAction(e);
    if (!a) return;
    e.preventDefault();
    setNotice('');
    act(ui, a);
  };
  const closeEditor = () => ui.cancel();
  return (
    <div class="grid-body" ref={focus} tabIndex={0} onKeyDown={onKeyDown}>
      <Toolbar
        s={s}
        kindId={kindId}
        onKind={setKindId}
        editing={!!(editor || picker)}
        onCancel={closeEditor}
        inTelegram={launch.inTelegram}
        redraw={redraw}
      />
      {notice && (
        <p class="grid-notice" role="status">
          {notice}
        </p>
      )}
      <Conflicts s={s} onResolve={(key, mine) => resolve(s, key, mine, redraw)} />
      <GridTable
        s={s}
        cursor={cursor}
        kindId={kindId}
        onPick={(row, col, touch) => {
          setCursor({ row, col });
          setNotice('');
          if (touch) setPicker(true);
          focus.current?.focus();
        }}
        onEditText={(lesson, field) => setEditor({ type: field, lesson })}
        onPeriodMark={(student, value) =>
          void savePeriodMark(s, student, value, redraw).then((n) => (setNotice(n), redraw()))
        }
      />
      {editor && <EditorFor s={s} editor={editor} ui={ui} onDone={(n) => (setNotice(n), closeEditor(), redraw())} />}
      {picker && !editor && <Picker marks={s.view.keepsMarks} onAction={(a) => act(ui, a)} onClose={closeEditor} />}
      <p class="hint legend">{t(s.view.keepsMarks ? 'grid-legend' : 'grid-legend-no-marks')}</p>
    </div>
  );
}

/** The work kind digits enter, undo, the visible cancel (Esc closes the app on macOS), «Готово» outside Telegram. */
function Toolbar(p: {
  s: Store;
  kindId: number | null;
  onKind: (id: number) => void;
  editing: boolean;
  onCancel: () => void;
  inTelegram: boolean;
  redraw: () => void;
}) {
  const { s } = p;
  return (
    <div class="toolbar">
      {s.view.keepsMarks && (
        <label>
          <span class="hint">{t('grid-kind')} </span>
          <select value={p.kindId ?? ''} onChange={(e) => p.onKind(Number(e.currentTarget.value))}>
            {s.view.workKinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        class="link"
        title={t('grid-undo-hint')}
        disabled={!s.undo.length}
        onClick={() => undo(s, p.redraw)}
      >
        {t('grid-undo')}
      </button>
      {p.editing && (
        <button type="button" class="link" onClick={p.onCancel}>
          {t('grid-cancel-edit')}
        </button>
      )}
      {!p.inTelegram && (
        <button type="button" class="primary" onClick={() => navigate({})}>
          {t('grid-done')}
        </button>
      )}
    </div>
  );
}

function EditorFor({ s, editor, ui, onDone }: { s: Store; editor: Editor; ui: Ui; onDone: (notice: string) => void }) {
  if (editor.type === 'comment') {
    const m = s.marks.get(markKey(editor.studentId, editor.lesson.id, editor.workKindId));
    return (
      <TextEditor
        title={t('grid-comment')}
        initial={m?.comment ?? ''}
        max={1000}
        multiline={false}
        onSave={(text) => (saveComment(ui, editor.studentId, editor.lesson.id, editor.workKindId, text), onDone(''))}
        onCancel={() => onDone('')}
      />
    );
  }
  const { lesson, type } = editor;
  return (
    <TextEditor
      title={t(type === 'topic' ? 'grid-edit-topic' : 'grid-edit-homework', { date: dayMonth(lesson.date) })}
      initial={lesson[type] ?? ''}
      max={type === 'topic' ? 500 : 4000}
      multiline={type === 'homework'}
      onSave={(text) => void saveLessonText(s, lesson, type, text, ui.redraw).then(onDone)}
      onCancel={() => onDone('')}
    />
  );
}
