import { InlineKeyboard } from 'grammy';
import { mayOnSchool } from '../../../core/access/policy.js';
import type { AccessProfile } from '../../../core/access/profile.js';
import { childName } from '../../../core/family/common.js';
import { html, joinHtml } from '../../../core/html.js';
import type { Contact, Hours, MessageRow, ThreadRow } from '../../../core/messages/index.js';
import { formatTime } from '../../format.js';
import type { Texts } from '../../i18n.js';
import { splitMessage } from '../../ui.js';
import { consultAbout } from '../consultations/callbacks.js';
import { auditList, auditThread, officeHoursButton, openThread, replyIn, writeAbout, writeTo } from './callbacks.js';

/** Office hours offered to staff (one tap); `off` removes them. */
export const HOURS_PRESETS: Record<'a' | 'b' | 'c', Hours> = {
  a: { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' },
  b: { days: [1, 2, 3, 4, 5], fromTime: '14:00', toTime: '16:00' },
  c: { days: [1, 2, 3, 4, 5, 6], fromTime: '09:00', toTime: '18:00' },
};

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** Plain text: an argument of HTML and plain texts alike. */
export const hoursText = (t: Texts, h: Hours | null) => {
  if (!h) return t.tPlain('messages-hours-none');
  const days = h.days.length === 7 ? 'all' : h.days.length === 6 ? 'six' : 'weekdays';
  return t.tPlain('messages-hours-text', { days: t.tPlain(`messages-days-${days}`), from: h.fromTime, to: h.toTime });
};

/** /messages: the account's threads with unread counts, and what it may start (HTML). */
export function threadListView(t: Texts, p: AccessProfile, threads: readonly ThreadRow[]): Screen {
  const keyboard = new InlineKeyboard();
  const lines: string[] = [];
  let unread = 0;
  for (const th of threads) {
    unread += th.unread;
    // Plain: a button label, escaped for the list below.
    const label =
      p.staff?.staffId === th.staffId
        ? t.tPlain('messages-thread-line-staff', {
            unread: th.unread,
            who: th.familyRole,
            child: th.studentName,
            class: th.className,
          })
        : t.tPlain('messages-thread-line-family', { unread: th.unread, staff: th.staffName, child: th.studentName });
    lines.push(html`${label}`.toString());
    keyboard.text(label.slice(0, 60), openThread.pack({ threadId: th.id })).row();
  }
  if (p.children.length) keyboard.text(t.t('messages-write'), writeAbout.pack({ child: 'new' })).row();
  if (p.children.some((c) => c.via === 'guardian'))
    keyboard.text(t.t('consultations-button'), consultAbout.pack({ child: 'new' })).row();
  if (p.staff) keyboard.text(t.t('messages-hours-button'), officeHoursButton.pack({ choice: 'menu' })).row();
  if (p.staff && mayOnSchool(p, 'auditThreads', p.staff))
    keyboard.text(t.t('messages-audit-button'), auditList.pack({ view: 'list' }));
  const text = [
    t.t('messages-list-title'),
    threads.length ? t.t('messages-unread-total', { count: unread }) : t.t('messages-list-empty'),
    ...lines,
  ].join('\n');
  return { text, keyboard };
}

/** Which child (plain): a button a row, `data` giving a child's button data (messages, consultations). */
export function childPickerView(
  text: string,
  kids: readonly { studentId: number; firstName: string; lastName: string }[],
  data: (studentId: number) => string,
): Screen {
  const keyboard = new InlineKeyboard();
  for (const k of kids) keyboard.text(`${k.firstName} ${k.lastName}`, data(k.studentId)).row();
  return { text, keyboard };
}

/** Whom to write about the child: its contacts with their roles (plain). */
export function teacherPickerView(
  t: Texts,
  child: { firstName: string; lastName: string },
  contacts: readonly Contact[],
): Screen {
  const keyboard = new InlineKeyboard();
  for (const c of contacts) {
    const roles = c.roles.map((r) => t.tPlain(`messages-role-${r}`, { subjects: c.subjects.join(', ') })).join(', ');
    keyboard.text(
      t.tPlain('messages-contact', { name: c.name, roles }).slice(0, 64),
      writeTo.pack({ staffId: c.staffId }),
    );
    keyboard.row();
  }
  return { text: t.tPlain('messages-pick-teacher', { child: childName(child) }), keyboard };
}

export interface ThreadScreen {
  thread: ThreadRow;
  messages: readonly MessageRow[];
  /** Opened by the director's audited reading. */
  audit: boolean;
  /** In an audited reading: the reader is a side of the thread too (their own title and names). */
  ownThread: boolean;
  /** The reader may answer in the thread. */
  mayWrite: boolean;
}

const familyRoleName = (t: Texts, th: ThreadRow) =>
  t.tPlain(th.familyRole === 'guardian' ? 'messages-role-family-guardian' : 'messages-role-family-student');

function threadTitle(t: Texts, s: ThreadScreen, mineAsFamily: boolean): string {
  const th = s.thread;
  if (s.audit && !s.ownThread)
    return t.t('messages-thread-title-audit', {
      staff: th.staffName,
      who: th.familyRole,
      child: th.studentName,
      class: th.className,
    });
  return t.t('messages-thread-title', {
    staff: mineAsFamily ? th.staffName : familyRoleName(t, th),
    child: th.studentName,
    class: th.className,
  });
}

/** A thread: its title and messages, newest part only when long (HTML), and «Ответить» when allowed. */
export function threadView(t: Texts, p: AccessProfile, s: ThreadScreen, timezone: string): Screen {
  const th = s.thread;
  const mineAsFamily = !s.audit && p.accountHash === th.accountHash && p.staff?.staffId !== th.staffId;
  const lines = s.messages.map((m) => {
    const me = !s.audit && (m.side === 'family') === mineAsFamily;
    const body = joinHtml(
      [m.text || null, m.fileId ? t.tHtml('messages-file', { kind: m.fileKind ?? 'document' }) : null].filter(
        (x) => x !== null,
      ),
      ' ',
    );
    return t.t('messages-line', {
      side: me ? 'me' : 'other',
      name: m.side === 'staff' ? th.staffName : familyRoleName(t, th),
      time: formatTime(new Date(m.createdAt), timezone),
      text: body,
    });
  });
  const keyboard = new InlineKeyboard();
  if (s.mayWrite) keyboard.text(t.t('messages-reply'), replyIn.pack({ threadId: th.id }));
  const text = [threadTitle(t, s, mineAsFamily), '', ...lines].join('\n');
  // A long thread: its newest part, cut between lines (never inside a tag or an escaped name).
  return { text: splitMessage(text).at(-1)!, keyboard };
}

/** The office hours menu (HTML). */
export function hoursMenuView(t: Texts, current: Hours | null): Screen {
  const keyboard = new InlineKeyboard()
    .text(t.t('messages-hours-preset-a'), officeHoursButton.pack({ choice: 'a' }))
    .row()
    .text(t.t('messages-hours-preset-b'), officeHoursButton.pack({ choice: 'b' }))
    .row()
    .text(t.t('messages-hours-preset-c'), officeHoursButton.pack({ choice: 'c' }))
    .row()
    .text(t.t('messages-hours-off'), officeHoursButton.pack({ choice: 'off' }));
  return { text: t.t('messages-hours-title', { hours: hoursText(t, current) }), keyboard };
}

/** The director's list of the school's threads (HTML). */
export function auditListView(t: Texts, threads: readonly ThreadRow[]): Screen {
  const keyboard = new InlineKeyboard();
  for (const th of threads)
    keyboard
      .text(`${th.staffName} — ${th.studentName}, ${th.className}`.slice(0, 60), auditThread.pack({ threadId: th.id }))
      .row();
  return { text: threads.length ? t.t('messages-audit-title') : t.t('messages-audit-empty'), keyboard };
}

/** What a family sees after sending (plain): delivered now, or at the start of the office hours. */
export function sentText(
  t: Texts,
  staff: string,
  r: { deliverAt: Date | null; hours: Hours | null },
  timezone: string,
): string {
  return r.deliverAt
    ? t.tPlain('messages-sent-later', {
        staff,
        hours: hoursText(t, r.hours),
        at: formatTime(r.deliverAt, timezone),
      })
    : t.tPlain('messages-sent', { staff });
}
