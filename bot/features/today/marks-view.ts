import { InlineKeyboard } from 'grammy';
import type { MarkValue } from '../../../core/records.js';
import type { LessonMark, RosterRow, TodayLesson } from '../../../core/today/index.js';
import type { Texts } from '../../i18n.js';
import * as cb from './callbacks.js';
import { lessonTitle, MARK_BUTTONS, shortName, type Screen } from './views.js';

/** Students a page of the marks list. */
export const MARKS_PAGE = 6;

const valueText = (t: Texts, v: MarkValue) =>
  /^\d$/.test(v)
    ? v
    : t.tPlain(v === 'exempt' ? 'today-mark-exempt' : v === 'notAttested' ? 'today-mark-na' : 'today-mark-other');

/**
 * The marks of one work kind: every student a line; for the page's students
 * their name (a comment) and a row of mark buttons; pages; back to the kinds
 * and to the lesson.
 */
export function marksView(
  t: Texts,
  l: TodayLesson,
  draft: number,
  d: { students: number[]; page?: number },
  data: { roster: RosterRow[]; marks: Map<number, LessonMark>; kind: string | null },
): Screen {
  const pages = Math.max(1, Math.ceil(d.students.length / MARKS_PAGE));
  const page = Math.min(d.page ?? 0, pages - 1);
  const byId = new Map(data.roster.map((r) => [r.studentId, r]));
  const lines = d.students.map((studentId, i) => {
    const r = byId.get(studentId);
    const m = data.marks.get(studentId);
    return t.t('today-marks-line', {
      n: i + 1,
      name: r ? `${r.lastName} ${r.firstName}` : '?',
      mark: m ? valueText(t, m.value) : 'none',
      absent: r?.status === 'absent' ? 'yes' : 'no',
      comment: m?.comment ? m.comment : 'none',
    });
  });
  const keyboard = new InlineKeyboard();
  d.students.slice(page * MARKS_PAGE, page * MARKS_PAGE + MARKS_PAGE).forEach((studentId, j) => {
    const place = page * MARKS_PAGE + j;
    const r = byId.get(studentId);
    const m = data.marks.get(studentId);
    keyboard
      .text(
        t.tPlain('today-marks-student', {
          n: place + 1,
          name: r ? shortName(r) : '?',
          mark: m ? valueText(t, m.value) : 'none',
        }),
        cb.markComment.pack({ draft, place }),
      )
      .row();
    for (const b of MARK_BUTTONS)
      keyboard.text(/^\d$/.test(b.key) ? b.key : t.t(b.key), cb.markSet.pack({ draft, place, mark: b.code }));
    keyboard.row();
  });
  if (pages > 1) {
    if (page > 0) keyboard.text(t.t('today-btn-prev'), cb.marksPage.pack({ draft, page: page - 1 }));
    keyboard.text(t.tPlain('today-page', { page: page + 1, pages }), cb.marksPage.pack({ draft, page }));
    if (page < pages - 1) keyboard.text(t.t('today-btn-next'), cb.marksPage.pack({ draft, page: page + 1 }));
    keyboard.row();
  }
  keyboard
    .text(t.t('today-btn-kinds'), cb.marksKinds.pack({ lessonId: l.lessonId }))
    .text(t.t('today-btn-lesson'), cb.lessonCard.pack({ lessonId: l.lessonId }));
  const head = `${lessonTitle(t, l)}\n${t.t('today-marks-kind', { kind: data.kind ?? '' })}`;
  return { text: `${head}\n\n${lines.join('\n')}\n\n${t.t('today-marks-help')}`, keyboard };
}
