import type { DataSource } from 'typeorm';
import type { MarkValue, PeriodKind, SchoolSettings } from '../../db/entities/index.js';
import { addDays } from '../calendar.js';
import {
  averageHundredths,
  averageStats,
  forecast,
  roundToMark,
  thresholdsOf,
  trend,
  type AverageStats,
  type Forecast,
} from './rules.js';
import { OWN_SUBGROUP_SQL, type DiaryStudent } from './student.js';

export interface DiaryPeriod {
  id: number;
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
}
export interface DiarySubject {
  id: number;
  name: string;
  shortName: string;
}
export interface DiaryMark {
  id: number;
  subjectId: number;
  date: string;
  value: MarkValue;
  comment: string | null;
  kindCode: string;
  kindName: string;
  /** hundredths */ weight: number;
  updatedAt: string;
  topic: string | null;
}
export interface DiaryPeriodMark {
  subjectId: number;
  periodId: number;
  value: MarkValue;
}

/** Everything the marks views need for one student's academic year, read in one query. */
export interface MarksYear {
  settings: SchoolSettings;
  periods: DiaryPeriod[];
  subjects: DiarySubject[];
  marks: DiaryMark[];
  periodMarks: DiaryPeriodMark[];
  /** The latest change to any of the student's marks (for «new since you last looked»). */
  lastChange: Date | null;
}

const KIND_ORDER: Record<PeriodKind, number> = { quarter: 0, trimester: 1, halfYear: 2, year: 3 };

/**
 * One indexed query: the school's thresholds, the year's periods, the subjects
 * the student has (lessons of the class and own subgroups, marks, period
 * marks), every mark of the year with its work kind and weight (and the lesson
 * topic when one subject or `topics` is asked for), and the period marks.
 * With `periodId`, marks and lessons of that period only (if it is of the year).
 */
export async function loadMarksYear(
  ds: DataSource,
  s: DiaryStudent,
  opts: { subjectId?: number; topics?: boolean; periodId?: number } = {},
): Promise<MarksYear> {
  const bySubject = opts.subjectId !== undefined;
  const withTopics = bySubject || !!opts.topics;
  const params: unknown[] = [s.studentId, s.classId];
  const param = (v: unknown) => `$${params.push(v)}`;
  const subjectParam = bySubject ? param(opts.subjectId) : '';
  // One period's marks and lessons only when asked (the chart, the term screen); the whole year if it is not of this year.
  const period = opts.periodId !== undefined ? param(opts.periodId) : 'NULL::int';
  const [row] = await ds.query(
    `WITH yr AS (SELECT c."academicYearId" AS id, sc.settings FROM school_class c JOIN school sc ON sc.id = c."schoolId" WHERE c.id = $2),
     per AS (SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn" FROM period p JOIN yr ON p."academicYearId" = yr.id),
     bounds AS (SELECT coalesce(max("startsOn") FILTER (WHERE id = ${period}), min("startsOn")) AS f,
                       coalesce(max("endsOn") FILTER (WHERE id = ${period}), max("endsOn")) AS t FROM per),
     m AS (
       SELECT m.id, m."subjectId", m.date, m.value, m.comment, wk.code AS "kindCode", wk.name AS "kindName",
              round(wk.weight * 100)::int AS weight, m."updatedAt", ${withTopics ? 'l.topic' : 'NULL::text AS topic'}
         FROM mark m JOIN work_kind wk ON wk.id = m."workKindId" ${withTopics ? 'LEFT JOIN lesson l ON l.id = m."lessonId"' : ''}
         CROSS JOIN bounds
        WHERE m."studentId" = $1 AND NOT m.deleted AND m.date BETWEEN bounds.f AND bounds.t ${bySubject ? `AND m."subjectId" = ${subjectParam}` : ''}),
     pm AS (SELECT "subjectId", "periodId", value FROM period_mark WHERE "studentId" = $1 AND "periodId" IN (SELECT id FROM per)),
     subj AS (
       SELECT DISTINCT l."subjectId" AS id FROM lesson l CROSS JOIN bounds
        WHERE l."classId" = $2 AND l.date BETWEEN bounds.f AND bounds.t AND ${OWN_SUBGROUP_SQL}
       UNION SELECT "subjectId" FROM m UNION SELECT "subjectId" FROM pm)
     SELECT (SELECT settings FROM yr) AS settings,
            (SELECT json_agg(per) FROM per) AS periods,
            (SELECT json_agg(json_build_object('id', sb.id, 'name', sb.name, 'shortName', sb."shortName") ORDER BY sb.name)
               FROM subject sb JOIN subj ON subj.id = sb.id) AS subjects,
            (SELECT json_agg(m ORDER BY m.date, m.id) FROM m) AS marks,
            (SELECT json_agg(pm) FROM pm) AS "periodMarks",
            (SELECT max("updatedAt") FROM mark WHERE "studentId" = $1) AS "lastChange"`,
    params,
  );
  const periods: DiaryPeriod[] = (row.periods ?? []).sort(
    (a: DiaryPeriod, b: DiaryPeriod) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.number - b.number,
  );
  return {
    settings: row.settings,
    periods,
    subjects: row.subjects ?? [],
    marks: row.marks ?? [],
    periodMarks: row.periodMarks ?? [],
    lastChange: row.lastChange ? new Date(row.lastChange) : null,
  };
}

