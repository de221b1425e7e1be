import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import * as s from '../core/school/structure.js';
import type { Actor } from '../core/actor.js';
import { actorKey } from '../core/actor.js';
import { eachDate, weekday, zonedInstant } from '../cli/calendar.js';
import { demo, topicsFor } from '../cli/seed/data.js';
import { bellTimes } from '../cli/seed/timetable.js';

/**
 * The school of bench/diary.ts's year: its structure (one class, 7Б of the
 * demo data) and the timetable from 1 September to 26 May as rows to insert.
 */
export const ACTOR: Actor = { kind: 'cli', command: 'bench' };
export const TODAY = '2027-05-20';
export const CLASS = demo.classes.find((c) => c.grade === 7)!;

/** A small deterministic PRNG (mulberry32): the same year on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function insertChunked<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T>[],
  returning: string[] = ['id'],
) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + 1000))
      .returning(returning)
      .updateEntity(false)
      .execute();
    out.push(...(res.raw as Record<string, unknown>[]));
  }
  return out;
}

export type Row = Partial<Record<string, unknown>>;
export interface Lesson {
  row: Row;
  subject: string;
  group: number | null;
}

/** One random stream for the whole year, drawn in the same order on every run. */
export interface Dice {
  random: () => number;
  pick: <T>(xs: T[]) => T;
}

export function dice(seed: number): Dice {
  const random = rng(seed);
  return { random, pick: <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] };
}

/** The school's structure: what the lessons and marks point to. */
export interface Structure {
  schoolId: number;
  classId: number;
  periods: Map<string, number>;
  workKinds: Map<string, number>;
  subjects: Map<string, number>;
  staff: Map<string, number>;
  students: number[];
  subgroups: Map<string, number>;
}

export async function writeSchool(em: EntityManager) {
  const d = demo.school;
  const school = await s.upsertSchool(
    em,
    {
      name: d.name,
      shortName: d.shortName,
      timezone: d.timezone,
      externalId: 'bench-diary',
      settings: { thresholds: d.thresholds },
    },
    ACTOR,
  );
  const schoolId = school.id;
  const year = await s.upsertAcademicYear(em, { schoolId, ...demo.year }, ACTOR);
  const periods = new Map<string, number>();
  for (const p of demo.periods)
    periods.set(
      `${p.kind}:${p.number}`,
      (await s.upsertPeriod(em, { schoolId, academicYearId: year.id, ...p }, ACTOR)).id,
    );
  for (const h of demo.holidays) await s.upsertHoliday(em, { schoolId, academicYearId: year.id, ...h }, ACTOR);
  const workKinds = new Map<string, number>();
  for (const k of demo.workKinds) workKinds.set(k.code, (await s.upsertWorkKind(em, { schoolId, ...k }, ACTOR)).id);
  const subjects = new Map<string, number>();
  for (const sub of demo.subjects)
    subjects.set(
      sub.name,
      (await s.upsertSubject(em, { schoolId, name: sub.name, shortName: sub.shortName }, ACTOR)).id,
    );
  const staff = new Map<string, number>();
  for (const p of demo.staff)
    staff.set(
      p.key,
      (
        await s.upsertStaff(
          em,
          { schoolId, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName },
          ACTOR,
        )
      ).id,
    );
  return { schoolId, academicYearId: year.id, periods, workKinds, subjects, staff };
}

/** The class, its students, the student's mother and the subgroups. */
export async function writeClass(em: EntityManager, schoolId: number, academicYearId: number) {
  const cls = await s.upsertClass(em, { schoolId, academicYearId, grade: CLASS.grade, letter: CLASS.letter }, ACTOR);
  const students: number[] = [];
  for (let i = 0; i < CLASS.students; i++) {
    const [male, female] = demo.names.surnames[i % demo.names.surnames.length];
    const girl = i % 2 === 0;
    students.push(
      (
        await s.upsertStudent(
          em,
          {
            schoolId,
            classId: cls.id,
            lastName: girl ? female : male,
            firstName: girl
              ? demo.names.childFemale[i % demo.names.childFemale.length]
              : demo.names.childMale[i % demo.names.childMale.length],
          },
          ACTOR,
        )
      ).id,
    );
  }
  const guardian = await s.upsertGuardian(
    em,
    { schoolId, lastName: demo.names.surnames[0][1], firstName: demo.names.adultFemale[0] },
    ACTOR,
  );
  await s.linkGuardianToStudent(em, { studentId: students[0], guardianId: guardian.id, relation: 'mother' }, ACTOR);
  const subgroups = new Map<string, number>();
  for (const [subject, teachers] of Object.entries(CLASS.teachers)) {
    if (!Array.isArray(teachers)) continue;
    for (let g = 0; g < teachers.length; g++) {
      const sg = await s.upsertSubgroup(
        em,
        { schoolId, classId: cls.id, name: `${subject}, ${demo.subgroupNames[g]}` },
        ACTOR,
      );
      subgroups.set(`${subject}|${g}`, sg.id);
      for (const [i, st] of students.entries()) if (i % teachers.length === g) await s.addToSubgroup(em, sg.id, st);
    }
  }
  return { classId: cls.id, students, guardianId: guardian.id, subgroups };
}

/** The timetable of the whole year, weekdays outside holidays. */
export function lessonRows(st: Structure, { random, pick }: Dice): Lesson[] {
  const off = new Set<string>(demo.daysOff);
  for (const h of demo.holidays) for (const x of eachDate(h.startsOn, h.endsOn)) off.add(x);
  const yearEnd = demo.periods.find((p) => p.kind === 'year')!.endsOn;
  const days = eachDate(demo.year.startsOn, yearEnd).filter((x) => weekday(x) <= 5 && !off.has(x));
  const by = actorKey(ACTOR);
  const seq = new Map<string, number>();
  const lessons: Lesson[] = [];
  for (const date of days) {
    (CLASS.grid[weekday(date) - 1] ?? []).forEach((subject, i) => {
      const assigned = CLASS.teachers[subject];
      const teachers = Array.isArray(assigned) ? assigned : [assigned];
      teachers.forEach((teacher, g) => {
        const group = Array.isArray(assigned) ? g : null;
        const n = seq.get(`${subject}|${group}`) ?? 0;
        seq.set(`${subject}|${group}`, n + 1);
        const topics = topicsFor(subject, CLASS.grade);
        const { startsAt, endsAt } = bellTimes(i + 1);
        const past = date < TODAY;
        const homework =
          past && random() < 0.9
            ? `${pick(['§', 'No.', 'p.'])} ${1 + (n % 40)}, ${10 + Math.floor(random() * 300)}`
            : null;
        lessons.push({
          subject,
          group,
          row: {
            schoolId: st.schoolId,
            classId: st.classId,
            subgroupId: group === null ? null : st.subgroups.get(`${subject}|${group}`)!,
            subjectId: st.subjects.get(subject)!,
            teacherId: st.staff.get(teacher)!,
            substituteTeacherId: random() < 0.02 ? st.staff.get(pick(demo.staff).key)! : null,
            date,
            slot: i + 1,
            startsAt: `${startsAt}:00`,
            endsAt: `${endsAt}:00`,
            room: demo.staff.find((x) => x.key === teacher)?.room ?? null,
            topic: topics.length ? topics[n % topics.length] : null,
            homework,
            homeworkSetAt: homework ? zonedInstant(date, endsAt, demo.school.timezone) : null,
            cancelled: random() < 0.01,
            updatedBy: by,
          },
        });
      });
    });
  }
  return lessons;
}
