import { InlineKeyboard } from 'grammy';
import { AbsenceReportRefused, attendanceReason, type ReportLesson } from '../../../core/absence-reports/index.js';
import { reasonText } from '../../../core/absence-reports/notify.js';
import { childName, type StudentInfo } from '../../../core/family/common.js';
import type { AbsenceReport, AbsenceReportReason } from '../../../core/records.js';
import { formatDayMonth } from '../../format.js';
import type { Texts } from '../../i18n.js';
import {
  attachLater,
  certificateLater,
  myReports,
  pickChild,
  pickDates,
  pickReason,
  sendOrCancel,
  toggleLesson,
} from './callbacks.js';

/**
 * The screens of absence reports: data and texts in, text and keyboard out.
 * Texts from `t` are Telegram HTML, from `tPlain` plain (sent without parse_mode).
 */
export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

type Child = Pick<StudentInfo, 'firstName' | 'lastName'>;

/** «Про кого сообщение об отсутствии?» with a button per child the account is a guardian of. */
export function pickChildView(t: Texts, kids: readonly (Child & { studentId: number })[]): Screen {
  const keyboard = new InlineKeyboard();
  for (const k of kids) keyboard.text(`${k.firstName} ${k.lastName}`, pickChild.pack({ studentId: k.studentId })).row();
  return { text: t.t('absence-reports-pick-child'), keyboard };
}

/** «Когда … не будет в школе?» (plain): today, tomorrow, several days, certain lessons; the family's list. */
export function datesView(t: Texts, child: Child & { studentId: number }): Screen {
  const keyboard = new InlineKeyboard()
    .text(t.t('absence-reports-dates-today'), pickDates.pack({ choice: 'today' }))
    .text(t.t('absence-reports-dates-tomorrow'), pickDates.pack({ choice: 'tomorrow' }))
    .row()
    .text(t.t('absence-reports-dates-range'), pickDates.pack({ choice: 'range' }))
    .text(t.t('absence-reports-dates-lessons'), pickDates.pack({ choice: 'lessons' }))
    .row()
    .text(t.t('absence-reports-my-reports-button'), myReports.pack({ studentId: child.studentId }));
  return { text: t.tPlain('absence-reports-ask-dates', { child: childName(child) }), keyboard };
}

/** Today's lessons to tick (plain), ✅ on the ticked ones, and the Done button. */
export function lessonsView(
  t: Texts,
  child: Child,
  lessons: readonly ReportLesson[],
  picked: readonly number[],
): Screen {
  const keyboard = new InlineKeyboard();
  for (const l of lessons)
    keyboard
      .text(
        t.tPlain('absence-reports-lesson', {
          mark: picked.includes(l.lessonId) ? 'yes' : 'no',
          slot: l.slot,
          subject: l.subject,
          time: l.startsAt,
        }),
        toggleLesson.pack({ lessonId: l.lessonId }),
      )
      .row();
  keyboard.text(t.t('absence-reports-lessons-done'), pickDates.pack({ choice: 'done' }));
  return { text: t.tPlain('absence-reports-pick-lessons', { child: child.firstName }), keyboard };
}

/** «Причина отсутствия?» with the three reasons. */
export function reasonView(t: Texts): Screen {
  const keyboard = new InlineKeyboard()
    .text(t.t('absence-reports-reason-illness'), pickReason.pack({ reason: 'illness' }))
    .row()
    .text(t.t('absence-reports-reason-family'), pickReason.pack({ reason: 'family' }))
    .row()
    .text(t.t('absence-reports-reason-other'), pickReason.pack({ reason: 'other' }));
  return { text: t.t('absence-reports-ask-reason'), keyboard };
}

/** The question with its answer, once a reason button is pressed: «Причина отсутствия? Болезнь». */
export const reasonChosenText = (t: Texts, reason: Exclude<AbsenceReportReason, 'other'>) =>
  `${t.t('absence-reports-ask-reason')} ${t.t(`absence-reports-reason-${reason}`)}`;