/**
 * The period a view opens with: the one asked for if it is of this year;
 * otherwise the shortest period (quarter before half-year before year) that
 * contains today, else the last one ended, else the first to come.
 */
export function choosePeriod(periods: DiaryPeriod[], today: string, requested?: number | null): DiaryPeriod | null {
  const asked = periods.find((p) => p.id === requested);
  if (asked) return asked;
  const current = periods.filter((p) => p.startsOn <= today && today <= p.endsOn);
  if (current.length) return current[0];
  const shortest = periods.filter((p) => KIND_ORDER[p.kind] === Math.min(...periods.map((x) => KIND_ORDER[x.kind])));
  const ended = shortest.filter((p) => p.endsOn < today).sort((a, b) => b.endsOn.localeCompare(a.endsOn));
  return ended[0] ?? shortest.sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0] ?? null;
}

export interface SubjectMarks {
  subject: DiarySubject;
  marks: DiaryMark[];
  stats: AverageStats | null;
  /** The weighted average in hundredths (cut), null without numeric marks. */
  average: number | null;
  /** The mark the average rounds to with the school's thresholds. */
  rounded: 2 | 3 | 4 | 5 | null;
  /** Against a week ago, in hundredths. */
  trend: number | null;
  forecast: Forecast | null;
  periodMark: MarkValue | null;
  /** Ids of marks changed since the account last looked. */
  fresh: Set<number>;
}

export interface MarksOverview {
  period: DiaryPeriod;
  subjects: SubjectMarks[];
  freshCount: number;
}

const inPeriod = (p: DiaryPeriod) => (m: { date: string }) => m.date >= p.startsOn && m.date <= p.endsOn;

export function subjectMarks(
  year: MarksYear,
  subject: DiarySubject,
  period: DiaryPeriod,
  today: string,
  newSince: Date | null,
): SubjectMarks {
  const marks = year.marks.filter((m) => m.subjectId === subject.id).filter(inPeriod(period));
  const thresholds = thresholdsOf(year.settings);
  const stats = averageStats(marks);
  const fresh = new Set(newSince ? marks.filter((m) => new Date(m.updatedAt) > newSince).map((m) => m.id) : []);
  return {
    subject,
    marks,
    stats,
    average: stats ? averageHundredths(stats) : null,
    rounded: stats ? roundToMark(stats, thresholds) : null,
    // A trend means something only while the period runs.
    trend: period.startsOn <= today && today <= period.endsOn ? trend(marks, addDays(today, -7)) : null,
    forecast: forecast(marks, thresholds),
    periodMark: year.periodMarks.find((x) => x.subjectId === subject.id && x.periodId === period.id)?.value ?? null,
    fresh,
  };
}

