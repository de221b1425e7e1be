import type { AccessProfile } from '../access/profile.js';
import { addDays, mondayOf, wallClock } from '../calendar.js';
import type { ServiceDeps } from '../services/deps.js';
import { absencesSummary, loadAbsencesYear } from './absences.js';
import type { ChartLabels } from './chart.js';
import { chartCache, type ChartCache } from './chart-cache.js';
import { loadHomeworkFiles, loadLessons, rememberTelegramFileId, type DiaryLesson } from './lessons.js';
import {
  chartSeries,
  choosePeriod,
  loadMarksYear,
  loadRules,
  marksOverview,
  subjectMarks,
  yearSummary,
  type DiaryPeriod,
} from './marks.js';
import { markSeen } from './seen.js';
import { diaryStudent, keepsMarks, type DiaryStudent } from './student.js';

/** How far ahead «homework for tomorrow» looks for the next school day (weekends, holidays). */
export const LOOKAHEAD_DAYS = 14;

/** A short answer in place of a screen: grade 1 keeps no marks or homework; the year has no periods yet. */
export type DiaryNotice = { notice: 'noMarks' | 'noHomework' | 'noPeriods' };
export const isNotice = (x: object): x is DiaryNotice => 'notice' in x;

/** What the diary's use cases share: the data source, the school's time zone and wall clock. */
interface DiaryContext {
  db: ServiceDeps['db'];
  timezone: string;
  /** The term charts' PNGs already drawn (one per student and period). */
  charts: ChartCache;
  /** The school's wall clock now: today's date and the time of day. */
  now: () => ReturnType<typeof wallClock>;
}

/** Marks: a period's, a subject's, the year's summary, the chart and the rules behind them. */
function marksUseCases({ db, now, charts }: DiaryContext) {
  /** The marks of a period, highlighting those new since the account's last visit (which this records). */
  async function marks(accountHash: string, s: DiaryStudent, periodId?: number) {
    if (!keepsMarks(s)) return { notice: 'noMarks' } as DiaryNotice;
    const year = await loadMarksYear(db, s);
    const today = now().date;
    const period = choosePeriod(year.periods, today, periodId);
    if (!period) return { notice: 'noPeriods' } as DiaryNotice;
    const newSince = await markSeen(db, accountHash, s.studentId, year.lastChange);
    return { periods: year.periods, overview: marksOverview(year, period, today, newSince) };
  }

  /** One subject's page for a period; null when the subject or period is not the student's. */
  async function subject(accountHash: string, s: DiaryStudent, subjectId: number, periodId?: number) {
    if (!keepsMarks(s)) return { notice: 'noMarks' } as DiaryNotice;
    const year = await loadMarksYear(db, s, { subjectId });
    const found = year.subjects.find((x) => x.id === subjectId);
    const today = now().date;
    const period = choosePeriod(year.periods, today, periodId);
    if (!found || !period) return null;
    const newSince = await markSeen(db, accountHash, s.studentId, year.lastChange);
    return { period, marks: subjectMarks(year, found, period, today, newSince) };
  }

  /** Every period mark of the year, and the current period to go back to. */
  async function summary(s: DiaryStudent) {
    if (!keepsMarks(s)) return { notice: 'noMarks' } as DiaryNotice;
    const year = await loadMarksYear(db, s);
    return { summary: yearSummary(year), back: choosePeriod(year.periods, now().date) };
  }

  /** The weekly averages of a period for the chart; null when the student keeps no marks or the period is not theirs. */
  async function chart(s: DiaryStudent, periodId: number) {
    if (!keepsMarks(s)) return null;
    const year = await loadMarksYear(db, s, { periodId });
    const today = now().date;
    const period: DiaryPeriod | null = choosePeriod(year.periods, today, periodId);
    if (!period) return null;
    return { period, series: chartSeries(year, period, today), settings: year.settings };
  }

  /**
   * The chart's data and its PNG on demand (`png()`: the caller may answer
   * first), drawn only when the picture changed since the last press
   * (core/diary/chart-cache.ts); `labels` are the front end's words.
   */
  async function chartPicture(s: DiaryStudent, periodId: number) {
    const c = await chart(s, periodId);
    if (!c) return null;
    return { ...c, png: (labels: ChartLabels) => charts.png(s.studentId, c.period.id, c.series, labels) };
  }

  /** Absences of a period (the current one by default). */
  async function absences(s: DiaryStudent, periodId?: number) {
    const year = await loadAbsencesYear(db, s);
    const period = choosePeriod(year.periods, now().date, periodId);
    if (!period) return { notice: 'noPeriods' } as DiaryNotice;
    return { periods: year.periods, summary: absencesSummary(year, period) };
  }

  return {
    marks,
    subject,
    summary,
    /** The school's thresholds and work kinds' weights («how is it computed»). */
    rules: (schoolId: number) => loadRules(db, schoolId),
    absences,
    chart,
    chartPicture,
  };
}

