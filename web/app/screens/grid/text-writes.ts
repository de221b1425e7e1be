import { api, ApiError } from '../../api.js';
import type { CellState, GridLesson, GridStudent } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import { refreshJournal } from './journal-refresh.js';
import type { Store } from './store.js';

type Saved = { saved: CellState };

/** The refusal's text; a conflict also takes in what is there now (through `take`). */
function refusal(e: unknown, take: (c: CellState) => void): string {
  if (!(e instanceof ApiError)) return t('webapp-offline');
  const current = (e.body as { current?: CellState } | undefined)?.current;
  if (e.status === 409 && current) take(current);
  return e.message;
}

/**
 * A lesson's topic or homework saved against the text the page saw; returns the notice to show, if any.
 * `redraw` for the entries' list read again (an entry for the school's e-journal, when it is the record).
 */
export async function saveLessonText(
  s: Store,
  lesson: GridLesson,
  field: 'topic' | 'homework',
  text: string,
  redraw: () => void,
): Promise<string> {
  try {
    const r = await api<Saved>('grid/lesson', {
      method: 'PUT',
      body: { lessonId: lesson.id, field, text: text.trim() || null, seen: lesson[field] },
    });
    lesson[field] = r.saved.value;
    void refreshJournal(s, redraw);
    return t('grid-saved');
  } catch (e) {
    return refusal(e, (c) => (lesson[field] = c.value));
  }
}

/** A student's period mark saved against the one the page saw; `redraw` for the entries' list read again. */
export async function savePeriodMark(
  s: Store,
  student: GridStudent,
  value: string,
  redraw: () => void,
): Promise<string> {
  const v = s.view;
  if (!v.period) return '';
  try {
    const r = await api<Saved>('grid/period-mark', {
      method: 'PUT',
      body: {
        classId: v.class.id,
        subjectId: v.subject.id,
        subgroupId: v.subgroup?.id ?? null,
        periodId: v.period.id,
        studentId: student.id,
        value,
        seen: student.periodMark,
      },
    });
    student.periodMark = r.saved.value as GridStudent['periodMark'];
    void refreshJournal(s, redraw);
    return t('grid-saved');
  } catch (e) {
    return refusal(e, (c) => (student.periodMark = c.value as GridStudent['periodMark']));
  }
}
