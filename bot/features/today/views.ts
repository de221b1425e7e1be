import { InlineKeyboard } from 'grammy';
import type { MarkValue } from '../../../core/records.js';
import type { OpenDay } from '../../../core/today/entry-days.js';
import { keepsMarks, type LessonRefusal, type RosterRow, type TodayLesson } from '../../../core/today/index.js';
import { formatDay } from '../../format.js';
import type { Texts } from '../../i18n.js';
import type { EntryView } from '../../../core/feed/entries/views.js';
import { entryLines } from './entries-view.js';
import * as cb from './callbacks.js';

/**
 * The screens of /today, pure: data and texts in, `{ text, keyboard }` out.
 * The marks list is in marks-view.ts.
 */

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

type Status = RosterRow['status'];
export const STATUS_CODE: Record<Status, number> = { present: 0, absent: 1, late: 2 };
export const CODE_STATUS: Status[] = ['present', 'absent', 'late'];
export const NEXT_STATUS: Record<Status, Status> = { present: 'absent', absent: 'late', late: 'present' };

/** Why a lesson cannot be filled in, as the teacher is told. */
export const refusalKey = (refused: LessonRefusal) =>
  refused === 'closed'
    ? 'today-closed'
    : refused === 'future'
      ? 'today-future'
      : refused === 'cancelled'
        ? 'today-cancelled'
        : 'unavailable';

export const lessonTitle = (t: Texts, l: TodayLesson) =>
  t.t('today-lesson-title', { class: l.className, subject: l.subject, subgroup: l.subgroup || 'none' });

/** «Иванова А.» on a button. */
export const shortName = (r: { lastName: string; firstName: string }) => `${r.lastName} ${r.firstName.slice(0, 1)}.`;

/**
 * A day's lessons; on today, one button to each earlier day still open
 * (`others`), on an earlier day one back to today.
 */
