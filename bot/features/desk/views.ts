import { InlineKeyboard } from 'grammy';
import { wallClock } from '../../../core/calendar.js';
import { REVIEW_REASONS, type RosterRow, type ViewsRow, type WeekAbsence } from '../../../core/desk/index.js';
import type { DeskService } from '../../../core/desk/service.js';
import { joinHtml } from '../../../core/html.js';
import { formatDayMonth, formatShortDate } from '../../format.js';
import type { Texts } from '../../i18n.js';
import {
  announceToClass,
  askReason,
  deskAbsences,
  deskCodes,
  deskFamilies,
  deskHome,
  deskMessages,
  deskViews,
  issueMissing,
  openReport,
  reissueStudent,
  revokeStudent,
  setReason,
} from './callbacks.js';

/** The desk's screens (Telegram HTML unless said otherwise): data and texts in, text and keyboard out. */

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}
type Cls = { classId: number; name: string };
type Summary = Awaited<ReturnType<DeskService['summary']>>;
type Absences = Awaited<ReturnType<DeskService['absences']>>;

/** Telegram shows a button's first 64 characters; names are cut before. */
const label = (s: string) => s.slice(0, 60);
const backButton = (t: Texts, classId: number) => [t.t('desk-back'), deskHome.pack({ classId })] as const;
export const backKeyboard = (t: Texts, classId: number) => new InlineKeyboard().text(...backButton(t, classId));

/** The desk's first screen: the class at a glance and its sections. */
export function summaryView(t: Texts, c: Cls, s: Summary, mayAnnounce: boolean): Screen {
  const text = [
    t.t('desk-title', { class: c.name }),
    t.t('desk-connected', { connected: s.connected, students: s.students, missing: s.students - s.connected }),
    t.t('desk-pending', { pending: s.pending, nocert: s.noCertificate }),
    t.t('desk-reasons', { unknown: s.unknown }),
    t.t('desk-views', { active: s.looking, students: s.viewed }),
    t.t('desk-unread', { unread: s.unread }),
  ].join('\n');
  const { classId } = c;
  const keyboard = new InlineKeyboard()
    .text(t.t('desk-codes-button'), deskCodes.pack({ classId }))
    .text(t.t('desk-families-button'), deskFamilies.pack({ classId }))
    .row()
    .text(t.t('desk-absences-button'), deskAbsences.pack({ classId }))
    .text(t.t('desk-views-button'), deskViews.pack({ classId }))
    .row()
    .text(t.t('desk-messages-button'), deskMessages.pack({ classId }));
  if (mayAnnounce) keyboard.text(t.t('desk-announce-button'), announceToClass(classId));
  return { text, keyboard };
}

/** The class's invitation codes: how many are connected, how many lack access and hold a code. */
export function codesView(t: Texts, c: Cls, roster: readonly RosterRow[]): Screen {
  const people = roster.flatMap((r) => r.people);
  const missing = people.filter((x) => !x.linked);
  const keyboard = new InlineKeyboard()
    .text(t.t('desk-issue-missing'), issueMissing.pack({ classId: c.classId }))
    .row()
    .text(t.t('desk-families-button'), deskFamilies.pack({ classId: c.classId }))
    .row()
    .text(...backButton(t, c.classId));
  const text = t.t('desk-codes-title', {
    class: c.name,
    linked: people.length - missing.length,
    people: people.length,
    missing: missing.length,
    open: missing.filter((x) => x.openCodes > 0).length,
  });
  return { text, keyboard };
}

/** Who is connected, family by family, with reissue and revoke buttons where someone lacks access. */
export function familiesView(t: Texts, c: Cls, roster: readonly RosterRow[]): Screen {
  const keyboard = new InlineKeyboard();
  const lines = roster.map((r) => {
    const people = joinHtml(
      r.people.map((x) =>
        t.tHtml('desk-person', { linked: x.linked ? 'yes' : 'no', open: x.openCodes, role: x.role, person: x.name }),
      ),
      ', ',
    );
    const studentId = r.studentId;
    if (r.people.some((x) => !x.linked))
      keyboard.text(label(t.tPlain('desk-reissue', { name: r.name })), reissueStudent.pack({ studentId })).row();
    if (r.people.some((x) => !x.linked && x.openCodes > 0))
      keyboard.text(label(t.tPlain('desk-revoke', { name: r.name })), revokeStudent.pack({ studentId })).row();
    return t.t('desk-family-line', { name: r.name, people });
  });
  keyboard.text(...backButton(t, c.classId));
  const text = [t.t('desk-families-title', { class: c.name }), ...lines, '', t.t('desk-legend')].join('\n');
  return { text, keyboard };
}

