import { InlineKeyboard } from 'grammy';
import type { PaperFile } from '../../../core/records.js';
import { shortDate } from '../../../core/paper/texts.js';
import type { Texts } from '../../i18n.js';
import { grid } from '../../ui.js';
import { paperFile, paperFiles, printAll, printUnlinked, sheetOfPeriod, sheetPeriods } from './callbacks.js';

/** The paper's screens (Telegram HTML) . */

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}
type Cls = { classId: number; name: string };
type Span = { from: string; to: string };

/** The paper menu: printouts for the families without access (if any) or everyone, the summary sheet, the files. */
export function menuView(t: Texts, cls: Cls, span: Span, unlinked: number, students: number): Screen {
  const keyboard = new InlineKeyboard();
  if (unlinked)
    keyboard
      .text(t.tPlain('paper-for-unlinked', { count: unlinked }), printUnlinked.pack({ classId: cls.classId }))
      .row();
  keyboard
    .text(t.tPlain('paper-for-all', { count: students }), printAll.pack({ classId: cls.classId }))
    .row()
    .text(t.t('paper-sheet-button'), sheetPeriods.pack({ classId: cls.classId }))
    .text(t.t('paper-files-button'), paperFiles.pack({ classId: cls.classId }));
  const text = t.t('paper-menu', { class: cls.name, from: shortDate(span.from), to: shortDate(span.to), unlinked });
  return { text, keyboard };
}

/** The periods of the class to make a summary sheet for, three to a row. */
export function periodsView(t: Texts, cls: Cls, periods: readonly { id: number; name: string }[]): Screen {
  const keyboard = grid(
    periods.map((x) => ({ text: x.name, data: sheetOfPeriod.pack({ periodId: x.id }) })),
    3,
  );
  return { text: t.t('paper-sheet-pick', { class: cls.name }), keyboard };
}

/** The files made before, newest first, a button each. */
export function filesView(
  t: Texts,
  cls: Cls,
  files: readonly Omit<PaperFile, 'content'>[],
  periodNames: ReadonlyMap<number, string>,
): Screen {
  const buttons = files.map((f) => ({
    text: t.tPlain('paper-file-line', {
      kind: f.kind,
      period: periodNames.get(f.periodId ?? 0) ?? '',
      format: f.format.toUpperCase(),
      from: shortDate(f.fromDate),
      to: shortDate(f.toDate),
      count: f.studentIds.length,
    }),
    data: paperFile.pack({ fileId: f.id }),
  }));
  const text = files.length ? t.t('paper-files-title', { class: cls.name }) : t.t('paper-files-empty');
  return { text, keyboard: grid(buttons, 1) };
}
