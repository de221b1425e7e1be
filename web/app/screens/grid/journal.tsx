import type { GridView } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import { dayMonth, markLabel } from './labels.js';

type Entry = GridView['journal'][number];

const KINDS: Record<Entry['kind'], string> = {
  'mark.set': 'mark',
  'mark.deleted': 'markDeleted',
  'attendance.set': 'attendance',
  'lesson.topic': 'topic',
  'homework.set': 'homework',
  'periodMark.set': 'periodMark',
};

/** A value as the grid writes it: a mark's short form, else the text; «—» for none. */
const shown = (kind: string, v: string | null) =>
  v === null ? t('grid-none-set') : kind === 'mark' || kind === 'periodMark' ? markLabel(v) : v;

/**
 * The teacher's entries for the school's e-journal (a school whose journal of
 * record is its e-journal): «отправлено в журнал школы» → «принято» or
 * «отклонено: …»; a conflict with both values, the e-journal's standing.
 */
export function JournalEntries({ entries }: { entries: Entry[] }) {
  if (!entries.length) return null;
  return (
    <section class="journal-entries" aria-label={t('grid-journal-title')}>
      <p class="hint">
        <b>{t('grid-journal-title')}</b>
      </p>
      <ul>
        {entries.map((e) => {
          const kind = KINDS[e.kind];
          const what = t('grid-journal-what', { kind, student: e.student ?? '', value: shown(kind, e.ours) });
          return (
            <li key={e.id} data-entry-status={e.status}>
              {t('grid-journal-line', {
                status: e.status,
                when: e.date ? dayMonth(e.date) : (e.period ?? ''),
                what,
                reason: e.reason ?? '',
                ours: shown(kind, e.ours),
                theirs: shown(kind, e.theirs),
              })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
