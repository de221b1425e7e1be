import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { setUp } from '../../route.js';
import { t } from '../../texts.js';
import type { ScreenProps } from '../index.js';
import { WeeksChart } from './chart.js';
import { Crumbs } from './crumbs.js';
import { LessonView, StudentView } from './detail.js';
import { FiguresGrid } from './figures.js';
import { ClassView, SchoolView, TeacherView } from './levels.js';
import { apiPath, goTo, levelOf, parentOf, readTarget, type Go } from './nav.js';
import './panel.css';
import {
  shortDate,
  type ClassLevel,
  type Head,
  type LessonLevel,
  type SchoolLevel,
  type StudentLevel,
  type TeacherLevel,
} from './types.js';

type Answer = SchoolLevel | ClassLevel | TeacherLevel | StudentLevel | LessonLevel;

/** The period picker: the year's periods and the last seven days. */
function SpanPicker({
  periods,
  value,
  onPick,
}: {
  periods: { id: number; name: string }[];
  value: string;
  onPick: (v: string) => void;
}) {
  return (
    <label>
      {t('panel-span')}{' '}
      <select value={value} onChange={(e) => onPick((e.target as HTMLSelectElement).value)}>
        {periods.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
        <option value="week">{t('panel-span-week')}</option>
      </select>
    </label>
  );
}

/**
 * The deputy's and the director's control panel: the chat's /control figures,
 * the weekly chart, and the drill-down school → class → teacher → lesson,
 * class → student. Telegram's back button goes one level up (route.ts setUp).
 */
export function Panel({ params }: ScreenProps) {
  const target = readTarget(params);
  const period = params.get('period');
  const level = levelOf(target);
  const path = apiPath(target, period);
  const [answer, setAnswer] = useState<{ path: string; data: Answer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api<Answer>(path).then(
      (data) => setAnswer({ path, data }),
      (e: unknown) => setError(e instanceof ApiError ? e.message : t('webapp-offline')),
    );
  }, [path]);
  useEffect(() => {
    const up = parentOf(target);
    setUp(up ? () => goTo(up, period) : null);
    return () => setUp(null);
  }, [path]);
  const go: Go = (to) => goTo(to, period);
  const data = answer?.path === path ? answer.data : null;
  const current = !data
    ? null
    : level === 'class'
      ? (data as ClassLevel).cls.name
      : level === 'teacher'
        ? (data as TeacherLevel).teacher.name
        : level === 'student'
          ? (data as StudentLevel).student.name
          : level === 'lesson'
            ? `${shortDate((data as LessonLevel).date)} · ${(data as LessonLevel).subject}`
            : null;
  const head = data && 'figures' in data ? (data as Head) : null;
  const periods = head?.periods ?? (data && 'periods' in data ? data.periods : []);
  const chosen = period ?? String(head?.span.periodId ?? (data as StudentLevel | null)?.period?.id ?? 'week');
  return (
    <div class="panel">
      <h1>{t('panel-title')}</h1>
      <Crumbs target={target} current={current} go={go} />
      {error && (
        <p class="notice error" role="status">
          {error}
        </p>
      )}
      {!error && !data && (
        <p class="notice" role="status">
          {t('panel-loading')}
        </p>
      )}
      {data && level !== 'lesson' && periods.length > 0 && (
        <div class="toolbar">
          <SpanPicker periods={periods} value={chosen} onPick={(v) => goTo(target, v)} />
          {head && (
            <span class="hint">
              {t('panel-span-range', { from: shortDate(head.span.from), to: shortDate(head.span.to) })}
            </span>
          )}
        </div>
      )}
      {head && !head.manage && <p class="hint">{t('panel-read-only')}</p>}
      {head && <FiguresGrid f={head.figures} />}
      {head && <WeeksChart points={head.chart} />}
      {data && level === 'school' && <SchoolView data={data as SchoolLevel} go={go} />}
      {data && level === 'class' && <ClassView data={data as ClassLevel} go={go} />}
      {data && level === 'teacher' && (
        <TeacherView data={data as TeacherLevel} go={go} classId={target.class} period={period} />
      )}
      {data && level === 'student' && <StudentView data={data as StudentLevel} />}
      {data && level === 'lesson' && <LessonView data={data as LessonLevel} />}
    </div>
  );
}
