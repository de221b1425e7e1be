import type { MarkValue } from '../../db/entities/index.js';
import { GRADES_WITHOUT_MARKS } from '../../core/journal/rules.js';
import { dayAbsenceAt, planAbsences, type DayAbsence, type PlannedAbsence } from './absence-plan.js';
import { demo, PE_SUBJECT, type DemoSubject } from './data.js';
import { subgroupMembers, type PlannedStudent } from './people.js';
import type { Random } from './random.js';
import type { PlannedLesson } from './timetable.js';

export interface PlannedMark {
  studentKey: string;
  workKind: string;
  value: MarkValue;
  comment: string | null;
  /** Entered this many minutes after the lesson ended. */
  minutesAfter: number;
}

export type { PlannedAbsence } from './absence-plan.js';

export interface LessonPlan {
  lesson: PlannedLesson;
  marks: PlannedMark[];
  absences: PlannedAbsence[];
  homework: string | null;
  homeworkMinutesAfter: number;
  /** False where the teacher left the topic unwritten (demo.journalGaps.untitled). */
  topicWritten: boolean;
}

export interface JournalPlan {
  lessons: LessonPlan[];
  /** Students exempt from physical education (no marks in it; «осв» for the quarter). */
  peExempt: Set<string>;
  /** The one student not attested («н/а») in one subject for quarter 1. */
  notAttested: { studentKey: string; subject: string };
}

const subjects = new Map<string, DemoSubject>(demo.subjects.map((s) => [s.name, s]));
const quarter1 = demo.periods.find((p) => p.kind === 'quarter' && p.number === 1)!;

/** Students exempt from physical education and the one not attested, drawn per class. */
function pickSpecials(
  byClass: Map<string, PlannedStudent[]>,
  rng: Random,
): Pick<JournalPlan, 'peExempt' | 'notAttested'> {
  const peExempt = new Set<string>();
  let notAttested: JournalPlan['notAttested'] | null = null;
  for (const [cls, list] of byClass) {
    if (GRADES_WITHOUT_MARKS.has(list[0].grade)) continue;
    const r = rng.fork(`special:${cls}`);
    const picked = r.sample(list, demo.peExemptPerClass + 1);
    picked.slice(0, demo.peExemptPerClass).forEach((s) => peExempt.add(s.key));
    if (cls === demo.notAttested.class)
      notAttested = { studentKey: picked[demo.peExemptPerClass].key, subject: demo.notAttested.subject };
  }
  if (!notAttested) throw new Error('demo data: notAttested.class is not a class with marks');
  return { peExempt, notAttested };
}

/** What planning a lesson needs from the whole term. */
interface TermContext {
  rng: Random;
  members: (l: PlannedLesson) => PlannedStudent[];
  absences: Map<string, Map<string, DayAbsence>>;
  lastSlot: Map<string, number>;
  /** Marks given so far per `${studentKey}|${subject}`: teachers spread everyday marks. */
  markCount: Map<string, number>;
  specials: Pick<JournalPlan, 'peExempt' | 'notAttested'>;
}

/** The lesson's marks: everyone present at a control work, else a few with the fewest marks. */
function planMarks(lesson: PlannedLesson, present: PlannedStudent[], plan: LessonPlan, r: Random, t: TermContext) {
  const { peExempt, notAttested } = t.specials;
  const subject = subjects.get(lesson.subject)!;
  const inQ1 = lesson.date <= quarter1.endsOn;
  const markable = present.filter((s) => {
    if (lesson.subject === PE_SUBJECT && peExempt.has(s.key)) return false;
    if (inQ1 && s.key === notAttested.studentKey && lesson.subject === notAttested.subject)
      return !t.markCount.get(`${s.key}|${lesson.subject}`);
    return true;
  });
  const control = subject.control.find((c) => lesson.seq % c.every === c.at);
  const chosen = control
    ? markable
    : markable
        .map((s) => ({ s, w: (t.markCount.get(`${s.key}|${lesson.subject}`) ?? 0) + r.next() * 2.5 }))
        .sort((a, b) => a.w - b.w)
        .slice(0, r.int(2, lesson.subgroup === null ? 5 : 4))
        .map((x) => x.s);
  for (const s of chosen) {
    const value = drawMark(s, lesson.subject, !!control, r, t.rng);
    const workKind = control?.kind ?? r.pick(subject.regular);
    const comment = commentFor(value, r);
    let minutesAfter = r.int(5, 120);
    const late = demo.journalGaps.lateMarks;
    if (lesson.teacher === late.teacher && late.kinds.includes(workKind))
      minutesAfter = late.extraDays * 24 * 60 + minutesAfter * 30;
    plan.marks.push({ studentKey: s.key, workKind, value, comment, minutesAfter });
    t.markCount.set(`${s.key}|${lesson.subject}`, (t.markCount.get(`${s.key}|${lesson.subject}`) ?? 0) + 1);
  }
}

