import type { MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import { addDays } from '../calendar.js';
import { subjectMarks, type DiaryPeriod, type MarksYear } from '../diary/marks.js';
import { thresholdsOf, trend } from '../diary/rules.js';
import type { DiaryStudent } from '../diary/student.js';

/**
 * The family's term at a glance (the Mini App's `term` screen): plain JSON
 * data, every figure computed by the diary's own functions so that the page
 * and the chat's /marks never disagree.
 */

/** How far back the trend looks. */
export const TREND_DAYS = 14;

export interface TermChild {
  studentId: number;
  name: string;
  className: string;
  /** The child the chat's diary shows now (the account's active child). */
  active: boolean;
}

export interface TermMark {
  id: number;
  date: string;
  value: MarkValue;
  /** The work kind's name («Контрольная работа») and weight in hundredths. */
  kind: string;
  weight: number;
  comment: string | null;
  /** The topic of the lesson the mark was given at. */
  topic: string | null;
}

export interface TermSubject {
  id: number;
  name: string;
  shortName: string;
  marks: TermMark[];
  /** The weighted average in hundredths, rounded half up as the diary shows it; null without numeric marks. */
  average: number | null;
  /** The period mark that average rounds to with the school's thresholds. */
  rounded: 2 | 3 | 4 | 5 | null;
  /** The average now minus the average TREND_DAYS ago (hundredths); null outside the running period or without marks then. */
  trend: number | null;
  periodMark: MarkValue | null;
}

/** Whose term is shown and which other children the account may switch to. */
export interface TermWho {
  student: { studentId: number; name: string; className: string };
  children: TermChild[];
}

export interface TermView extends TermWho {
  periods: DiaryPeriod[];
  period: DiaryPeriod;
  today: string;
  /** The school's thresholds of «5», «4», «3» in hundredths (the chart's bands). */
  thresholds: Record<3 | 4 | 5, number>;
  trendDays: number;
  subjects: TermSubject[];
}

/** Grade 1 keeps no marks; a year without periods has nothing to show yet. */
export interface TermNotice extends TermWho {
  notice: 'noMarks' | 'noPeriods';
}

export function termWho(p: AccessProfile, s: DiaryStudent): TermWho {
  return {
    student: { studentId: s.studentId, name: `${s.firstName} ${s.lastName}`, className: s.className },
    children: p.children.map((c) => ({
      studentId: c.studentId,
      name: `${c.firstName} ${c.lastName}`,
      className: c.className,
      active: c.studentId === s.studentId,
    })),
  };
}

/**
 * The trend compares with the average two weeks earlier, within the same
 * period. Not the previous period at the same point: a new quarter starts
 * with one or two marks a subject, and its topics differ, so that comparison
 * swings on a single mark. Not the diary's one week either: a subject taught
 * once or twice a week often has no new mark in a week, and the arrow would
 * mostly say «no change». Two weeks hold 2–8 lessons of every subject.
 */
export function termSubjects(year: MarksYear, period: DiaryPeriod, today: string): TermSubject[] {
  const running = period.startsOn <= today && today <= period.endsOn;
  return year.subjects
    .map((subject) => ({ subject, m: subjectMarks(year, subject, period, today, null) }))
    .filter(({ m }) => m.marks.length || m.periodMark)
    .map(({ subject, m }) => ({
      id: subject.id,
      name: subject.name,
      shortName: subject.shortName,
      marks: m.marks.map((x) => ({
        id: x.id,
        date: x.date,
        value: x.value,
        kind: x.kindName,
        weight: x.weight,
        comment: x.comment,
        topic: x.topic,
      })),
      average: m.average,
      rounded: m.rounded,
      trend: running ? trend(m.marks, addDays(today, -TREND_DAYS)) : null,
      periodMark: m.periodMark,
    }));
}

export const termThresholds = (year: MarksYear) => thresholdsOf(year.settings);
