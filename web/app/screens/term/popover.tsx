import { useEffect, useRef } from 'preact/hooks';
import type { TermMark } from '../../../server/routes/term.js';
import { t } from '../../texts.js';
import { dayMonth, markClass, markText, weight } from './format.js';

/** A mark in full: value, work kind and weight, date, the lesson's topic, the teacher's comment. */
export function MarkPopover({
  mark,
  subject,
  x,
  y,
  onClose,
}: {
  mark: TermMark;
  subject: string;
  /** Where it points, in % of the chart's box. */
  x: number;
  y: number;
  onClose: () => void;
}) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Focus moves into the popover and back to the point (or mark) it was opened from.
    const opener = document.activeElement as HTMLElement | SVGElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [mark, onClose]);
  return (
    <div
      class={`term-popover${x > 60 ? ' left' : ''}${y > 55 ? ' up' : ''}`}
      style={{ left: `${x}%`, top: `${y}%` }}
      role="dialog"
      aria-label={`${subject}: ${markText(mark.value)}`}
    >
      <div class="term-popover-head">
        <span class={`chip ${markClass(mark.value)}`}>{markText(mark.value)}</span>
        <strong>{dayMonth(mark.date)}</strong>
        <button type="button" class="link close" ref={close} onClick={onClose} aria-label={t('term-popover-close')}>
          ✕
        </button>
      </div>
      <div>{t('term-popover-kind', { kind: mark.kind, weight: weight(mark.weight) })}</div>
      {mark.topic && <div class="hint">{t('term-popover-topic', { topic: mark.topic })}</div>}
      <div class={mark.comment ? '' : 'hint'}>
        {mark.comment ? t('term-popover-comment', { comment: mark.comment }) : t('term-popover-no-comment')}
      </div>
    </div>
  );
}
