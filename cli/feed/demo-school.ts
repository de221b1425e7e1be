import { zonedInstant } from '../calendar.js';
import { className, demo } from '../seed/data.js';
import { SEED } from '../seed/index.js';
import { planJournal, type LessonPlan } from '../seed/journal-plan.js';
import { planPeople, subgroupMembers } from '../seed/people.js';
import { Random } from '../seed/random.js';
import { subgroupName } from '../seed/structure.js';
import { planLessons, schoolDays } from '../seed/timetable.js';
import type { ChangeInput } from './server.js';

/**
 * The demo school (the one `seed --demo` writes) as its e-journal would send
 * it: the same people and lessons under the same external ids, so the feed
 * lands on the seeded rows. Classes, subjects, work kinds and periods, which
 * the seed writes without external ids, get ids here and are taken over by
 * their names the first time the feed names them.
 */
export const DEMO_SCHOOL = demo.school.externalId;
const tz = demo.school.timezone;

export const ext = {
  class: (cls: string) => `demo-class-${cls}`,
  subject: (name: string) => `demo-subject-${demo.subjects.findIndex((s) => s.name === name) + 1}`,
  workKind: (code: string) => `demo-kind-${code}`,
  period: (kind: string, n: number) => `demo-period-${kind}-${n}`,
  subgroup: (cls: string, subject: string, g: number) => `${ext.class(cls)}-${ext.subject(subject)}-${g + 1}`,
  staff: (key: string) => `demo-staff-${key}`,
  homework: (lessonKey: string) => `hw:${lessonKey}`,
  attendance: (lessonKey: string, student: string) => `att:${lessonKey}:${student}`,
  mark: (lessonKey: string, student: string, kind: string) => `mark:${lessonKey}:${student}:${kind}`,
};

export function demoPlan() {
  const rng = new Random(SEED);
  const people = planPeople(rng.fork('people'));
  const days = schoolDays();
  const plan = planJournal(planLessons(days), people.students, days, rng.fork('journal'));
  return { people, days, plan };
}

const year = { name: demo.year.name, startsOn: demo.year.startsOn, endsOn: demo.year.endsOn };

/** Classes, subjects, work kinds, periods, staff with roles, students, guardians, subgroups: parents before children. */
export function demoStructure(people = demoPlan().people): ChangeInput[] {
  const out: ChangeInput[] = [];
  for (const c of demo.classes)
    out.push({
      event: 'class.set',
      externalId: ext.class(className(c)),
      data: { grade: c.grade, letter: c.letter, year },
    });
  for (const s of demo.subjects)
    out.push({ event: 'subject.set', externalId: ext.subject(s.name), data: { name: s.name, shortName: s.shortName } });
  for (const k of demo.workKinds) out.push({ event: 'workKind.set', externalId: ext.workKind(k.code), data: k });
  for (const p of demo.periods)
    out.push({ event: 'period.set', externalId: ext.period(p.kind, p.number), data: { year, ...p } });
  for (const p of demo.staff) {
    const roles = [
      ...p.roles.map((role) => ({ role, class: null })),
      ...demo.classes
        .filter((c) => c.classTeacher === p.key)
        .map((c) => ({ role: 'classTeacher' as const, class: ext.class(className(c)) })),
    ];
    out.push({
      event: 'staff.set',
      externalId: ext.staff(p.key),
      data: { lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, active: true, roles },
    });
  }
  for (const s of people.students)
    out.push({
      event: 'student.set',
      externalId: s.key,
      data: {
        class: ext.class(s.className),
        lastName: s.lastName,
        firstName: s.firstName,
        middleName: s.middleName,
        birthDate: s.birthDate,
        active: true,
      },
    });
  for (const g of people.guardians)
    out.push({
      event: 'guardian.set',
      externalId: g.key,
      data: {
        lastName: g.lastName,
        firstName: g.firstName,
        middleName: g.middleName,
        phone: g.phone,
        children: g.children.map((student) => ({ student, relation: g.relation })),
      },
    });
  for (const c of demo.classes) {
    const cls = className(c);
    for (const [subject, teachers] of Object.entries(c.teachers)) {
      if (!Array.isArray(teachers)) continue;
      teachers.forEach((_t, g) => {
        const members = subgroupMembers(
          people.students.filter((s) => s.className === cls),
          g,
        ).map((s) => s.key);
        out.push({
          event: 'subgroup.set',
          externalId: ext.subgroup(cls, subject, g),
          data: { class: ext.class(cls), name: subgroupName(subject, g), members },
        });
      });
    }
  }
  return out;
}

const at = (date: string, time: string, plusMinutes = 0) =>
  new Date(zonedInstant(date, time, tz).getTime() + plusMinutes * 60_000).toISOString();

export function lessonChange(
  p: LessonPlan,
  extra: { topic?: string | null; substituteTeacher?: string | null } = {},
): ChangeInput {
  const l = p.lesson;
  return {
    event: 'lesson.set',
    externalId: l.key,
    data: {
      class: ext.class(l.className),
      subgroup: l.subgroup === null ? null : ext.subgroup(l.className, l.subject, l.subgroup),
      subject: ext.subject(l.subject),
      teacher: ext.staff(l.teacher),
      substituteTeacher: extra.substituteTeacher ?? null,
      date: l.date,
      slot: l.slot,
      startsAt: l.startsAt,
      endsAt: l.endsAt,
      room: l.room,
      topic: extra.topic === undefined ? l.topic : extra.topic,
      cancelled: false,
    },
  };
}

