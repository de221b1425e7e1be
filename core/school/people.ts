import type { EntityManager } from 'typeorm';
import {
  GuardianEntity,
  StaffEntity,
  StaffRoleEntity,
  StudentEntity,
  StudentGuardianEntity,
  type Guardian,
  type Staff,
  type StaffRoleName,
  type Student,
} from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { audit } from '../unit-of-work.js';
import { keyOf, upsert } from './upsert.js';

/** Students, guardians and the ties between them; staff and their roles. */

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