/** Per subject: the period's marks, average, trend, forecast and period mark. Subjects without anything are left out. */
export function marksOverview(
  year: MarksYear,
  period: DiaryPeriod,
  today: string,
  newSince: Date | null,
): MarksOverview {
  const subjects = year.subjects
    .map((s) => subjectMarks(year, s, period, today, newSince))
    .filter((s) => s.marks.length || s.periodMark);
  return { period, subjects, freshCount: subjects.reduce((n, s) => n + s.fresh.size, 0) };
}

export interface YearSummary {
  periods: DiaryPeriod[];
  rows: { subject: DiarySubject; marks: (MarkValue | null)[] }[];
}

/** Every period mark of the year, subject by subject (a dash where none is set yet). */
export function yearSummary(year: MarksYear): YearSummary {
  const rows = year.subjects
    .map((subject) => ({
      subject,
      marks: year.periods.map(
        (p) => year.periodMarks.find((x) => x.subjectId === subject.id && x.periodId === p.id)?.value ?? null,
      ),
    }))
    .filter((r) => r.marks.some((m) => m !== null) || year.marks.some((m) => m.subjectId === r.subject.id));
  return { periods: year.periods, rows };
}

export interface ChartSeries {
  period: DiaryPeriod;
  /** The Sundays closing each week of the period shown (up to today). */
  weeks: string[];
  subjects: {
    subject: DiarySubject;
    points: (number | null)[];
    average: number | null;
    rounded: 2 | 3 | 4 | 5 | null;
  }[];
  thresholds: Record<3 | 4 | 5, number>;
}

/** The running weighted average of each subject at the end of every week of the period (hundredths). */
export function chartSeries(year: MarksYear, period: DiaryPeriod, today: string): ChartSeries {
  const last = today < period.endsOn ? (today < period.startsOn ? period.startsOn : today) : period.endsOn;
  const weeks: string[] = [];
  for (
    let d = addDays(period.startsOn, 7 - (new Date(`${period.startsOn}T00:00:00Z`).getUTCDay() || 7));
    ;
    d = addDays(d, 7)
  ) {
    weeks.push(d < last ? d : last);
    if (d >= last) break;
  }
  const thresholds = thresholdsOf(year.settings);
  const subjects = year.subjects
    .map((subject) => {
      const marks = year.marks.filter((m) => m.subjectId === subject.id).filter(inPeriod(period));
      const points = weeks.map((w) => {
        const s = averageStats(marks.filter((m) => m.date <= w));
        return s ? averageHundredths(s) : null;
      });
      const s = averageStats(marks);
      return {
        subject,
        points,
        average: s ? averageHundredths(s) : null,
        rounded: s ? roundToMark(s, thresholds) : null,
      };
    })
    .filter((x) => x.average !== null);
  return { period, weeks, subjects, thresholds };
}

/** The school's thresholds and the weights of its work kinds, for «how is it computed». One query. */
export async function loadRules(
  ds: DataSource,
  schoolId: number,
): Promise<{ settings: SchoolSettings; workKinds: { name: string; weight: number }[] }> {
  const [row] = await ds.query(
    `SELECT sc.settings,
            COALESCE((SELECT json_agg(json_build_object('name', wk.name, 'weight', round(wk.weight * 100)::int) ORDER BY wk.weight DESC, wk.name)
                        FROM work_kind wk WHERE wk."schoolId" = sc.id), '[]') AS "workKinds"
       FROM school sc WHERE sc.id = $1`,
    [schoolId],
  );
  return { settings: row.settings, workKinds: row.workKinds };
}
