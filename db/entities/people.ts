import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, bool, date, createdAt, externalId, externalIdIndex } from './columns.js';

export type StaffRoleName = 'teacher' | 'classTeacher' | 'deputy' | 'director' | 'admin';

export interface Student {
  id: number;
  schoolId: number;
  classId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  active: boolean;
  externalId: string | null;
  createdAt: Date;
}
export const StudentEntity = new EntitySchema<Student>({
  name: 'Student',
  tableName: 'student',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_student_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_student_classId', 'RESTRICT')),
    lastName: text(),
    firstName: text(),
    middleName: text(true),
    birthDate: date(true),
    active: bool(true),
    externalId: externalId(),
    createdAt: createdAt(),
  },
  indices: [externalIdIndex('student'), { name: 'ix_student_class', columns: ['classId'] }],
});

export interface Guardian {
  id: number;
  schoolId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  phone: string | null;
  externalId: string | null;
}
export const GuardianEntity = new EntitySchema<Guardian>({
  name: 'Guardian',
  tableName: 'guardian',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_guardian_schoolId', 'CASCADE')),
    lastName: text(),
    firstName: text(),
    middleName: text(true),
    phone: text(true),
    externalId: externalId(),
  },
  indices: [externalIdIndex('guardian')],
});

export interface StudentGuardian {
  studentId: number;
  guardianId: number;
  relation: string;
}
export const StudentGuardianEntity = new EntitySchema<StudentGuardian>({
  name: 'StudentGuardian',
  tableName: 'student_guardian',
  columns: {
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_student_guardian_studentId', 'CASCADE') },
    guardianId: { type: 'int', primary: true, foreignKey: fk('Guardian', 'fk_student_guardian_guardianId', 'CASCADE') },
    relation: text(),
  },
  indices: [{ name: 'ix_student_guardian_guardian', columns: ['guardianId'] }],
});

export interface Staff {
  id: number;
  schoolId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  active: boolean;
  externalId: string | null;
}
export const StaffEntity = new EntitySchema<Staff>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_staff_schoolId', 'CASCADE')),
    lastName: text(),
    firstName: text(),
    middleName: text(true),
    active: bool(true),
    externalId: externalId(),
  },
  indices: [externalIdIndex('staff')],
});

/** A role of a staff member; `classTeacher` carries the class it is for. */
export interface StaffRole {
  id: number;
  schoolId: number;
  staffId: number;
  role: StaffRoleName;
  classId: number | null;
}
export const StaffRoleEntity = new EntitySchema<StaffRole>({
  name: 'StaffRole',
  tableName: 'staff_role',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_staff_role_schoolId', 'CASCADE')),
    staffId: ref(false, fk('Staff', 'fk_staff_role_staffId', 'CASCADE')),
    role: text(),
    classId: ref(true, fk('SchoolClass', 'fk_staff_role_classId', 'CASCADE')),
  },
  indices: [{ name: 'uq_staff_role', columns: ['staffId', 'role', 'classId'], unique: true }],
  checks: [
    { name: 'ck_staff_role', expression: `"role" IN ('teacher','classTeacher','deputy','director','admin')` },
    { name: 'ck_staff_role_class', expression: `("role" = 'classTeacher') = ("classId" IS NOT NULL)` },
  ],
});

export const peopleEntities = [StudentEntity, GuardianEntity, StudentGuardianEntity, StaffEntity, StaffRoleEntity];
