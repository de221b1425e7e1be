import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  AcademicYearEntity,
  GuardianEntity,
  HolidayEntity,
  PeriodEntity,
  SchoolClassEntity,
  SchoolEntity,
  StaffEntity,
  StaffRoleEntity,
  StudentEntity,
  StudentGuardianEntity,
  SubgroupEntity,
  SubgroupMemberEntity,
  SubjectEntity,
  WorkKindEntity,
  type AcademicYear,
  type Guardian,
  type Period,
  type PeriodKind,
  type School,
  type SchoolClass,
  type SchoolSettings,
  type Staff,
  type StaffRoleName,
  type Student,
  type Subgroup,
  type Subject,
  type WorkKind,
} from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { audit } from '../unit-of-work.js';

/**
 * Writes of the school's structure (years, periods, classes, people, subjects),
 * used by the demo seed, the CSV import and the journal feed. Each upserts by
 * its natural key or external id, so running an import twice changes nothing.
 * Callers pass the EntityManager of their own transaction.
 */

export const DEFAULT_SETTINGS: SchoolSettings = { thresholds: { '5': 4.5, '4': 3.5, '3': 2.5 } };

async function upsert<T extends ObjectLiteral & { id: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  key: Partial<T>,
  fields: Partial<T>,
  actor: Actor,
  entity: string,
): Promise<T> {
  const existing = await em.findOneBy(target, key);
  if (existing) {
    const changed = Object.entries(fields).some(([k, v]) => (existing as Record<string, unknown>)[k] !== v);
    if (!changed) return existing;
    await em.update(target, { id: existing.id }, fields);
    const row = await em.findOneByOrFail(target, { id: existing.id } as never);
    await audit(em, actor, `${entity}.updated`, { type: entity, id: row.id });
    return row;
  }
  const ins = await em.insert(target, { ...key, ...fields });
  const row = await em.findOneByOrFail(target, { id: ins.identifiers[0].id });
  await audit(em, actor, `${entity}.created`, { type: entity, id: row.id });
  return row;
}

/** External id if given, else the natural key. */
const keyOf = <T>(schoolId: number, externalId: string | null | undefined, natural: Partial<T>): Partial<T> =>
  (externalId ? { schoolId, externalId } : { schoolId, ...natural }) as Partial<T>;

export function upsertSchool(
  em: EntityManager,
  i: { name: string; shortName: string; timezone: string; settings?: SchoolSettings; externalId?: string | null },
  actor: Actor,
): Promise<School> {
  const key = i.externalId ? { externalId: i.externalId } : { name: i.name };
  return upsert(
    em,
    SchoolEntity,
    key,
    { name: i.name, shortName: i.shortName, timezone: i.timezone, settings: i.settings ?? DEFAULT_SETTINGS },
    actor,
    'school',
  );
}

export function upsertAcademicYear(
  em: EntityManager,
  i: { schoolId: number; name: string; startsOn: string; endsOn: string; externalId?: string | null },
  actor: Actor,
): Promise<AcademicYear> {
  return upsert(
    em,
    AcademicYearEntity,
    keyOf<AcademicYear>(i.schoolId, i.externalId, { name: i.name }),
    { name: i.name, startsOn: i.startsOn, endsOn: i.endsOn },
    actor,
    'academicYear',
  );
}

export function upsertPeriod(
  em: EntityManager,
  i: {
    schoolId: number;
    academicYearId: number;
    kind: PeriodKind;
    number: number;
    name: string;
    startsOn: string;
    endsOn: string;
    externalId?: string | null;
  },
  actor: Actor,
): Promise<Period> {
  return upsert(
    em,
    PeriodEntity,
    keyOf<Period>(i.schoolId, i.externalId, { academicYearId: i.academicYearId, kind: i.kind, number: i.number }),
    {
      academicYearId: i.academicYearId,
      kind: i.kind,
      number: i.number,
      name: i.name,
      startsOn: i.startsOn,
      endsOn: i.endsOn,
    },
    actor,
    'period',
  );
}

export async function upsertHoliday(
  em: EntityManager,
  i: { schoolId: number; academicYearId: number; name: string; startsOn: string; endsOn: string },
  actor: Actor,
): Promise<void> {
  await upsert(
    em,
    HolidayEntity,
    { schoolId: i.schoolId, academicYearId: i.academicYearId, startsOn: i.startsOn },
    { name: i.name, endsOn: i.endsOn },
    actor,
    'holiday',
  );
}

/** Latin letters typed for their Cyrillic twins (5A → 5А), so one class stays one class. */
const CYRILLIC_TWIN: Record<string, string> = {
  A: '\u0410',
  B: '\u0412',
  E: '\u0415',
  K: '\u041a',
  M: '\u041c',
  H: '\u041d',
  O: '\u041e',
  P: '\u0420',
  C: '\u0421',
  T: '\u0422',
  X: '\u0425',
};

/**
 * Parses a class name (grade 1–11 and a letter, e.g. 5А or 10-б) into grade,
 * Cyrillic capital letter and the canonical name; null if it is not one.
 */
