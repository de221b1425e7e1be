import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import type { TermNotice, TermSubject, TermView } from '../../../server/routes/term.js';
import { t } from '../../texts.js';
import type { ScreenProps } from '../index.js';
import { SubjectChart } from './chart.js';
import { hundredths, isNumeric } from './format.js';
import { HomeworkWeek } from './homework.js';
import { MarksTable } from './marks.js';
import './term.css';

const param = (p: URLSearchParams, name: string) => {
  const v = Number(p.get(name));
  return Number.isSafeInteger(v) && v > 0 ? v : undefined;
};

/** The child switch: the same as the chat's «👤» (the chat's diary follows). */
function ChildSwitch({ view, onSwitch }: { view: TermView | TermNotice; onSwitch: (id: number) => void }) {
  if (view.children.length < 2) return null;
  return (
    <div class="toolbar" role="group" aria-label={t('term-children')}>
      {view.children.map((c) => (
        <button
          type="button"
          key={c.studentId}
          class={c.studentId === view.student.studentId ? 'primary' : 'pill'}
          aria-pressed={c.studentId === view.student.studentId}
          onClick={() => {
            if (c.studentId !== view.student.studentId) onSwitch(c.studentId);
          }}
        >
          {t('term-child', { name: c.name, class: c.className })}
        </button>
      ))}
    </div>
  );
}

/** The chart of one subject, chosen by its chip, with its average as the diary rounds it. */
function ChartSection({
  view,
  charted,
  subject,
  pickedId,
  onPick,
}: {
  view: TermView;
  charted: TermSubject[];
  subject: TermSubject;
  pickedId: number | null;
  onPick: (subjectId: number, markId: number | null) => void;
}) {
  return (
    <section>
      <h2>{t('term-chart-title')}</h2>
      <div class="toolbar" role="group">
        {charted.map((s) => (
          <button
            type="button"
            key={s.id}
            class={s.id === subject.id ? 'primary' : 'pill'}
            aria-pressed={s.id === subject.id}
            onClick={() => onPick(s.id, null)}
          >
            {s.shortName || s.name}
          </button>
        ))}
      </div>
      {subject.average !== null && subject.rounded !== null && (
        <p>{t('term-average-rounded', { average: hundredths(subject.average), rounded: subject.rounded })}</p>
      )}
      <SubjectChart view={view} subject={subject} pickedId={pickedId} onPick={(m) => onPick(subject.id, m)} />
      <p class="hint">{t('term-chart-hint')}</p>
    </section>
  );
}

/** Screen 3: the family's term at a glance — marks, averages with trend, the chart, the week's homework. */
export function TermScreen({ me, params }: ScreenProps) {
  const [student, setStudent] = useState<number | undefined>(
    param(params, 'student') ?? me.activeStudentId ?? undefined,
  );
  const [period, setPeriod] = useState<number | undefined>(param(params, 'period'));
  const [view, setView] = useState<TermView | TermNotice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<{ subjectId: number | null; markId: number | null }>({
    subjectId: null,
    markId: null,
  });
  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : t('webapp-offline'));
  useEffect(() => {
    setError(null);
    const q = new URLSearchParams();
    if (student) q.set('student', String(student));
    if (period) q.set('period', String(period));
    api<TermView | TermNotice>(`term?${q}`).then(setView, fail);
  }, [student, period]);
  const switchTo = (id: number) =>
    void api('term/child', { body: { studentId: id } }).then(() => {
      setPeriod(undefined);
      setPick({ subjectId: null, markId: null });
      setStudent(id);
    }, fail);
  if (error) return <p class="error">{error}</p>;
  if (!view) return <p class="notice">{t('webapp-loading')}</p>;
  const head = (
    <>
      <h1>{t('term-title')}</h1>
      <ChildSwitch view={view} onSwitch={switchTo} />
      <p class="hint">{t('term-child', { name: view.student.name, class: view.student.className })}</p>
    </>
  );
  if ('notice' in view)
    return (
      <div class="term">
        {head}
        <p class="notice">{t(view.notice === 'noMarks' ? 'term-no-marks' : 'term-no-periods')}</p>
      </div>
    );
  const charted = view.subjects.filter((s) => s.marks.some((m) => isNumeric(m.value)));
  const subject = view.subjects.find((s) => s.id === pick.subjectId) ?? charted[0];
  return (
    <div class="term">
      {head}
      <label class="toolbar">
        {t('term-period')}
        <select value={view.period.id} onChange={(e) => setPeriod(Number(e.currentTarget.value))}>
          {view.periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <h2>{t('term-marks-title')}</h2>
      {view.subjects.length ? (
        <MarksTable view={view} onMark={(s, m) => setPick({ subjectId: s.id, markId: m.id })} />
      ) : (
        <p class="hint">{t('term-empty')}</p>
      )}
      {subject && (
        <ChartSection
          view={view}
          charted={charted}
          subject={subject}
          pickedId={pick.markId}
          onPick={(subjectId, markId) => setPick({ subjectId, markId })}
        />
      )}
      <HomeworkWeek studentId={view.student.studentId} />
    </div>
  );
}
