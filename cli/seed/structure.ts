import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import * as s from '../../core/school/structure.js';
import { className, demo } from './data.js';
import { subgroupMembers, type PlannedGuardian, type PlannedStudent } from './people.js';

/** Ids of what the structure writer created, by the demo data's keys. */
export interface DemoIds {
  schoolId: number;
  classes: Map<string, number>;
  /** By `${className}|${subject}|${subgroup index}`. */
  subgroups: Map<string, number>;
  students: Map<string, number>;
  staff: Map<string, number>;
  subjects: Map<string, number>;
  workKinds: Map<string, number>;
  periods: Map<string, number>;
}

export const subgroupName = (subject: string, index: number) => `${subject}, ${demo.subgroupNames[index]}`;

/** The school, its year with periods and holidays, subjects and work kinds. */
async function writeSchoolYear(em: EntityManager, actor: Actor): Promise<{ ids: DemoIds; yearId: number }> {
  const d = demo.school;
  const school = await s.upsertSchool(
    em,
    {
      name: d.name,
      shortName: d.shortName,
      timezone: d.timezone,
      externalId: d.externalId,
      settings: { thresholds: d.thresholds },
    },
    actor,
  );
  const schoolId = school.id;
  const year = await s.upsertAcademicYear(em, { schoolId, ...demo.year }, actor);
  const ids: DemoIds = {
    schoolId,
    classes: new Map(),
    subgroups: new Map(),
    students: new Map(),
    staff: new Map(),
    subjects: new Map(),
    workKinds: new Map(),
    periods: new Map(),
  };
  for (const p of demo.periods) {
    const row = await s.upsertPeriod(em, { schoolId, academicYearId: year.id, ...p }, actor);
    ids.periods.set(`${p.kind}:${p.number}`, row.id);
  }
  for (const h of demo.holidays) await s.upsertHoliday(em, { schoolId, academicYearId: year.id, ...h }, actor);
  for (const subject of demo.subjects) {
    const row = await s.upsertSubject(em, { schoolId, name: subject.name, shortName: subject.shortName }, actor);
    ids.subjects.set(subject.name, row.id);
  }
  for (const k of demo.workKinds) ids.workKinds.set(k.code, (await s.upsertWorkKind(em, { schoolId, ...k }, actor)).id);
  return { ids, yearId: year.id };
}

async function writeStaff(em: EntityManager, ids: DemoIds, actor: Actor): Promise<void> {
  const { schoolId } = ids;
  for (const p of demo.staff) {
    const row = await s.upsertStaff(
      em,
      {
        schoolId,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName,
        externalId: `demo-staff-${p.key}`,
      },
      actor,
    );
    ids.staff.set(p.key, row.id);
    for (const role of p.roles) await s.addStaffRole(em, { schoolId, staffId: row.id, role }, actor);
  }
}

/** Classes with their class teachers, and a subgroup per teacher of a subject taught in groups. */
async function writeClasses(em: EntityManager, ids: DemoIds, yearId: number, actor: Actor): Promise<void> {
  const { schoolId } = ids;
  for (const c of demo.classes) {
    const row = await s.upsertClass(em, { schoolId, academicYearId: yearId, grade: c.grade, letter: c.letter }, actor);
    ids.classes.set(className(c), row.id);
    await s.addStaffRole(
      em,
      { schoolId, staffId: ids.staff.get(c.classTeacher)!, role: 'classTeacher', classId: row.id },
      actor,
    );
    for (const [subject, teachers] of Object.entries(c.teachers)) {
      if (!Array.isArray(teachers)) continue;
      for (let g = 0; g < teachers.length; g++) {
        const sg = await s.upsertSubgroup(em, { schoolId, classId: row.id, name: subgroupName(subject, g) }, actor);
        ids.subgroups.set(`${className(c)}|${subject}|${g}`, sg.id);
      }
    }
  }
}

/** Students, then the members of each subgroup. */
async function writeStudents(em: EntityManager, students: PlannedStudent[], ids: DemoIds, actor: Actor) {
  for (const p of students) {
    const row = await s.upsertStudent(
      em,
      {
        schoolId: ids.schoolId,
        classId: ids.classes.get(p.className)!,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName,
        birthDate: p.birthDate,
        externalId: p.key,
      },
      actor,
    );
    ids.students.set(p.key, row.id);
  }
  for (const [key, subgroupId] of ids.subgroups) {
    const [cls, , g] = key.split('|');
    const members = subgroupMembers(
      students.filter((p) => p.className === cls),
      Number(g),
    );
    for (const p of members) await s.addToSubgroup(em, subgroupId, ids.students.get(p.key)!);
  }
}

async function writeGuardians(em: EntityManager, guardians: PlannedGuardian[], ids: DemoIds, actor: Actor) {
  for (const g of guardians) {
    const row = await s.upsertGuardian(
      em,
      {
        schoolId: ids.schoolId,
        lastName: g.lastName,
        firstName: g.firstName,
        middleName: g.middleName,
        phone: g.phone,
        externalId: g.key,
      },
      actor,
    );
    for (const child of g.children)
      await s.linkGuardianToStudent(
        em,
        { studentId: ids.students.get(child)!, guardianId: row.id, relation: g.relation },
        actor,
      );
  }
}

/**
 * The school, its year, periods, holidays, classes, subgroups, subjects,
 * work kinds, staff and roles, students and guardians: all through the
 * structure upserts (each audited), in the caller's transaction.
 */
export async function writeStructure(
  em: EntityManager,
  people: { students: PlannedStudent[]; guardians: PlannedGuardian[] },
  actor: Actor,
): Promise<DemoIds> {
  const { ids, yearId } = await writeSchoolYear(em, actor);
  await writeStaff(em, ids, actor);
  await writeClasses(em, ids, yearId, actor);
  await writeStudents(em, people.students, ids, actor);
  await writeGuardians(em, people.guardians, ids, actor);
  return ids;
}
