import { InlineKeyboard } from 'grammy';
import type { LeftTask } from '../../../core/checklist/index.js';
import { REMINDER_TIMES } from '../../../core/checklist/rules.js';
import { formatDay, formatShortDate } from '../../format.js';
import type { Texts } from '../../i18n.js';
import { reminderMenu, reminderSet, tickDay, tickWeek, weekLeft } from './callbacks.js';

/**
 * The checklist's screens: tick buttons under the student's homework of a day,
 * the week's list of what is left, the reminder's times. Pure.
 */
interface Task {
  id: number;
  subject: string;
  homework: string | null;
  cancelled: boolean;
}

/** ☐/✅ per task of the day (the student's own view only), then the week's list. */
export function addTickButtons(t: Texts, kb: InlineKeyboard, studentId: number, lessons: Task[], done: number[]) {
  for (const l of lessons.filter((x) => x.homework && !x.cancelled).slice(0, 12)) {
    const ticked = done.includes(l.id);
    kb.row().text(
      t.tPlain(ticked ? 'checklist-untick' : 'checklist-tick', { subject: l.subject }),
      tickDay.pack({ studentId, lessonId: l.id, done: ticked ? 'n' : 'y' }),
    );
  }
  kb.row().text(t.tPlain('checklist-week-button'), weekLeft.pack({ studentId }));
  return kb;
}

/** The line under a task that is ticked: the student's own "done", or what a guardian reads. */
export const doneLine = (t: Texts, mode: 'own' | 'parent') =>
  t.t(mode === 'own' ? 'checklist-done-mark' : 'checklist-parent-done-mark');

const WEEK_BUTTONS = 10;

export function weekView(
  t: Texts,
  studentId: number,
  w: { from: string; to: string; tasks: LeftTask[]; reminder: string | null },
): { text: string; keyboard: InlineKeyboard } {
  const lines = [t.t('checklist-week-title', { from: formatDay(w.from), to: formatDay(w.to) })];
  if (!w.tasks.length) lines.push('', t.t('checklist-week-none'));
  let day = '';
  for (const task of w.tasks) {
    if (task.date !== day) lines.push('', t.t('checklist-left-day', { date: formatDay(task.date) }));
    day = task.date;
    lines.push(t.t('checklist-left-line', { subject: task.subject, text: task.homework }));
  }
  const kb = new InlineKeyboard();
  for (const task of w.tasks.slice(0, WEEK_BUTTONS))
    kb.text(
      t.tPlain('checklist-tick', { subject: `${formatShortDate(task.date)} ${task.subject}` }),
      tickWeek.pack({ studentId, lessonId: task.lessonId }),
    ).row();
  if (w.tasks.length > WEEK_BUTTONS)
    lines.push('', t.t('checklist-week-more', { count: w.tasks.length - WEEK_BUTTONS }));
  kb.text(t.tPlain('checklist-reminder-state', { time: w.reminder ?? 'none' }), reminderMenu.pack({ studentId }));
  return { text: lines.join('\n'), keyboard: kb };
}

export function reminderView(t: Texts, studentId: number): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  REMINDER_TIMES.forEach((time, i) => {
    kb.text(
      t.tPlain('checklist-reminder-time', { time }),
      reminderSet.pack({ studentId, hour: Number(time.slice(0, 2)) }),
    );
    if (i % 3 === 2) kb.row();
  });
  kb.text(t.tPlain('checklist-reminder-off'), reminderSet.pack({ studentId, hour: 0 }))
    .row()
    .text(t.tPlain('checklist-back'), weekLeft.pack({ studentId }));
  return { text: t.t('checklist-reminder-pick'), keyboard: kb };
}
