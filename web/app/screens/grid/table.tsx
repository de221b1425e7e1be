import type { GridLesson, GridStudent } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import { Cell } from './cell.js';
import { averageLabel, dayMonth, entryText, markLabel, PERIOD_VALUES } from './labels.js';
import type { Store } from './store.js';

export interface Cursor {
  row: number;
  col: number;
}

interface TableProps {
  s: Store;
  cursor: Cursor;
  kindId: number | null;
  onPick: (row: number, col: number, touch: boolean) => void;
  onEditText: (lesson: GridLesson, field: 'topic' | 'homework') => void;
  onPeriodMark: (student: GridStudent, value: string) => void;
}

/** «Тема» and «ДЗ» under the dates: a tap on an open lesson's edits it in place. */
function TextRow({ s, field, onEditText }: Pick<TableProps, 's' | 'onEditText'> & { field: 'topic' | 'homework' }) {
  return (
    <tr class="texts">
      <th class="name">{t(field === 'topic' ? 'grid-topic' : 'grid-homework')}</th>
      {s.view.lessons.map((l) => (
        <td
          key={l.id}
          class={l.entry.open ? 'text editable' : 'text'}
          title={[l[field], entryText(l)].filter(Boolean).join('\n')}
          onClick={() => l.entry.open && onEditText(l, field)}
        >
          {l[field] ?? (l.entry.open ? '+' : '')}
        </td>
      ))}
      {s.view.keepsMarks && <td colSpan={2} />}
    </tr>
  );
}

/** The period mark: a choice for the appointed teacher, else the mark set; the suggestion beside it. */
function PeriodCell({
  s,
  student,
  onPeriodMark,
}: { s: Store; student: GridStudent } & Pick<TableProps, 'onPeriodMark'>) {
  const hint = student.suggested ? t('grid-suggested', { mark: student.suggested }) : '';
  if (!s.view.setsPeriodMarks)
    return (
      <td class="period" title={hint}>
        {student.periodMark ? markLabel(student.periodMark) : t('grid-none-set')}
      </td>
    );
  return (
    <td class="period" title={hint}>
      <select
        aria-label={`${t('grid-period-mark')}: ${student.lastName} ${student.firstName}`}
        value={student.periodMark ?? ''}
        onChange={(e) => onPeriodMark(student, e.currentTarget.value)}
      >
        <option value="" disabled>
          {student.suggested ? `(${student.suggested})` : t('grid-none-set')}
        </option>
        {PERIOD_VALUES.map((v) => (
          <option key={v} value={v}>
            {markLabel(v)}
          </option>
        ))}
      </select>
    </td>
  );
}

/** Students × lessons: names and dates stay in view (sticky), the period columns at the end. */
export function GridTable(p: TableProps) {
  const { s } = p;
  const v = s.view;
  return (
    <div class="table-wrap grid-wrap">
      {/* data-grid-ready: drawn with its data and taking keys (the browser benchmark waits for it). */}
      <table class="grid" role="grid" data-grid-ready="">
        <thead>
          <tr>
            <th class="name">{t('grid-student')}</th>
            {v.lessons.map((l, col) => (
              <th
                key={l.id}
                class={[col === p.cursor.col && 'active', !l.entry.open && 'closed'].filter(Boolean).join(' ')}
                title={[t('grid-lesson-head', { date: dayMonth(l.date), slot: l.slot }), l.topic, entryText(l)]
                  .filter(Boolean)
                  .join('\n')}
              >
                {dayMonth(l.date)}
                {l.substituted && <sup>{t('grid-substituted')}</sup>}
                <small>{l.cancelled ? t('grid-cancelled') : (l.topic ?? '')}</small>
              </th>
            ))}
            {v.keepsMarks && <th>{t('grid-average')}</th>}
            {v.keepsMarks && <th>{t('grid-period-mark')}</th>}
          </tr>
          <TextRow s={s} field="topic" onEditText={p.onEditText} />
          {v.keepsMarks && <TextRow s={s} field="homework" onEditText={p.onEditText} />}
        </thead>
        <tbody>
          {v.students.map((st, row) => (
            <tr key={st.id} class={row === p.cursor.row ? 'active' : ''}>
              <th class="name" scope="row">
                {st.lastName} {st.firstName}
              </th>
              {v.lessons.map((l, col) => (
                <Cell
                  key={l.id}
                  s={s}
                  studentId={st.id}
                  lesson={l}
                  kindId={p.kindId}
                  row={row}
                  col={col}
                  active={row === p.cursor.row && col === p.cursor.col}
                  onPick={p.onPick}
                />
              ))}
              {v.keepsMarks && <td class="avg">{averageLabel(st.average)}</td>}
              {v.keepsMarks && <PeriodCell s={s} student={st} onPeriodMark={p.onPeriodMark} />}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