/** Everything a teacher entered for one lesson, stamped with when they entered it. */
export function lessonJournal(p: LessonPlan, stamp = true): ChangeInput[] {
  const l = p.lesson;
  const when = (minutes: number) => (stamp ? { changedAt: at(l.date, l.endsAt, minutes) } : {});
  const out: ChangeInput[] = [{ ...lessonChange(p), ...(stamp ? { changedAt: at(l.date, l.startsAt) } : {}) }];
  for (const a of p.absences)
    out.push({
      event: 'attendance.set',
      externalId: ext.attendance(l.key, a.studentKey),
      ...when(-40),
      data: { lesson: l.key, student: a.studentKey, status: a.status, reason: a.reason, comment: a.comment },
    });
  for (const m of p.marks)
    out.push({
      event: 'mark.set',
      externalId: ext.mark(l.key, m.studentKey, m.workKind),
      ...when(m.minutesAfter),
      data: {
        student: m.studentKey,
        subject: ext.subject(l.subject),
        workKind: ext.workKind(m.workKind),
        lesson: l.key,
        teacher: ext.staff(l.teacher),
        date: l.date,
        value: m.value,
        comment: m.comment,
      },
    });
  if (p.homework)
    out.push({
      event: 'homework.set',
      externalId: ext.homework(l.key),
      ...when(p.homeworkMinutesAfter),
      data: { lesson: l.key, text: p.homework },
    });
  return out;
}

/** The journal of every lesson in [from, to]: a term as the e-journal holds it. */
export function demoTerm(from: string, to: string, plan = demoPlan().plan): ChangeInput[] {
  return plan.lessons.filter((p) => p.lesson.date >= from && p.lesson.date <= to).flatMap((p) => lessonJournal(p));
}

/** The school day to play: `date` if it has lessons, else the next day that has, else the term's last. */
export function playableDay(date: string, days = schoolDays()): string {
  return days.find((d) => d >= date) ?? days[days.length - 1];
}

export interface DayStep {
  /** What happens, for the console (no personal data). */
  label: string;
  change: ChangeInput;
}

/**
 * A teacher's school day in every class, lesson by lesson: the lesson starts
 * (its topic), attendance, marks, homework; early on a later lesson gets a
 * substitute, and the first mark of the day is corrected a moment later.
 */
export function demoDay(date: string, plan = demoPlan().plan): DayStep[] {
  const lessons = plan.lessons
    .filter((p) => p.lesson.date === date)
    .sort((a, b) => a.lesson.slot - b.lesson.slot || a.lesson.className.localeCompare(b.lesson.className));
  const steps: DayStep[] = [];
  const sub = demo.currentWeek.substitutions[0];
  const substituted =
    lessons.find((p) => p.lesson.className === sub?.class && p.lesson.subject === sub.subject && p.lesson.slot > 1) ??
    lessons.find((p) => p.lesson.slot > 2 && p.lesson.teacher !== sub?.by);
  const byKey = substituted
    ? sub && substituted.lesson.teacher !== sub.by
      ? sub.by
      : demo.staff.find((s) => s.roles.includes('teacher') && s.key !== substituted.lesson.teacher)!.key
    : null;
  let corrected = false;
  for (const p of lessons) {
    const l = p.lesson;
    const where = `${l.className} slot ${l.slot}`;
    if (substituted && byKey && l.slot === 2 && !steps.some((s) => s.label.startsWith('substitution'))) {
      steps.push({
        label: `substitution: ${substituted.lesson.className} slot ${substituted.lesson.slot}`,
        change: lessonChange(substituted, { topic: null, substituteTeacher: ext.staff(byKey) }),
      });
    }
    const substitute = substituted?.lesson.key === l.key && byKey ? ext.staff(byKey) : null;
    steps.push({
      label: `lesson starts: ${where}`,
      change: lessonChange(p, { topic: l.topic, substituteTeacher: substitute }),
    });
    for (const a of p.absences)
      steps.push({
        label: `attendance: ${where}`,
        change: {
          event: 'attendance.set',
          externalId: ext.attendance(l.key, a.studentKey),
          data: { lesson: l.key, student: a.studentKey, status: a.status, reason: 'unknown', comment: null },
        },
      });
    for (const m of p.marks) {
      const change: ChangeInput = {
        event: 'mark.set',
        externalId: ext.mark(l.key, m.studentKey, m.workKind),
        data: {
          student: m.studentKey,
          subject: ext.subject(l.subject),
          workKind: ext.workKind(m.workKind),
          lesson: l.key,
          teacher: substitute ?? ext.staff(l.teacher),
          date: l.date,
          value: m.value,
          comment: m.comment,
        },
      };
      steps.push({ label: `mark: ${where}`, change });
      if (!corrected) {
        corrected = true;
        const value = m.value === '5' ? '4' : String(Math.min(5, Number(m.value) + 1) || 4);
        steps.push({
          label: `mark corrected: ${where}`,
          change: { ...change, data: { ...(change.data as object), value } } as ChangeInput,
        });
      }
    }
    if (p.homework)
      steps.push({
        label: `homework: ${where}`,
        change: { event: 'homework.set', externalId: ext.homework(l.key), data: { lesson: l.key, text: p.homework } },
      });
  }
  return steps;
}