export function parseClassName(name: string): { grade: number; letter: string; name: string } | null {
  const m = /^\s*(1[01]|[1-9])\s*-?\s*([\u0410-\u042f\u0401A-Z])\s*$/iu.exec(name);
  if (!m) return null;
  const upper = m[2].toUpperCase();
  const letter = CYRILLIC_TWIN[upper] ?? upper;
  return { grade: Number(m[1]), letter, name: `${m[1]}${letter}` };
}

export function upsertClass(
  em: EntityManager,
  i: { schoolId: number; academicYearId: number; grade: number; letter: string; externalId?: string | null },
  actor: Actor,
): Promise<SchoolClass> {
  const name = `${i.grade}${i.letter}`;
  return upsert(
    em,
    SchoolClassEntity,
    keyOf<SchoolClass>(i.schoolId, i.externalId, { academicYearId: i.academicYearId, name }),
    { academicYearId: i.academicYearId, grade: i.grade, letter: i.letter, name },
    actor,
    'schoolClass',
  );
}

export function upsertSubgroup(
  em: EntityManager,
  i: { schoolId: number; classId: number; name: string; externalId?: string | null },
  actor: Actor,
): Promise<Subgroup> {
  return upsert(
    em,
    SubgroupEntity,
    keyOf<Subgroup>(i.schoolId, i.externalId, { classId: i.classId, name: i.name }),
    { classId: i.classId, name: i.name },
    actor,
    'subgroup',
  );
}

export async function addToSubgroup(em: EntityManager, subgroupId: number, studentId: number): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(SubgroupMemberEntity)
    .values({ subgroupId, studentId })
    .orIgnore()
    .execute();
}

interface PersonInput {
  schoolId: number;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  externalId?: string | null;
}

export function upsertStudent(
  em: EntityManager,
  i: PersonInput & { classId: number; birthDate?: string | null },
  actor: Actor,
): Promise<Student> {
  const natural = {
    classId: i.classId,
    lastName: i.lastName,
    firstName: i.firstName,
    middleName: i.middleName ?? null,
  };
  return upsert(
    em,
    StudentEntity,
    keyOf<Student>(i.schoolId, i.externalId, natural),
    { ...natural, birthDate: i.birthDate ?? null, active: true },
    actor,
    'student',
  );
}

export function upsertGuardian(
  em: EntityManager,
  i: PersonInput & { phone?: string | null },
  actor: Actor,
): Promise<Guardian> {
  const natural = { lastName: i.lastName, firstName: i.firstName, middleName: i.middleName ?? null };
  return upsert(
    em,
    GuardianEntity,
    keyOf<Guardian>(i.schoolId, i.externalId, natural),
    { ...natural, phone: i.phone ?? null },
    actor,
    'guardian',
  );
}

export async function linkGuardianToStudent(
  em: EntityManager,
  i: { studentId: number; guardianId: number; relation: string },
  actor: Actor,
): Promise<void> {
  const res = await em
    .createQueryBuilder()
    .insert()
    .into(StudentGuardianEntity)
    .values(i)
    .orIgnore()
    .returning('"studentId"')
    .execute();
  if (res.raw?.length)
    await audit(
      em,
      actor,
      'studentGuardian.created',
      { type: 'student', id: i.studentId },
      { guardianId: i.guardianId },
    );
}

export function upsertStaff(em: EntityManager, i: PersonInput, actor: Actor): Promise<Staff> {
  const natural = { lastName: i.lastName, firstName: i.firstName, middleName: i.middleName ?? null };
  return upsert(em, StaffEntity, keyOf<Staff>(i.schoolId, i.externalId, natural), natural, actor, 'staff');
}

export async function addStaffRole(
  em: EntityManager,
  i: { schoolId: number; staffId: number; role: StaffRoleName; classId?: number | null },
  actor: Actor,
): Promise<void> {
  const res = await em
    .createQueryBuilder()
    .insert()
    .into(StaffRoleEntity)
    .values({ schoolId: i.schoolId, staffId: i.staffId, role: i.role, classId: i.classId ?? null })
    .orIgnore()
    .returning('id')
    .execute();
  if (res.raw?.length)
    await audit(
      em,
      actor,
      'staffRole.created',
      { type: 'staff', id: i.staffId },
      { role: i.role, classId: i.classId ?? null },
    );
}

export function upsertSubject(
  em: EntityManager,
  i: { schoolId: number; name: string; shortName?: string; externalId?: string | null },
  actor: Actor,
): Promise<Subject> {
  return upsert(
    em,
    SubjectEntity,
    keyOf<Subject>(i.schoolId, i.externalId, { name: i.name }),
    { name: i.name, shortName: i.shortName ?? i.name },
    actor,
    'subject',
  );
}

export function upsertWorkKind(
  em: EntityManager,
  i: { schoolId: number; code: string; name: string; weight: number; externalId?: string | null },
  actor: Actor,
): Promise<WorkKind> {
  return upsert(
    em,
    WorkKindEntity,
    keyOf<WorkKind>(i.schoolId, i.externalId, { code: i.code }),
    { code: i.code, name: i.name, weight: i.weight.toFixed(2) },
    actor,
    'workKind',
  );
}
