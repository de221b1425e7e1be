import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../texts.js';
import { ATTENDANCE_KEYS, type KeyAction } from './keys.js';
import { attTitle, markLabel } from './labels.js';
import type { CellStatus, Store } from './store.js';

/** A tap on a cell (mobile): 1–5, н б у о, clear, the comment; it stays open and follows the cursor down. */
export function Picker(p: { marks: boolean; onAction: (a: KeyAction) => void; onClose: () => void }) {
  return (
    <div class="picker" role="dialog" aria-label={t('grid-title')}>
      {p.marks &&
        (['5', '4', '3', '2', '1'] as const).map((v) => (
          <button type="button" key={v} class="pick" onClick={() => p.onAction({ kind: 'mark', value: v })}>
            {v}
          </button>
        ))}
      {ATTENDANCE_KEYS.map((a) => (
        <button
          type="button"
          key={a.key}
          class="pick att"
          onClick={() => p.onAction({ kind: 'attendance', status: a.status, reason: a.reason })}
        >
          {a.key}
        </button>
      ))}
      <button type="button" class="pick" onClick={() => p.onAction({ kind: 'clear' })}>
        {t('grid-clear')}
      </button>
      {p.marks && (
        <button type="button" class="pick" onClick={() => p.onAction({ kind: 'comment' })}>
          {t('grid-comment-edit')}
        </button>
      )}
      <button type="button" class="pick cancel" onClick={p.onClose}>
        {t('grid-cancel-edit')}
      </button>
    </div>
  );
}

/**
 * A text edited in place (a mark's comment, a lesson's topic or homework):
 * Enter (Ctrl+Enter for homework) saves, Esc or the visible «Отмена» cancels —
 * macOS Telegram closes the whole app on Esc, so the button is the sure way.
 */
export function TextEditor(p: {
  title: string;
  initial: string;
  max: number;
  multiline: boolean;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(p.initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') p.onCancel();
    else if (e.key === 'Enter' && (!p.multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      p.onSave(text);
    }
  };
  return (
    <div class="editor">
      <label>
        <span class="hint">{p.title}</span>
        <textarea
          ref={ref}
          rows={p.multiline ? 3 : 1}
          maxLength={p.max}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKey}
        />
      </label>
      <div class="toolbar">
        <button type="button" class="primary" onClick={() => p.onSave(text)}>
          {t('grid-save')}
        </button>
        <button type="button" class="link" onClick={p.onCancel}>
          {t('grid-cancel-edit')}
        </button>
      </div>
    </div>
  );
}

const valueText = (v: string | null | undefined) => (v ? markLabel(v) : t('grid-empty'));
const attText = (status: string | null, reason: string | null) =>
  attTitle({ status: (status ?? 'present') as 'present', reason }) || t('grid-present');

/** Every conflict waiting for the teacher: their value and ours, «оставить их» / «записать моё». */
export function Conflicts(p: { s: Store; onResolve: (key: string, mine: boolean) => void }) {
  const items = [...p.s.status.entries()].filter(
    (e): e is [string, Extract<CellStatus, { state: 'conflict' }>] => e[1].state === 'conflict',
  );
  if (!items.length) return null;
  const name = (id: number) => {
    const st = p.s.view.students.find((x) => x.id === id);
    return st ? `${st.lastName} ${st.firstName}` : '';
  };
  return (
    <div class="conflicts" role="alert">
      {items.map(([key, c]) => {
        const mine = c.mine.kind === 'mark' ? valueText(c.mine.value) : attText(c.mine.status, c.mine.reason);
        const theirs =
          c.mine.kind === 'mark' ? valueText(c.theirs.value) : attText(c.theirs.value, c.theirs.reason ?? null);
        return (
          <div key={key} class="conflict">
            <span>
              {name(c.mine.studentId)}: {c.message}{' '}
              {t('grid-conflict-text', { who: t('grid-conflict-someone'), theirs, mine })}
            </span>
            <button type="button" class="link" onClick={() => p.onResolve(key, false)}>
              {t('grid-keep-theirs')}
            </button>
            <button type="button" class="primary" onClick={() => p.onResolve(key, true)}>
              {t('grid-write-mine')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
