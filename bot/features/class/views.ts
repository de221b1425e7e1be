import { InlineKeyboard } from 'grammy';
import type { ClassLinkRow } from '../../../core/linking/account.js';
import type { Texts } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { grid } from '../../ui.js';
import { confirmNo } from '../settings/callbacks.js';
import { classOpen, revokeAsk, revokeYes } from './callbacks.js';
import { groupPanel } from '../class-group/callbacks.js';

export interface ClassLinks {
  classId: number;
  className: string;
  rows: ClassLinkRow[];
  /** The printouts' button (the paper feature) for those who may print. */
  mayPrint: boolean;
  /** The class's group chat button (bot/features/class-group) for those who may link it. */
  mayManageGroup?: boolean;
}

/** The paper feature's menu and the class teacher's desk for a class (their buttons' data). */
const paperMenu = (classId: number) => `pp:${classId}`;
const deskOpen = (classId: number) => `wd:${classId}`;

/** Whose link it is, as the revoke button and question name it. */
const who = (t: Texts, role: string) =>
  t.tPlain(role === 'guardian' ? 'class-link-who-guardian' : 'class-link-who-student');

/** A class's connected accounts (HTML) with the printouts, the desk, and one revoke button a link (at most 90). */
export function classLinksView(t: Texts, c: ClassLinks, timezone: string): { text: string; keyboard: InlineKeyboard } {
  const lines = c.rows.map((r) =>
    r.role === 'guardian'
      ? t.t('class-link-guardian', {
          student: r.studentName,
          guardian: r.guardianName ?? '',
          date: formatDate(r.linkedAt, timezone),
        })
      : t.t('class-link-student', { student: r.studentName, date: formatDate(r.linkedAt, timezone) }),
  );
  const text = c.rows.length
    ? `${t.t('class-links-title', { class: c.className, count: c.rows.length })}\n\n${lines.join('\n')}`
    : t.t('class-links-empty', { class: c.className });
  const kb = new InlineKeyboard();
  if (c.mayPrint) kb.text(t.t('paper-button'), paperMenu(c.classId)).row();
  // The class teacher's desk: codes, families, views, absences, messages.
  kb.text(t.t('desk-button'), deskOpen(c.classId)).row();
  // The class's group chat (issue 19): link it, switch what it gets.
  if (c.mayManageGroup) kb.text(t.tPlain('class-group-button'), groupPanel.pack({ classId: c.classId })).row();
  for (const r of c.rows.slice(0, 90))
    kb.text(
      t.tPlain('class-link-revoke', { student: r.studentName, who: who(t, r.role) }),
      revokeAsk.pack({ linkId: r.linkId }),
    ).row();
  return { text, keyboard: kb };
}

/** The classes to pick from, four a row. */
export const classPickKeyboard = (classes: { classId: number; name: string }[]): InlineKeyboard =>
  grid(
    classes.map((c) => ({ text: c.name, data: classOpen.pack({ classId: c.classId }) })),
    4,
  );

/** «Отменить привязку …?» with yes and no (plain text). */
export const revokeQuestion = (t: Texts, linkId: number, row: { role: string; student: string }) => ({
  text: t.tPlain('class-revoke-confirm', { student: row.student, who: who(t, row.role) }),
  keyboard: new InlineKeyboard()
    .text(t.t('class-revoke-yes'), revokeYes.pack({ linkId }))
    .text(t.t('class-revoke-no'), confirmNo.pack({ answer: 'n' })),
});
