import type { MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import { choosePeriod } from '../diary/marks.js';
import type { ServiceDeps } from '../services/deps.js';
import { todayIn } from '../today/index.js';
import { gridOptions, gridTarget } from './access.js';
import { periodSummaries } from './averages.js';
import { openLesson, saveAttendanceCell, saveMarkCell, type AttendanceCellInput, type MarkCellInput } from './cells.js';
import { saveLessonText, savePeriodMark } from './lesson-writes.js';
import { loadGrid } from './queries.js';
import type { GridView, WriteRefusal, WriteResult } from './types.js';

export type * from './types.js';
/** The values a mark may take (1–5, «осв», «н/а», «зач», «безотм»), for the API's schemas. */
export { MARK_VALUES } from '../../db/entities/index.js';
export type { AttendanceCellInput, MarkCellInput } from './cells.js';

/** Which grid: a class (or subgroup) and subject, over a period or dates (by default the current period). */
export interface GridRef {
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  periodId?: number;
  from?: string;
  to?: string;
}

/**
 * The teacher's journal grid (the Mini App's screen 1), bound to the database,
 * the clock and the entry window (TEACHER_ENTRY_DAYS, as /today). Every write
 * is checked against what the page saw (see cells.ts).
 */
export function gridService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const windowDays = deps.config.TEACHER_ENTRY_DAYS;
  const today = () => todayIn(deps.config.SCHOOL_TIMEZONE, clock.now());

  async function grid(p: AccessProfile, ref: GridRef): Promise<GridView | WriteRefusal> {
    const t = await gridTarget(db, p, ref);
    if (!t) return { refused: 'forbidden' };
    const periods = t.periods;
    const day = today();
    if (ref.from && ref.to) return loadGrid(db, p, t, { period: null, from: ref.from, to: ref.to }, day, windowDays);
    const period = ref.periodId !== undefined ? periods.find((x) => x.id === ref.periodId) : choosePeriod(periods, day);
    if (ref.periodId !== undefined && !period) return { refused: 'forbidden' };
    if (period) return loadGrid(db, p, t, { period, from: period.startsOn, to: period.endsOn }, day, windowDays);
    const [year] = await db.query(`SELECT "startsOn", "endsOn" FROM academic_year WHERE id = $1`, [t.academicYearId]);
    return loadGrid(db, p, t, { period: null, from: year.startsOn, to: year.endsOn }, day, windowDays);
  }

  /** A write for one lesson: the lesson must be open to this teacher today (lessonForEntry). */
  const forLesson =
    <I>(write: (p: AccessProfile, l: Parameters<typeof saveMarkCell>[2], i: I) => Promise<WriteResult>) =>
    async (p: AccessProfile, lessonId: number, i: I): Promise<WriteResult> => {
      const r = await openLesson(db, p, lessonId, today(), windowDays);
      return 'lesson' in r ? write(p, r.lesson, i) : r;
    };

  return {
    today,
    /** The pairs the account may open, and the periods to pick from. */
    options: (p: AccessProfile) => gridOptions(db, p, today()),
    grid,
    /** A mark cell; with the grid's dates, the student's new average and suggestion come back too. */
    saveMark: forLesson(
      async (p, l, i: MarkCellInput & { range?: { from: string; to: string } }): Promise<WriteResult> => {
        const r = await saveMarkCell(db, p, l, i, clock.now());
        if (!('saved' in r) || !i.range) return r;
        const summary = (await periodSummaries(db, l.schoolId, l.subjectId, [i.studentId], i.range)).get(i.studentId)!;
        return { ...r, summary };
      },
    ),
    saveAttendance: forLesson((p, l, i: AttendanceCellInput) => saveAttendanceCell(db, p, l, i, clock.now())),
    saveLessonText: forLesson((p, l, i: { field: 'topic' | 'homework'; text: string | null; seen: string | null }) =>
      saveLessonText(db, p, l, i, clock.now()),
    ),
    /** The appointed teacher sets a student's period mark. */
    savePeriodMark: async (
      p: AccessProfile,
      ref: { classId: number; subjectId: number; subgroupId: number | null },
      i: { periodId: number; studentId: number; value: MarkValue; seen: MarkValue | null },
    ): Promise<WriteResult> => {
      const t = await gridTarget(db, p, ref);
      return t ? savePeriodMark(db, p, t, i, clock.now()) : { refused: 'forbidden' };
    },
  };
}

export type GridService = ReturnType<typeof gridService>;
