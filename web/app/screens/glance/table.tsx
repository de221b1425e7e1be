import { t } from '../../texts.js';
import { hundredths, type GlanceFamily, type GlanceView } from './types.js';

type Marks = NonNullable<GlanceView['marks']>;

/** «2 из 2», with who is and is not connected in the cell's title. */
function Connected({ family }: { family: GlanceFamily | undefined }) {
  const people = family?.people ?? [];
  const linked = people.filter((p) => p.linked).length;
  const names = people
    .map((p) => t(p.linked ? 'glance-person-linked' : 'glance-person-off', { name: p.name }))
    .join('\n');
  return (
    <td class={linked === 0 ? 'bad' : linked === people.length ? 'good' : ''} title={names}>
      {t('glance-connected-cell', { linked, total: people.length })}
    </td>
  );
}

/** Students × subjects: the average coloured by the mark it rounds to, the period mark in bold; names stay put. */
export function MarksTable({ marks, families }: { marks: Marks; families: GlanceFamily[] }) {
  const family = (id: number) => families.find((f) => f.studentId === id);
  return (
    <div class="table-wrap glance-table">
      <table>
        <thead>
          <tr>
            <th class="name">{t('glance-student')}</th>
            {marks.subjects.map((s) => (
              <th key={s.id} title={s.name}>
                {s.shortName || s.name}
              </th>
            ))}
            <th>{t('glance-connected')}</th>
          </tr>
        </thead>
        <tbody>
          {marks.students.map((st) => (
            <tr key={st.studentId}>
              <td class="name">{st.name}</td>
              {st.cells.map((c) => (
                <td key={c.subjectId} class={c.rounded ? `avg r${c.rounded}` : 'avg'}>
                  {c.average !== null ? hundredths(c.average) : c.periodMark ? '' : '—'}
                  {c.periodMark && <b class="final">{t('glance-mark', { value: c.periodMark })}</b>}
                </td>
              ))}
              <Connected family={family(st.studentId)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Grade 1 keeps no marks: only who is connected. */
export function FamiliesTable({ view }: { view: GlanceView }) {
  return (
    <div class="table-wrap glance-table">
      <table>
        <thead>
          <tr>
            <th class="name">{t('glance-student')}</th>
            <th>{t('glance-connected')}</th>
          </tr>
        </thead>
        <tbody>
          {view.families.map((f) => (
            <tr key={f.studentId}>
              <td class="name">{f.name}</td>
              <Connected family={f} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
