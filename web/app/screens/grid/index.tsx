import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import type { GridPair, GridPeriod, GridView } from '../../../server/routes/grid.js';
import { t } from '../../texts.js';
import type { Launch } from '../../telegram.js';
import { GridBody } from './body.js';
import { JournalEntries } from './journal.js';
import { stopJournal, watchJournal } from './journal-refresh.js';
import { makeStore, type Store } from './store.js';
import './grid.css';

interface Options {
  pairs: GridPair[];
  periods: GridPeriod[];
}

interface Choice {
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  /** null: the server's choice (the current period). */
  periodId: number | null;
}

const pairKey = (p: { classId: number; subjectId: number; subgroupId: number | null }) =>
  `${p.classId}:${p.subjectId}:${p.subgroupId ?? ''}`;

const pairName = (p: GridPair) => `${p.className}${p.subgroup ? ` (${p.subgroup})` : ''} — ${p.subject}`;

/** The choice in the query string (`?screen=grid&class=…&subject=…`), else the teacher's first pair. */
function firstChoice(params: URLSearchParams, o: Options): Choice | null {
  const num = (k: string) => (params.get(k) ? Number(params.get(k)) : null);
  const classId = num('class');
  const subjectId = num('subject');
  if (classId && subjectId) return { classId, subjectId, subgroupId: num('subgroup'), periodId: num('period') };
  const p = o.pairs.find((x) => !x.readOnly) ?? o.pairs[0];
  return p ? { classId: p.classId, subjectId: p.subjectId, subgroupId: p.subgroupId, periodId: null } : null;
}

const gridPath = (c: Choice) =>
  `grid?${new URLSearchParams({
    class: String(c.classId),
    subject: String(c.subjectId),
    ...(c.subgroupId ? { subgroup: String(c.subgroupId) } : {}),
    ...(c.periodId ? { period: String(c.periodId) } : {}),
  }).toString()}`;

const failure = (e: unknown) => (e instanceof ApiError ? e.message : t('webapp-offline'));

/** The teacher's journal grid: class and subject, period, then students × lessons (issue 16, screen 1). */
export function GridScreen({ params, launch }: { params: URLSearchParams; launch: Launch }) {
  const [options, setOptions] = useState<Options | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const store = useRef<Store | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    api<Options>('grid/options').then(
      (o) => {
        setOptions(o);
        setChoice(firstChoice(params, o));
      },
      (e: unknown) => setError(failure(e)),
    );
  }, [params]);
  useEffect(() => {
    if (!choice) return;
    store.current = null;
    setError(null);
    redraw(0);
    let shown: Store | null = null;
    api<GridView>(gridPath(choice)).then(
      (v) => {
        store.current = shown = makeStore(v);
        watchJournal(shown, () => redraw(0));
        redraw(0);
      },
      (e: unknown) => setError(failure(e)),
    );
    // Another grid chosen, or the screen left: this one's entries are no longer read.
    return () => {
      if (shown) stopJournal(shown);
    };
  }, [choice]);
  if (error) return <p class="notice error">{t('grid-load-failed', { reason: error })}</p>;
  if (!options || (choice && !store.current)) return <p class="notice">{t('webapp-loading')}</p>;
  if (!choice) return <p class="notice">{t('grid-none')}</p>;
  const s = store.current!;
  return (
    <section class="grid-screen">
      <Pickers options={options} choice={choice} view={s.view} onChoose={setChoice} />
      {s.view.readOnly && <p class="hint">{t('grid-read-only')}</p>}
      {!s.view.keepsMarks && <p class="hint">{t('grid-grade-no-marks')}</p>}
      {!s.view.students.length ? (
        <p class="notice">{t('grid-no-students')}</p>
      ) : !s.view.lessons.length ? (
        <p class="notice">{t('grid-no-lessons')}</p>
      ) : (
        <GridBody key={pairKey(choice) + s.view.from} s={s} launch={launch} redraw={() => redraw(0)} />
      )}
      <JournalEntries entries={s.view.journal} />
    </section>
  );
}

function Pickers(p: { options: Options; choice: Choice; view: GridView; onChoose: (c: Choice) => void }) {
  const { options, choice } = p;
  return (
    <div class="toolbar">
      <label>
        <span class="hint">{t('grid-pick-class')} </span>
        <select
          value={pairKey(choice)}
          onChange={(e) => {
            const pair = options.pairs.find((x) => pairKey(x) === e.currentTarget.value);
            if (pair) p.onChoose({ ...pair, periodId: choice.periodId });
          }}
        >
          {options.pairs.map((x) => (
            <option key={pairKey(x)} value={pairKey(x)}>
              {pairName(x)}
            </option>
          ))}
        </select>
      </label>
      {options.periods.length > 0 && (
        <label>
          <span class="hint">{t('grid-pick-period')} </span>
          <select
            value={String(p.view.period?.id ?? '')}
            onChange={(e) => p.onChoose({ ...choice, periodId: Number(e.currentTarget.value) })}
          >
            {options.periods.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
