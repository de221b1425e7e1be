import type { GridLesson } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import type { Att } from './store.js';

/** «23.11» for a lesson's column. */
export const dayMonth = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

/** A mark as the journal writes it: 1–5, «осв», «н/а», «зач», «безотм». */
export const markLabel = (v: string) => (/^[1-5]$/.test(v) ? v : t(`grid-mark-${v}`));

/** An average in hundredths as the diary writes it: 4,25. */
export const averageLabel = (a: number | null) => (a === null ? '' : (a / 100).toFixed(2).replace('.', ','));

/** The letter of an attendance in a cell (н, б, у, о), empty when present. */
export function attLetter(a: Att): string {
  if (a.status === 'late') return t('grid-att-late');
  if (a.status === 'present') return '';
  return a.reason === 'illness'
    ? t('grid-att-illness')
    : a.reason === 'excused'
      ? t('grid-att-excused')
      : t('grid-att-absent');
}

export function attTitle(a: Att): string {
  if (a.status === 'present') return '';
  if (a.status === 'late') return t('grid-att-late-title');
  const reason = a.reason === 'illness' || a.reason === 'excused' || a.reason === 'unexcused' ? a.reason : 'absent';
  return t(reason === 'absent' ? 'grid-att-absent-title' : `grid-att-${reason}-title`);
}

/** Why a lesson's cells are closed to this teacher, as the cell's title says. */
export const entryText = (l: GridLesson) => (l.entry.open ? '' : t(`grid-refused-${l.entry.reason}`));

export const PERIOD_VALUES = ['5', '4', '3', '2', 'notAttested', 'exempt', 'pass'];