/** «Если есть справка, пришлите её сейчас…» with «Справку пришлю позже». */
export function certificateView(t: Texts): Screen {
  return {
    text: t.t('absence-reports-ask-certificate'),
    keyboard: new InlineKeyboard().text(
      t.t('absence-reports-certificate-later'),
      certificateLater.pack({ choice: 'later' }),
    ),
  };
}

/** The draft to confirm (HTML): the child, the days, the reason, the справка; «Отправить» / «Отмена». */
export function confirmView(
  t: Texts,
  d: {
    child: Child & { className: string };
    when: string;
    reason: AbsenceReportReason;
    reasonText: string | null;
    certificate: boolean;
  },
): Screen {
  return {
    text: t.t('absence-reports-confirm', {
      child: childName(d.child),
      class: d.child.className,
      when: d.when,
      reason: reasonText({ reason: d.reason, reasonText: d.reasonText }),
      certificate: d.certificate ? 'yes' : 'no',
    }),
    keyboard: new InlineKeyboard()
      .text(t.t('absence-reports-send'), sendOrCancel.pack({ answer: 'yes' }))
      .text(t.t('absence-reports-cancel'), sendOrCancel.pack({ answer: 'no' })),
  };
}

/** «✅ Сообщение отправлено…», with «📎 Приложить справку» when it came without one. */
export function sentView(
  t: Texts,
  r: Pick<AbsenceReport, 'id' | 'certificateFileId'>,
): { text: string; keyboard?: InlineKeyboard } {
  return {
    text: t.t('absence-reports-sent'),
    ...(r.certificateFileId
      ? {}
      : {
          keyboard: new InlineKeyboard().text(
            t.t('absence-reports-attach-button'),
            attachLater.pack({ reportId: r.id }),
          ),
        }),
  };
}

/** The account's reports about a child (HTML), with an attach-a-note button for each still without one. */
export function myReportsView(t: Texts, child: Child, rows: readonly (AbsenceReport & { when: string })[]): Screen {
  const keyboard = new InlineKeyboard();
  const lines = rows.map((r) => {
    if (!r.certificateFileId && r.status !== 'rejected')
      keyboard
        .text(`${t.t('absence-reports-attach-button')}: ${r.when}`.slice(0, 60), attachLater.pack({ reportId: r.id }))
        .row();
    return t.t('absence-reports-my-report', {
      status: r.status,
      when: r.when,
      reason: reasonText(r),
      certificate: r.certificateFileId ? 'yes' : 'no',
    });
  });
  const text = rows.length
    ? [t.t('absence-reports-my-reports', { child: childName(child) }), ...lines].join('\n')
    : t.t('absence-reports-my-reports-empty');
  return { text, keyboard };
}

/** What the class teacher is told after «Принять» (plain): the lessons written with the reason. */
export const acceptedText = (
  t: Texts,
  d: { child: Child; when: string; lessons: number; report: Pick<AbsenceReport, 'reason'> },
) =>
  t.tPlain('absence-reports-accepted-done', {
    child: childName(d.child),
    when: d.when,
    count: d.lessons,
    reason: t.tPlain('absence-reports-attendance-reason', { reason: attendanceReason(d.report.reason) }),
  });

/** What the class teacher is told after a rejection with a comment (plain). */
export const rejectedText = (t: Texts, d: { child: Child; when: string }) =>
  t.tPlain('absence-reports-rejected-done', { child: childName(d.child), when: d.when });

/** A refusal of the core (AbsenceReportRefused) in words, plain (a pop-up or a message without parse_mode); anything else is rethrown. */
export function refusalText(t: Texts, e: unknown): string {
  if (!(e instanceof AbsenceReportRefused)) throw e;
  const d = e.details;
  const day = (v: unknown) => (typeof v === 'string' ? formatDayMonth(v) : '');
  return t.tPlain(`absence-reports-error-${e.reason}`, {
    earliest: day(d.earliest),
    termEnd: day(d.termEnd),
    date: day(d.date),
  });
}
