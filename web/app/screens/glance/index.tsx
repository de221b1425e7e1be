import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { navigate } from '../../route.js';
import { t } from '../../texts.js';
import type { ScreenProps } from '../index.js';
import './glance.css';
import { FamiliesTable, MarksTable } from './table.js';
import type { GlanceView } from './types.js';
import { WeekAbsences } from './week.js';

/**
 * The class teacher's class at a glance: students × subjects with the
 * period's averages (as the diary rounds them) and period marks, who of the
 * families is connected, the week's absences without a reason with a picker
 * that saves each at once. `?screen=glance&class=…&period=…`.
 */
export function Glance({ params }: ScreenProps) {
  const [view, setView] = useState<GlanceView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = new URLSearchParams();
  for (const k of ['class', 'period']) if (params.get(k)) query.set(k, params.get(k)!);
  const qs = query.toString();
  const path = `glance${qs ? `?${qs}` : ''}`;
  useEffect(() => {
    setError(null);
    api<GlanceView>(path).then(setView, (e: unknown) =>
      setError(e instanceof ApiError ? e.message : t('webapp-offline')),
    );
  }, [path]);
  if (error || !view)
    return (
      <p class="notice" role="status">
        {error ?? t('glance-loading')}
      </p>
    );
  const go = (to: { class?: number; period?: number }) =>
    navigate({ screen: 'glance', class: to.class ?? view.cls.classId, period: to.period });
  const marks = view.marks;
  return (
    <div class="glance">
      <h1>{t('glance-title', { class: view.cls.name })}</h1>
      <div class="toolbar">
        {view.classes.length > 1 && (
          <label>
            {t('glance-class')}{' '}
            <select
              value={view.cls.classId}
              onChange={(e) => go({ class: Number((e.target as HTMLSelectElement).value) })}
            >
              {view.classes.map((c) => (
                <option key={c.classId} value={c.classId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {marks?.period && (
          <label>
            {t('glance-period')}{' '}
            <select
              value={marks.period.id}
              onChange={(e) => go({ period: Number((e.target as HTMLSelectElement).value) })}
            >
              {marks.periods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {!marks && <p class="hint">{t('glance-no-marks', { grade: view.cls.grade })}</p>}
      {marks && !marks.period && <p class="hint">{t('glance-no-periods')}</p>}
      {marks?.period && marks.students.length === 0 && <p class="hint">{t('glance-no-students')}</p>}
      {marks?.period && marks.students.length > 0 && (
        <>
          <MarksTable marks={marks} families={view.families} />
          <p class="hint">{t('glance-legend')}</p>
        </>
      )}
      {(!marks || !marks.period) && <FamiliesTable view={view} />}
      <WeekAbsences key={view.cls.classId} week={view.week} decides={view.cls.decides} />
    </div>
  );
}
