import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { t } from '../../texts.js';
import { shortDate, type ReasonSaved, type UnknownAbsence, type WeekRow } from './types.js';

const REASONS = ['illness', 'excused', 'unexcused'] as const;

type Status = { kind: 'saving' } | { kind: 'saved' } | { kind: 'refused'; message: string };

/** One absence without a reason: a picker that saves at once, with its own status (saving, saved, refused). */
function AbsenceLine({
  studentId,
  a,
  decides,
  onSaved,
}: {
  studentId: number;
  a: UnknownAbsence;
  decides: boolean;
  onSaved: (lessonId: number) => void;
}) {
  const [status, setStatus] = useState<Status | null>(null);
  const save = async (reason: string) => {
    if (!reason) return;
    setStatus({ kind: 'saving' });
    try {
      await api<ReasonSaved>('glance/absence-reason', {
        method: 'PUT',
        body: { studentId, lessonId: a.lessonId, reason },
      });
      setStatus({ kind: 'saved' });
      // The line stays a moment with «Сохранено», then leaves the list of the unexplained.
      window.setTimeout(() => onSaved(a.lessonId), 1200);
    } catch (e) {
      const message =
        e instanceof ApiError ? (e.reason === 'conflict' ? t('glance-conflict') : e.message) : t('webapp-offline');
      setStatus({ kind: 'refused', message });
    }
  };
  return (
    <li class="absence">
      <span>{t('glance-lesson', { date: shortDate(a.date), slot: a.slot, subject: a.subject })}</span>
      {decides && (
        <select
          aria-label={t('glance-reason-pick')}
          disabled={status?.kind === 'saving' || status?.kind === 'saved'}
          onChange={(e) => void save((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('glance-reason-pick')}</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t('glance-reason', { reason: r })}
            </option>
          ))}
        </select>
      )}
      {status && (
        <span class={`status ${status.kind}`} role="status">
          {status.kind === 'refused' ? status.message : t(`glance-${status.kind}`)}
        </span>
      )}
    </li>
  );
}

/** The week's absences still without a reason, student by student. */
export function WeekAbsences({
  week,
  decides,
}: {
  week: { from: string; to: string; rows: WeekRow[] };
  decides: boolean;
}) {
  const [done, setDone] = useState<Set<number>>(new Set());
  const rows = week.rows
    .map((r) => ({ ...r, unknown: r.unknown.filter((a) => !done.has(a.lessonId)) }))
    .filter((r) => r.unknown.length);
  return (
    <section class="glance-week">
      <h2>{t('glance-week-title')}</h2>
      <p class="hint">{t('glance-week-range', { from: shortDate(week.from), to: shortDate(week.to) })}</p>
      {!decides && <p class="hint">{t('glance-read-only')}</p>}
      {rows.length === 0 && <p class="hint">{t('glance-week-none')}</p>}
      {rows.map((r) => (
        <div key={r.studentId} class="absence-student">
          <strong>{r.name}</strong> <span class="hint">{t('glance-lessons', { count: r.unknown.length })}</span>
          <ul>
            {r.unknown.map((a) => (
              <AbsenceLine
                key={a.lessonId}
                studentId={r.studentId}
                a={a}
                decides={decides}
                onSaved={(id) => setDone((s) => new Set([...s, id]))}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
