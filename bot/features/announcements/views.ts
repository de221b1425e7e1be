import { InlineKeyboard } from 'grammy';
import { mayOnSchool } from '../../../core/access/policy.js';
import type { AccessProfile } from '../../../core/access/profile.js';
import type { Audience, Receipts } from '../../../core/announcements/index.js';
import { wallClock } from '../../../core/calendar.js';
import { html } from '../../../core/html.js';
import type { Announcement } from '../../../core/records.js';
import type { FamilySession } from '../../family/session.js';
import { formatShortDate, formatTime } from '../../format.js';
import type { Texts } from '../../i18n.js';
import { splitMessage } from '../../ui.js';
import * as cb from './callbacks.js';

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** The audience's name (plain: an argument of HTML and plain texts alike); `className` for a class. */
export const audienceName = (t: Texts, a: Audience, className: string | null) =>
  t.tPlain('announcements-audience', { scope: a.scope, class: className ?? '', grade: a.grade ?? 0 });

/** The audiences this account may pick: its classes, and for the administration grades and the school (HTML). */
export function audienceMenuView(
  t: Texts,
  p: AccessProfile,
  classes: readonly { classId: number; name: string; grade: number; schoolId: number }[],
): Screen {
  const keyboard = new InlineKeyboard();
  if (p.staff && mayOnSchool(p, 'announceSchool', p.staff)) {
    keyboard.text(t.t('announcements-scope-school'), cb.toSchool.pack({ scope: 'school' })).row();
    const grades = [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b);
    grades.forEach((g, i) => {
      keyboard.text(t.tPlain('announcements-scope-grade', { grade: g }), cb.toGrade.pack({ grade: g }));
      if (i % 4 === 3) keyboard.row();
    });
    keyboard.row();
  }
  classes.forEach((c, i) => {
    keyboard.text(t.tPlain('announcements-scope-class', { class: c.name }), cb.toClass.pack({ classId: c.classId }));
    if (i % 4 === 3) keyboard.row();
  });
  keyboard.row().text(t.t('announcements-list-button'), cb.recentList.pack({ view: 'list' }));
  return { text: t.t('announcements-pick-audience'), keyboard };
}

type Draft = NonNullable<FamilySession['announcement']> & { text: string };

/** The draft before sending (HTML): audience, how many families, urgency, time, the text; and its buttons. */
export function previewView(
  t: Texts,
  d: Draft,
  to: string,
  size: { families: number; chats: number },
  timezone: string,
): Screen {
  const lines = [
    t.t('announcements-preview-title', { to }),
    t.t('announcements-preview-count', { families: size.families, chats: size.chats }),
    ...(d.urgent ? [t.t('announcements-preview-urgent')] : []),
    ...(d.sendAt ? [t.t('announcements-preview-when', { when: formatTime(new Date(d.sendAt), timezone) })] : []),
    '',
    html`${d.text}`.toString(),
  ];
  const keyboard = new InlineKeyboard()
    .text(
      t.t(d.urgent ? 'announcements-urgent-on' : 'announcements-urgent-off'),
      cb.toggleUrgent.pack({ action: 'toggle' }),
    )
    .row()
    .text(
      t.t(d.sendAt ? 'announcements-time-now' : 'announcements-time-tomorrow'),
      cb.sendTime.pack({ when: d.sendAt ? 'now' : 'tomorrow' }),
    )
    .row()
    .text(t.t('announcements-send'), cb.sendDraft.pack({ answer: 'go' }))
    .text(t.t('announcements-cancel-draft'), cb.sendDraft.pack({ answer: 'no' }));
  return { text: lines.join('\n'), keyboard };
}

/** What the author sees once it is created (plain): sending now, or scheduled (the draft had a time). */
export const createdText = (t: Texts, a: Announcement, scheduled: boolean, to: string, timezone: string) =>
  scheduled
    ? t.tPlain('announcements-created-scheduled', { to, when: formatTime(new Date(a.sendAt), timezone) })
    : t.tPlain('announcements-created-now', { to });

export interface StatsData {
  announcement: Announcement;
  className: string | null;
  receipts: Receipts;
}

/** Live receipts of one announcement (HTML) with refresh, who, remind and cancel (before it goes). */
export function statsView(t: Texts, s: StatsData, now: Date, timezone: string): Screen {
  const { announcement: a, receipts: r } = s;
  const when = formatTime(new Date(a.status === 'sent' && a.sentAt ? a.sentAt : a.sendAt), timezone);
  const text = [
    t.t('announcements-stats-title', { to: audienceName(t, a, s.className) }),
    t.t('announcements-stats-status', { status: a.status, when }),
    ...(a.status === 'sent'
      ? [t.t('announcements-stats-count', { confirmed: r.confirmed, families: r.families })]
      : []),
    '',
    html`${a.text.length > 300 ? `${a.text.slice(0, 300)}…` : a.text}`.toString(),
  ].join('\n');
  const id = { announcementId: a.id };
  const keyboard = new InlineKeyboard().text(t.t('announcements-refresh'), cb.receiptsOf.pack(id)).row();
  if (a.status === 'sent')
    keyboard
      .text(t.t('announcements-who'), cb.unconfirmedOf.pack(id))
      .row()
      .text(t.t('announcements-remind'), cb.remindUnconfirmed.pack(id))
      .row();
  if (a.status === 'scheduled' && new Date(a.sendAt) > now)
    keyboard.text(t.t('announcements-cancel'), cb.cancelScheduled.pack(id));
  return { text, keyboard };
}

/** The families that have not confirmed (HTML, its first part when long) with «Напомнить»; null when none. */
export function unconfirmedView(t: Texts, announcementId: number, r: Receipts): Screen | null {
  if (!r.unconfirmed.length) return null;
  const lines = r.unconfirmed.map((u) => t.t('announcements-unconfirmed-line', { name: u.name, class: u.className }));
  // One message: its first part, cut between lines (never inside an escaped name).
  const text = splitMessage(
    [t.t('announcements-unconfirmed-title', { count: r.unconfirmed.length }), ...lines].join('\n'),
  )[0];
  return {
    text,
    keyboard: new InlineKeyboard().text(t.t('announcements-remind'), cb.remindUnconfirmed.pack({ announcementId })),
  };
}

/** The latest announcements with their receipts (HTML), each a button, and «Новое». */
export function recentListView(t: Texts, list: readonly StatsData[], timezone: string): Screen {
  const keyboard = new InlineKeyboard();
  const lines: string[] = [];
  for (const { announcement: a, className, receipts: r } of list) {
    // Plain: a button label, escaped for the list.
    const line = t.tPlain('announcements-list-line', {
      date: formatShortDate(wallClock(timezone, new Date(a.sendAt)).date),
      to: audienceName(t, a, className),
      confirmed: r.confirmed,
      families: r.families,
    });
    lines.push(html`${line}`.toString());
    keyboard.text(line.slice(0, 60), cb.receiptsOf.pack({ announcementId: a.id })).row();
  }
  keyboard.text(t.t('announcements-new-button'), cb.newAnnouncement.pack({ view: 'new' }));
  const text = list.length ? [t.t('announcements-list-title'), ...lines].join('\n') : t.t('announcements-list-empty');
  return { text, keyboard };
}
