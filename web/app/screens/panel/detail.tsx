import { t } from '../../texts.js';
import { Table } from './levels.js';
import { hundredths, shortDate, type LessonLevel, type StudentLevel } from './types.js';

/** A student's marks by subject (the diary's averages) and absences of the period. */
export function StudentView({ data }: { data: StudentLevel }) {
  const a = data.absences;
  return (
    <>
      <h2>{t('panel-student-marks')}</h2>
      {data.subjects === null && <p class="hint">{t('panel-student-no-marks')}</p>}
      {data.subjects && (
        <Table
          head={['panel-col-subject', 'panel-col-marks-list', 'panel-col-average', 'panel-col-period-mark'].map((k) =>
            t(k),
          )}
        >
          {data.subjects.map((s) => (
            <tr key={s.subject}>
              <td class="name">{s.subject}</td>
              <td class="left">{s.marks.map((m) => t('panel-mark', { value: m })).join(' ')}</td>
              <td class={s.rounded ? `avg r${s.rounded}` : ''}>{s.average === null ? '—' : hundredths(s.average)}</td>
              <td>{s.periodMark ? <b>{t('panel-mark', { value: s.periodMark })}</b> : ''}</td>
            </tr>
          ))}
        </Table>
      )}
      {a && (
        <>
          <h2>{t('panel-student-absences')}</h2>
          <p>
            {t('panel-absences-line', {
              total: a.total,
              illness: a.lessons.illness,
              excused: a.lessons.excused,
              unexcused: a.lessons.unexcused,
              unknown: a.lessons.unknown,
              days: a.wholeDays,
              late: a.late,
            })}
          </p>
        </>
      )}
    </>
  );
}

/** One lesson: topic, homework, who was absent, the marks. */
export function LessonView({ data }: { data: LessonLevel }) {
  return (
    <>
      <p class="hint">
        {shortDate(data.date)}, {data.startsAt.slice(0, 5)}–{data.endsAt.slice(0, 5)} · {data.className} ·{' '}
        {data.subgroup ? `${data.subject} (${data.subgroup})` : data.subject}
        {data.cancelled && ` · ${t('panel-cancelled')}`}
      </p>
      <dl class="panel-lesson">
        <dt>{t('panel-lesson-teacher')}</dt>
        <dd>
          {data.teacher} {data.substitute && t('panel-lesson-substitute')}
        </dd>
        <dt>{t('panel-lesson-topic')}</dt>
        <dd class={data.topic ? '' : 'bad'}>{data.topic ?? t('panel-lesson-none')}</dd>
        <dt>{t('panel-lesson-homework')}</dt>
        <dd class={data.homework ? '' : 'bad'}>{data.homework ?? t('panel-lesson-none')}</dd>
      </dl>
      <h2>{t('panel-lesson-attendance')}</h2>
      {data.attendance.length === 0 && <p class="hint">{t('panel-lesson-attendance-none')}</p>}
      <ul class="panel-list">
        {data.attendance.map((a) => (
          <li key={a.studentId}>
            {a.name} — {t('panel-status', { status: a.status })}
            {a.status === 'absent' && ` (${t('panel-reason', { reason: a.reason })})`}
          </li>
        ))}
      </ul>
      <h2>{t('panel-lesson-marks', { count: data.marks.length, students: data.students })}</h2>
      {data.marks.length === 0 && <p class="hint">{t('panel-lesson-marks-none')}</p>}
      <ul class="panel-list">
        {data.marks.map((m, i) => (
          <li key={`${m.studentId}:${i}`}>
            {m.name} — <b>{t('panel-mark', { value: m.value })}</b> <span class="hint">{m.workKind}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
