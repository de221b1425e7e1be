import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../core/access/profile.js';
import type { CodeCheck, InvitationSummary, RedeemResult } from '../../../core/linking/linking.js';
import type { Texts } from '../../i18n.js';
import { formatTime } from '../../format.js';
import { consentAnswer } from './callbacks.js';

export type Linked = Extract<RedeemResult, { kind: 'linked' }>;

/** The welcome line for a fresh link, naming the child or the staff member (plain text: sent without parse_mode). */
export function welcomeText(t: Texts, r: Linked, p: AccessProfile): string {
  if (r.studentId) {
    const child = p.children.find((c) => c.studentId === r.studentId)!;
    return t.tPlain(`linking-welcome-${r.role}`, {
      student: `${child.firstName} ${child.lastName}`,
      class: child.className,
    });
  }
  const s = p.staff!;
  return t.tPlain(`linking-welcome-${r.role}`, {
    name: [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' '),
    class: r.role === 'classTeacher' ? (r.className ?? '') : '',
  });
}

/** The welcome with the hint to the menu below it. */
export const linkedText = (t: Texts, r: Linked, p: AccessProfile): string =>
  `${welcomeText(t, r, p)}\n\n${t.t('linking-welcome-menu-hint')}`;

/** Why a code is not taken; `limited` and `alreadyLinked` are plain texts (all are sent without parse_mode). */
export function codeRefusal(t: Texts, res: Exclude<CodeCheck, { kind: 'ok' }>, timezone: string): string {
  switch (res.kind) {
    case 'limited':
      return t.tPlain('linking-code-limited', { time: formatTime(res.retryAt, timezone) });
    case 'malformed':
      return t.t('linking-code-malformed');
    case 'invalid':
      return t.t('linking-code-invalid');
    case 'alreadyLinked':
      return t.tPlain('linking-code-already-linked', { student: res.summary.studentName ?? 'none' });
  }
}

/** The 152-ФЗ consent question for a family's code (HTML). */
export function consentView(t: Texts, summary: InvitationSummary): { text: string; keyboard: InlineKeyboard } {
  return {
    text: t.t('linking-consent-text', { who: summary.studentName ?? '', class: summary.className ?? 'none' }),
    keyboard: new InlineKeyboard()
      .text(t.t('linking-consent-yes'), consentAnswer.pack({ answer: 'y' }))
      .text(t.t('linking-consent-no'), consentAnswer.pack({ answer: 'n' })),
  };
}

/** Plain text from a linked account is a code only if it looks like one (16 letters and digits, dashes, spaces). */
export const looksLikeCode = (text: string): boolean =>
  /^[\sA-Za-z0-9\u0410-\u044f-]{16,24}$/.test(text) && /\d/.test(text);
