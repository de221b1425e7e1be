import { t } from '../../texts.js';
import { shortDate, type LessonLine } from './types.js';

/** What a lesson's journal lacks, in words; «всё заполнено» when nothing. */
function missing(l: LessonLine): string {
  if (l.cancelled) return t('panel-cancelled');
  const out: string[] = [];
  if (l.noTopic) out.push(t('panel-missing-topic'));
  if (l.homework) out.push(t('panel-missing-homework', { state: l.homework }));
  if (l.marks === 0) out.push(t('panel-missing-marks'));
  return out.length ? out.join(', ') : t('panel-all-done');
}

/** A teacher's lessons of the span, each opening the lesson. */
export function LessonsTable({ lessons, open }: { lessons: LessonLine[]; open: (l: LessonLine) => void }) {
  return (
    <div class="table-wrap panel-table">
      <table>
        <thead>
          <tr>
            <th class="name">{t('panel-col-date')}</th>
            <th>{t('panel-col-class')}</th>
            <th>{t('panel-col-subject')}</th>
            <th>{t('panel-col-missing')}</th>
            <th>{t('panel-col-marks')}</th>
            <th>{t('panel-col-absences')}</th>
          </tr>
        </thead>
        <tbody>
          {lessons.map((l) => (
            <tr key={l.lessonId} class={l.cancelled ? 'cancelled' : ''}>
              <td class="name">
                <button type="button" class="link" onClick={() => open(l)}>
                  {t('panel-lesson-line', { date: shortDate(l.date), slot: l.slot })}
                </button>
              </td>
              <td>{l.className}</td>
              <td>{l.subgroup ? `${l.subject} (${l.subgroup})` : l.subject}</td>
              <td class={l.noTopic || l.homework || l.marks === 0 ? 'bad left' : 'left'}>{missing(l)}</td>
              <td>{l.marks ?? '—'}</td>
              <td>{l.absences}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
