import type { EntryView } from '../../../core/feed/entries/views.js';
import { DomainError } from '../../../core/errors.js';
import type { Texts } from '../../i18n.js';

/** The Fluent key of a refusal from the school's e-journal side (read-only feed, an entity it does not know), if `e` is one. */
export function journalRefusal(e: unknown): 'today-journal-readonly' | 'today-not-in-journal' | null {
  if (!(e instanceof DomainError)) return null;
  if (e.code === 'journalReadOnly') return 'today-journal-readonly';
  if (e.code === 'notInJournal') return 'today-not-in-journal';
  return null;
}

/** A field of an entry's stored JSON as text. */
const str = (v: unknown, empty = ''): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : empty);

/** The lesson's entries for the school's e-journal: sent to the school's journal → accepted / rejected with the reason. */
export function entryLines(t: Texts, entries: EntryView[]): string[] {
  if (!entries.length) return [];
  return [
    t.t('today-entries-title'),
    ...entries.map((e) => {
      const a = e.after;
      const kind =
        e.kind === 'mark.set'
          ? 'mark'
          : e.kind === 'mark.deleted'
            ? 'markDeleted'
            : e.kind === 'attendance.set'
              ? 'attendance'
              : e.kind === 'lesson.topic'
                ? 'topic'
                : 'homework';
      const what = t.t('today-entry-what', {
        kind,
        student: str(a.student),
        value: str(a.value),
        status: str(a.status),
      });
      const theirs = e.theirs?.data ?? {};
      const mine = kind === 'attendance' ? a.status : (a.value ?? a.text);
      const current = kind === 'attendance' ? theirs.status : (theirs.value ?? theirs.topic ?? theirs.text);
      return t.t('today-entry-line', {
        status: e.status,
        what,
        reason: e.reason ?? '',
        ours: str(mine, '—'),
        theirs: str(current, '—'),
      });
    }),
  ];
}
