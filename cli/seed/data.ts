import type { PeriodKind, StaffRoleName } from '../../db/entities/index.js';
import raw from './demo-data.json' with { type: 'json' };

/**
 * The demo school's fixed data (names, subjects, timetable, topics), kept as
 * JSON so the Russian text stays out of code. Everything random is drawn
 * from it with a seeded PRNG.
 */
export interface DemoSubject {
  name: string;
  shortName: string;
  /** Work kinds of everyday marks (a few students per lesson). */
  regular: string[];
  /** Lessons where the whole class is marked: lesson n of the subject when n % every === at. */
  control: { kind: string; every: number; at: number }[];
  /** Templates with {n} {m} (exercise), {p} {q} (page), {s} (paragraph); they grow through the term. */
  homework?: string[];
  /** Share of past lessons with homework (default 0.9). */
  homeworkRate?: number;
}

export interface DemoClass {
  grade: number;
  letter: string;
  classTeacher: string;
  students: number;
  /** Subject → staff key; an array means the class splits into subgroups for it, one teacher each. */
  teachers: Record<string, string | string[]>;
  /** Monday…Friday, the subjects in slot order. */
  grid: string[][];
}

export interface DemoData {
  school: {
    externalId: string;
    name: string;
    shortName: string;
    timezone: string;
    thresholds: { '5': number; '4': number; '3': number };
  };
  year: { name: string; startsOn: string; endsOn: string };
  lessonsFrom: string;
  lessonsUntil: string;
  periods: { kind: PeriodKind; number: number; name: string; startsOn: string; endsOn: string }[];
  holidays: { name: string; startsOn: string; endsOn: string }[];
  daysOff: string[];
  bells: { firstStartsAt: string; lessonMinutes: number; breaksAfter: number[] };
  workKinds: { code: string; name: string; weight: number }[];
  subjects: DemoSubject[];
  staff: {
    key: string;
    lastName: string;
    firstName: string;
    middleName: string;
    roles: StaffRoleName[];
    room?: string;
  }[];
  classes: DemoClass[];
  subgroupNames: string[];
  siblingPairs: [string, string][];
  peExemptPerClass: number;
  notAttested: { class: string; subject: string; illnessFrom: string; illnessTo: string };
  currentWeek: {
    substitutions: { class: string; subject: string; by: string }[];
    cancelled: { class: string; subject: string };
  };
  /**
   * What the deputy's control panel finds in the demo (docs/control-panel.md): a teacher who enters
   * homework hours late, a class whose topics go unwritten from a date (every n-th lesson), a teacher
   * who marks control tests days late, and the subjects the school sets no homework in.
   */
  journalGaps: {
    lateHomework: { teacher: string; extraMinutes: number; minutesPerStep: number };
    untitled: { class: string; from: string; every: number };
    lateMarks: { teacher: string; kinds: string[]; extraDays: number };
    noHomeworkSubjects: string[];
  };
  names: {
    /** [name, patronymic of a son, patronymic of a daughter] */
    adultMale: [string, string, string][];
    adultFemale: string[];
    childMale: string[];
    childFemale: string[];
    /** [male form, female form] */
    surnames: [string, string][];
  };
  markComments: { low: string[]; mid: string[]; high: string[] };
  attendanceComments: Partial<Record<'illness' | 'excused' | 'unexcused', string>>;
  /** By "subject|grade", or by subject for every grade. */
  topics: Record<string, string[]>;
}

export const demo = raw as unknown as DemoData;

export const PE_SUBJECT = demo.subjects.find((s) => s.control.some((c) => c.kind === 'norm'))!.name;

export const className = (c: { grade: number; letter: string }) => `${c.grade}${c.letter}`;

export function topicsFor(subject: string, grade: number): string[] {
  return demo.topics[`${subject}|${grade}`] ?? demo.topics[subject] ?? [];
}