/** How often each family looked at the diary in the last 30 days. */
export function viewsText(t: Texts, c: Cls, rows: readonly ViewsRow[], timezone: string): string {
  const lines = rows.map((r) =>
    t.t('desk-views-line', {
      name: r.name,
      connected: r.connected,
      visits: r.visits30,
      last: r.lastAt
        ? t.tHtml('desk-views-last', { date: formatDayMonth(wallClock(timezone, new Date(r.lastAt)).date) })
        : t.tHtml('desk-views-never'),
    }),
  );
  return [t.t('desk-views-title', { class: c.name }), ...lines].join('\n');
}

const weekLine = (t: Texts, w: WeekAbsence) =>
  t.t('desk-week-line', {
    name: w.name,
    lessons: w.lessons,
    unknown: w.unknown.length,
    list: w.unknown.map((u) => `${formatShortDate(u.date)} ${u.slot} ${u.subject}`).join('; '),
  });

/** Absence reports (pending ones open their card) and this week's absences (a reason button where one lacks it). */
export function absencesView(t: Texts, c: Cls, a: Absences): Screen {
  const keyboard = new InlineKeyboard();
  const lines = a.reports.map((r) => {
    if (r.status === 'pending')
      keyboard
        .text(
          label(t.tPlain('desk-report-open', { name: r.studentName, when: r.when })),
          openReport.pack({ reportId: r.id }),
        )
        .row();
    return t.t('desk-report-line', {
      status: r.status,
      name: r.studentName,
      when: r.when,
      reason: r.reasonText,
      certificate: r.certificateFileId ? 'yes' : 'no',
    });
  });
  const { week } = a;
  for (const w of week.rows.filter((x) => x.unknown.length))
    keyboard
      .text(
        label(t.tPlain('desk-reason-button', { name: w.name, count: w.unknown.length })),
        askReason.pack({ studentId: w.studentId }),
      )
      .row();
  keyboard.text(...backButton(t, c.classId));
  const weekLines = week.rows.map((w) => weekLine(t, w));
  const text = [
    t.t('desk-absences-title', { class: c.name }),
    ...(lines.length ? lines : [t.t('desk-reports-none')]),
    '',
    t.t('desk-week-title', { from: formatDayMonth(week.from), to: formatDayMonth(week.to) }),
    ...(weekLines.length ? weekLines : [t.t('desk-week-none')]),
  ].join('\n');
  return { text, keyboard };
}

type Student = { studentId: number; lastName: string; firstName: string };
const fullName = (s: Student) => `${s.lastName} ${s.firstName}`;

/** The week's review: which reason for the student's absences without one (plain text). */
export function reasonAskView(t: Texts, s: Student, count: number): Screen {
  const keyboard = new InlineKeyboard();
  for (const reason of REVIEW_REASONS)
    keyboard.text(t.tPlain('desk-reason', { reason }), setReason.pack({ studentId: s.studentId, reason }));
  return { text: t.tPlain('desk-reason-ask', { name: fullName(s), count }), keyboard };
}

/** The reason recorded (plain text). */
export const reasonDoneText = (t: Texts, s: Student, count: number, reason: (typeof REVIEW_REASONS)[number]) =>
  t.tPlain('desk-reason-done', { name: fullName(s), count, reason: t.tPlain('desk-reason', { reason }) });

/** Rows of buttons (a delivered message's) as a keyboard. */
export function keyboardOf(rows: readonly (readonly { text: string; data: string }[])[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const row of rows) {
    for (const b of row) keyboard.text(b.text, b.data);
    keyboard.row();
  }
  return keyboard;
}