/** Lessons: homework and the timetable of a day or a week, and the homework's files. */
function lessonsUseCases({ db, timezone, now }: DiaryContext) {
  /** Homework of a day; without a day, tomorrow's — or, over a weekend or holidays, the next day with lessons. */
  async function homeworkDay(s: DiaryStudent, date?: string) {
    if (!keepsMarks(s)) return { notice: 'noHomework' } as DiaryNotice;
    const { date: today } = now();
    if (date) return { date, today, lessons: await loadLessons(db, s, date, date), movedFromTomorrow: false, timezone };
    const tomorrow = addDays(today, 1);
    const ahead = await loadLessons(db, s, tomorrow, addDays(tomorrow, LOOKAHEAD_DAYS - 1));
    const first = ahead[0]?.date;
    if (!first) return { none: true as const, today };
    return {
      date: first,
      today,
      lessons: ahead.filter((l) => l.date === first),
      movedFromTomorrow: first !== tomorrow,
      timezone,
    };
  }

  /** Lessons of the week (Monday to Sunday) that contains `date`. */
  async function week(s: DiaryStudent, date: string) {
    const monday = mondayOf(date);
    const lessons: DiaryLesson[] = await loadLessons(db, s, monday, addDays(monday, 6));
    return { monday, today: now().date, lessons, timezone };
  }

  /** The timetable of a day (today by default), with the time of day for the «now / next» line. */
  async function scheduleDay(s: DiaryStudent, date?: string) {
    const { date: today, time } = now();
    const day = date ?? today;
    return { date: day, today, time, lessons: await loadLessons(db, s, day, day) };
  }

  return {
    homeworkDay,
    homeworkWeek: async (s: DiaryStudent, date: string) =>
      keepsMarks(s) ? week(s, date) : ({ notice: 'noHomework' } as DiaryNotice),
    scheduleDay,
    scheduleWeek: week,
    /** A homework's files, only for a lesson of the student's own class and subgroup; null otherwise. */
    homeworkFiles: async (s: DiaryStudent, lessonId: number) =>
      keepsMarks(s) ? loadHomeworkFiles(db, s, lessonId) : null,
    /** Telegram's id of a file once sent, so it is not uploaded again. */
    rememberFileId: (attachmentId: number, fileId: string) => rememberTelegramFileId(db, attachmentId, fileId),
  };
}

/**
 * The diary's use cases (seed 000 §2.2, §3.9): what a family screen shows for
 * one student, computed here from the journal; the front end only renders.
 * The caller has resolved the student through `student` (the policy).
 */
export function diaryService(deps: ServiceDeps) {
  const { db } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const now = () => wallClock(timezone, deps.clock.now());
  const context: DiaryContext = { db, timezone, now, charts: chartCache() };
  return {
    now,
    /** Whose diary: the account's active child or the student themself, as the policy allows. */
    student: (p: AccessProfile | null, studentId?: number) => diaryStudent(db, p, studentId),
    ...marksUseCases(context),
    ...lessonsUseCases(context),
  };
}