function planLesson(lesson: PlannedLesson, t: TermContext): LessonPlan {
  const r = t.rng.fork(lesson.key);
  const plan: LessonPlan = {
    lesson,
    marks: [],
    absences: [],
    homework: null,
    homeworkMinutesAfter: r.int(2, 80),
    topicWritten: true,
  };
  // The demo's gaps for the control panel, from values already drawn (the rest of the school stays as drawn).
  const gaps = demo.journalGaps;
  if (lesson.teacher === gaps.lateHomework.teacher)
    plan.homeworkMinutesAfter =
      gaps.lateHomework.extraMinutes + plan.homeworkMinutesAfter * gaps.lateHomework.minutesPerStep;
  if (
    lesson.className === gaps.untitled.class &&
    lesson.date >= gaps.untitled.from &&
    lesson.seq % gaps.untitled.every === 0
  )
    plan.topicWritten = false;
  const present: PlannedStudent[] = [];
  for (const s of t.members(lesson)) {
    const day = t.absences.get(s.key)?.get(lesson.date);
    const a = dayAbsenceAt(day, lesson, t.lastSlot.get(`${lesson.className}|${lesson.date}`)!);
    if (a) plan.absences.push({ studentKey: s.key, ...a });
    if (a?.status !== 'absent') present.push(s);
  }
  if (GRADES_WITHOUT_MARKS.has(lesson.grade)) return plan;
  planMarks(lesson, present, plan, r, t);
  const subject = subjects.get(lesson.subject)!;
  if (subject.homework?.length && r.chance(subject.homeworkRate ?? 0.9))
    plan.homework = fillHomework(r.pick(subject.homework), lesson.seq, r);
  return plan;
}

/**
 * Marks, absences and homework for every lesson of the term, drawn once in
 * date order; the seed writes the part before "today". Teachers spread
 * everyday marks to students with fewer marks, as the deputy expects.
 */
export function planJournal(
  lessons: PlannedLesson[],
  students: PlannedStudent[],
  days: string[],
  rng: Random,
): JournalPlan {
  const byClass = new Map<string, PlannedStudent[]>();
  for (const s of students) byClass.set(s.className, [...(byClass.get(s.className) ?? []), s]);
  const members = (l: PlannedLesson) => {
    const all = byClass.get(l.className) ?? [];
    return l.subgroup === null ? all : subgroupMembers(all, l.subgroup);
  };
  const specials = pickSpecials(byClass, rng);
  const absences = planAbsences(students, days, rng, specials.notAttested.studentKey);
  const lastSlot = new Map<string, number>();
  for (const l of lessons)
    lastSlot.set(`${l.className}|${l.date}`, Math.max(l.slot, lastSlot.get(`${l.className}|${l.date}`) ?? 0));
  const term: TermContext = { rng, members, absences, lastSlot, markCount: new Map(), specials };
  const ordered = [...lessons].sort((a, b) => a.date.localeCompare(b.date) || a.slot - b.slot);
  const plans = ordered.map((lesson) => planLesson(lesson, term));
  return { lessons: plans, ...specials };
}

function drawMark(s: PlannedStudent, subject: string, control: boolean, r: Random, root: Random): MarkValue {
  const talent = root.fork(`talent:${s.key}|${subject}`).normal(0, 0.3);
  const v = Math.round(s.ability + talent + r.normal(0, 0.75) - (control ? 0.2 : 0));
  return String(Math.min(5, Math.max(2, v))) as MarkValue;
}

function commentFor(value: MarkValue, r: Random): string | null {
  const c = demo.markComments;
  if (value === '2') return r.chance(0.4) ? r.pick(c.low) : null;
  if (value === '3') return r.chance(0.1) ? r.pick(c.mid) : null;
  if (value === '5') return r.chance(0.06) ? r.pick(c.high) : null;
  return null;
}

/** Exercise numbers, pages and paragraphs grow through the term. */
function fillHomework(template: string, seq: number, r: Random): string {
  const n = 10 + seq * 4 + r.int(0, 3);
  const p = 4 + seq * 2 + r.int(0, 1);
  const values: Record<string, number> = { n, m: n + r.int(1, 3), p, q: p + r.int(2, 5), s: 1 + Math.floor(seq / 3) };
  return template.replace(/\{([nmpqs])\}/g, (_, k: string) => String(values[k]));
}

/**
 * Quarter-1 marks: the weighted average rounded by the school's thresholds,
 * «осв» and «н/а» where planned.
 */
export function planQuarterMarks(
  plan: JournalPlan,
  written: (date: string) => boolean,
  students: PlannedStudent[],
): { studentKey: string; subject: string; value: MarkValue }[] {
  const weight = new Map(demo.workKinds.map((k) => [k.code, k.weight]));
  const sums = new Map<string, { sum: number; w: number }>();
  const courses = new Set<string>();
  for (const { lesson, marks } of plan.lessons) {
    if (lesson.date > quarter1.endsOn || !written(lesson.date) || GRADES_WITHOUT_MARKS.has(lesson.grade)) continue;
    courses.add(`${lesson.className}|${lesson.subject}`);
    for (const m of marks) {
      const key = `${m.studentKey}|${lesson.subject}`;
      const acc = sums.get(key) ?? { sum: 0, w: 0 };
      acc.sum += Number(m.value) * weight.get(m.workKind)!;
      acc.w += weight.get(m.workKind)!;
      sums.set(key, acc);
    }
  }
  const t = demo.school.thresholds;
  const out: { studentKey: string; subject: string; value: MarkValue }[] = [];
  for (const s of students) {
    for (const course of courses) {
      const [cls, subject] = course.split('|');
      if (cls !== s.className) continue;
      let value: MarkValue;
      if (subject === PE_SUBJECT && plan.peExempt.has(s.key)) value = 'exempt';
      else if (s.key === plan.notAttested.studentKey && subject === plan.notAttested.subject) value = 'notAttested';
      else {
        const acc = sums.get(`${s.key}|${subject}`);
        if (!acc) continue;
        const avg = acc.sum / acc.w;
        value = avg >= t['5'] ? '5' : avg >= t['4'] ? '4' : avg >= t['3'] ? '3' : '2';
      }
      out.push({ studentKey: s.key, subject, value });
    }
  }
  return out;
}