export function dayView(
  t: Texts,
  v: { date: string; today: string; lessons: TodayLesson[]; others: OpenDay[] },
): Screen {
  const lines = v.lessons.map((l) =>
    t.t('today-list-line', {
      slot: l.slot,
      time: l.startsAt,
      class: l.className,
      subject: l.subject,
      subgroup: l.subgroup || 'none',
      state: l.cancelled ? 'cancelled' : l.topic ? 'topic' : 'empty',
    }),
  );
  const isToday = v.date === v.today;
  const text = [
    v.lessons.length
      ? `${t.t('today-list-title', { date: formatDay(v.date) })}\n\n${lines.join('\n')}`
      : t.t('today-none', { date: formatDay(v.date) }),
    isToday && v.others.length ? t.t('today-earlier-hint') : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const keyboard = new InlineKeyboard();
  for (const l of v.lessons.filter((x) => !x.cancelled))
    keyboard
      .text(
        t.tPlain('today-list-button', { slot: l.slot, class: l.className, subject: l.subject }),
        cb.lessonCard.pack({ lessonId: l.lessonId }),
      )
      .row();
  if (isToday)
    for (const d of v.others)
      keyboard
        .text(
          t.tPlain('today-earlier-button', { date: formatDay(d.date), count: d.lessons }),
          cb.dayList.pack({ day: d.date }),
        )
        .row();
  else keyboard.text(t.t('today-btn-today'), cb.dayList.pack({ day: 'today' })).row();
  return { text, keyboard };
}

/** A lesson's card: when, topic, homework, attendance; `note` above it says what was just saved. */
export function lessonView(
  t: Texts,
  l: TodayLesson,
  roster: RosterRow[],
  v: { today: string; note?: string; entries?: EntryView[] },
): Screen {
  const absent = roster.filter((r) => r.status === 'absent').length;
  const late = roster.filter((r) => r.status === 'late').length;
  const marks = keepsMarks(l.grade);
  const text = [
    v.note,
    lessonTitle(t, l),
    t.t('today-lesson-when', { date: formatDay(l.date), slot: l.slot, from: l.startsAt, to: l.endsAt }),
    t.t('today-lesson-topic', { topic: l.topic || 'none' }),
    marks ? t.t('today-lesson-homework', { homework: l.homework || 'none' }) : t.t('today-grade-no-marks'),
    t.t('today-lesson-attendance', { students: roster.length, absent, late }),
    ...entryLines(t, v.entries ?? []),
  ]
    .filter(Boolean)
    .join('\n');
  const { lessonId } = l;
  const keyboard = new InlineKeyboard()
    .text(t.t('today-btn-attendance'), cb.attendanceGrid.pack({ lessonId }))
    .text(t.t('today-btn-topic'), cb.askTopic.pack({ lessonId }))
    .row();
  if (marks)
    keyboard
      .text(t.t('today-btn-homework'), cb.askHomework.pack({ lessonId }))
      .text(t.t('today-btn-marks'), cb.marksKinds.pack({ lessonId }))
      .row();
  keyboard.text(t.t('today-btn-back'), cb.dayList.pack({ day: l.date === v.today ? 'today' : l.date }));
  return { text, keyboard };
}

/** The attendance grid of a draft: two students a row, then «Готово» and «Отмена». */
export function gridView(
  t: Texts,
  l: TodayLesson,
  draft: number,
  d: { students: number[]; statuses?: number[] },
  names: Map<number, string>,
): Screen {
  const statuses = d.statuses ?? [];
  const keyboard = new InlineKeyboard();
  d.students.forEach((studentId, place) => {
    keyboard.text(
      t.tPlain(`today-att-${CODE_STATUS[statuses[place]]}`, { name: names.get(studentId) ?? '?' }),
      cb.attendanceToggle.pack({ draft, place }),
    );
    if (place % 2 === 1) keyboard.row();
  });
  keyboard
    .row()
    .text(t.t('today-btn-done'), cb.attendanceDone.pack({ draft }))
    .text(t.t('today-btn-cancel'), cb.lessonCard.pack({ lessonId: l.lessonId }));
  const absent = statuses.filter((s) => s === 1).length;
  const late = statuses.filter((s) => s === 2).length;
  const count = t.t('today-att-count', { students: d.students.length, absent, late });
  return { text: `${lessonTitle(t, l)}\n${t.t('today-att-help')}\n${count}`, keyboard };
}

/** The question for the topic or the homework, with what is there now; «Отмена» goes back to the lesson. */
export function askView(t: Texts, l: TodayLesson, kind: 'topic' | 'homework'): Screen {
  const current = kind === 'topic' ? l.topic : l.homework;
  const text = t.t(kind === 'topic' ? 'today-ask-topic' : 'today-ask-homework', {
    class: l.className,
    subject: l.subject,
    subgroup: l.subgroup || 'none',
    current: current || 'none',
  });
  return { text, keyboard: cancelKeyboard(t, l.lessonId) };
}

export const cancelKeyboard = (t: Texts, lessonId: number) =>
  new InlineKeyboard().text(t.t('today-btn-cancel'), cb.lessonCard.pack({ lessonId }));

/** The work kinds to mark, two a row, by their place in the draft. */
export function kindsView(t: Texts, l: TodayLesson, draft: number, kinds: { name: string }[]): Screen {
  const keyboard = new InlineKeyboard();
  kinds.forEach((k, kind) => {
    keyboard.text(k.name, cb.marksKind.pack({ draft, kind }));
    if (kind % 2 === 1) keyboard.row();
  });
  keyboard.row().text(t.t('today-btn-lesson'), cb.lessonCard.pack({ lessonId: l.lessonId }));
  return { text: `${lessonTitle(t, l)}\n${t.t('today-pick-kind')}`, keyboard };
}

/** Mark buttons in order; `code` is what the `tm` button carries. */
export const MARK_BUTTONS: { code: number; value: MarkValue | null; key: string }[] = [
  { code: 1, value: '1', key: '1' },
  { code: 2, value: '2', key: '2' },
  { code: 3, value: '3', key: '3' },
  { code: 4, value: '4', key: '4' },
  { code: 5, value: '5', key: '5' },
  { code: 6, value: 'notAttested', key: 'today-mark-na' },
  { code: 7, value: 'exempt', key: 'today-mark-exempt' },
  { code: 8, value: null, key: 'today-mark-clear' },
];
