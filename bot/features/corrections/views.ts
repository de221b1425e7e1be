import { InlineKeyboard } from 'grammy';
import { CorrectionRefused, type Candidate, type CandidateView } from '../../../core/corrections/index.js';
import { childName } from '../../../core/family/common.js';
import type { CorrectionRequest } from '../../../core/records.js';
import { formatShortDate, formatTime } from '../../format.js';
import type { Texts } from '../../i18n.js';
import { pickEntry, reportFromData } from './callbacks.js';

/**
 * The screens of correction requests: data and texts in, text and keyboard
 * out. Texts from `t` are Telegram HTML, from `tPlain` plain (sent without parse_mode).
 */

type Child = { firstName: string; lastName: string };

/** «⚠️ Сообщить об ошибке» under a diary view. */
export const errorButton = (t: Texts, view: CandidateView) => ({
  text: t.t('corrections-button'),
  data: reportFromData(view),
});

/** What an entry's button says it is: the mark's value, an absence or a lateness, the homework. */
function entryWord(t: Texts, what: string): string {
  // The first words of the entry's full text («пропуск, Математика, 23 ноября»): one wording for both.
  if (what === 'homework')
    return t.tPlain('corrections-entry', { type: 'homework', subject: '', date: '' }).split(',')[0];
  if (what === 'absent' || what === 'late')
    return t.tPlain('corrections-entry', { type: 'attendance', status: what, subject: '', date: '' }).split(',')[0];
  return what;
}

/** «Какая запись ошибочна? (…)» (plain) with a button per entry: «23.11 — Математика: 2». */
export function pickEntryView(t: Texts, child: Child, entries: readonly Candidate[]) {
  const keyboard = new InlineKeyboard();
  for (const c of entries)
    keyboard
      .text(
        t
          .tPlain('corrections-candidate', {
            date: formatShortDate(c.date),
            subject: c.subject,
            what: entryWord(t, c.what),
          })
          .slice(0, 60),
        pickEntry.pack({ type: c.type, id: c.id }),
      )
      .row();
  return { text: t.tPlain('corrections-pick', { child: childName(child) }), keyboard };
}

/** /errors (HTML): the account's requests about the child with their status. */
export function requestsText(
  t: Texts,
  child: Child,
  rows: readonly (Pick<CorrectionRequest, 'status' | 'dueAt'> & { what: string })[],
  timezone: string,
): string {
  const lines = rows.map((r) =>
    t.t('corrections-list-line', { status: r.status, due: formatTime(new Date(r.dueAt), timezone), what: r.what }),
  );
  return [t.t('corrections-list-title', { child: childName(child) }), ...lines].join('\n');
}

/** Sent (plain): the deadline, and when the teacher gets it if that waits for their office hours. */
export function sentText(t: Texts, r: { dueAt: Date | string; deliverAt: Date | null }, timezone: string): string {
  const due = formatTime(new Date(r.dueAt), timezone);
  return r.deliverAt
    ? t.tPlain('corrections-sent-later', { due, at: formatTime(r.deliverAt, timezone) })
    : t.tPlain('corrections-sent', { due });
}

/** A refusal of the core (CorrectionRefused) in words (HTML); anything else is rethrown. */
export function refusalText(t: Texts, e: unknown, dailyLimit: number): string {
  if (!(e instanceof CorrectionRefused)) throw e;
  return t.t(`corrections-error-${e.reason}`, { limit: dailyLimit });
}
