import { EntitySchema } from 'typeorm';
import { id, ref, text, bool, date, createdAt, json, externalId, externalIdIndex, fk } from './columns.js';

export type PeriodKind = 'quarter' | 'trimester' | 'halfYear' | 'year';
export type StaffRoleName = 'teacher' | 'classTeacher' | 'deputy' | 'director' | 'admin';
/** How a period mark is derived from the weighted average, shown to families in /help. */
export interface SchoolSettings {
  /** An average at or above threshold[k] rounds to mark k (k = 5, 4, 3); below threshold[3] is 2. */
  thresholds: { '5': number; '4': number; '3': number };
}

export interface School {
  id: number;
  name: string;
  shortName: string;
  timezone: string;
  settings: SchoolSettings;
  externalId: string | null;
  createdAt: Date;
}
export const SchoolEntity = new EntitySchema<School>({
  name: 'School',
  tableName: 'school',
  columns: {
    id: id(),
    name: text(),
    shortName: text(),
    timezone: text(),
    settings: json(),
    externalId: { type: 'text', nullable: true, unique: true },
    createdAt: createdAt(),
  },
});

export interface AcademicYear {
  id: number;
  schoolId: number;
  name: string;
  startsOn: string;
  endsOn: string;
  externalId: string | null;
}
export const AcademicYearEntity = new EntitySchema<AcademicYear>({
  name: 'AcademicYear',
  tableName: 'academic_year',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_academic_year_schoolId', 'CASCADE')),
    name: text(),
    startsOn: date(),
    endsOn: date(),
    externalId: externalId(),
  },
  indices: [
    externalIdIndex('academic_year'),
    { name: 'uq_academic_year_name', columns: ['schoolId', 'name'], unique: true },
  ],
});

export interface Period {
  id: number;
  schoolId: number;
  academicYearId: number;
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
  externalId: string | null;
}
export const PeriodEntity = new EntitySchema<Period>({
  name: 'Period',
  tableName: 'period',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_period_schoolId', 'CASCADE')),
    academicYearId: ref(false, fk('AcademicYear', 'fk_period_academicYearId', 'CASCADE')),
    kind: text(),
    number: { type: 'int' },
    name: text(),
    startsOn: date(),
    endsOn: date(),
    externalId: externalId(),
  },
  indices: [
    externalIdIndex('period'),
    { name: 'uq_period_kind', columns: ['academicYearId', 'kind', 'number'], unique: true },
  ],
  checks: [{ name: 'ck_period_kind', expression: `"kind" IN ('quarter','trimester','halfYear','year')` }],
});

export interface Holiday {
  id: number;
  schoolId: number;
  academicYearId: number;
  name: string;
  startsOn: string;
  endsOn: string;
}
export const HolidayEntity = new EntitySchema<Holiday>({
  name: 'Holiday',
  tableName: 'holiday',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_holiday_schoolId', 'CASCADE')),
    academicYearId: ref(false, fk('AcademicYear', 'fk_holiday_academicYearId', 'CASCADE')),
    name: text(),
    startsOn: date(),
    endsOn: date(),
  },
});

export interface SchoolClass {
  id: number;
  schoolId: number;
  academicYearId: number;
  grade: number;
  letter: string;
  name: string;
  externalId: string | null;
}
export const SchoolClassEntity = new EntitySchema<SchoolClass>({
  name: 'SchoolClass',
  tableName: 'school_class',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_school_class_schoolId', 'CASCADE')),
    academicYearId: ref(false, fk('AcademicYear', 'fk_school_class_academicYearId', 'CASCADE')),
    grade: { type: 'int' },
    letter: text(),
    name: text(),
    externalId: externalId(),
  },
  indices: [
    externalIdIndex('school_class'),
    { name: 'uq_school_class_name', columns: ['academicYearId', 'name'], unique: true },
  ],
  checks: [{ name: 'ck_school_class_grade', expression: '"grade" BETWEEN 1 AND 11' }],
});

export interface Subgroup {
  id: number;
  schoolId: number;
  classId: number;
  name: string;
  externalId: string | null;
}
export const SubgroupEntity = new EntitySchema<Subgroup>({
  name: 'Subgroup',
  tableName: 'subgroup',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_subgroup_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_subgroup_classId', 'CASCADE')),
    name: text(),
    externalId: externalId(),
  },
  indices: [externalIdIndex('subgroup'), { name: 'uq_subgroup_name', columns: ['classId', 'name'], unique: true }],
});

export interface SubgroupMember {
  subgroupId: number;
  studentId: number;
}
export const SubgroupMemberEntity = new EntitySchema<SubgroupMember>({
  name: 'SubgroupMember',
  tableName: 'subgroup_member',
  columns: {
    subgroupId: { type: 'int', primary: true, foreignKey: fk('Subgroup', 'fk_subgroup_member_subgroupId', 'CASCADE') },
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_subgroup_member_studentId', 'CASCADE') },
  },
});

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

export interface Subject {
  id: number;
  schoolId: number;
  name: string;
  shortName: string;
  externalId: string | null;
}
export const SubjectEntity = new EntitySchema<Subject>({
  name: 'Subject',
  tableName: 'subject',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_subject_schoolId', 'CASCADE')),
    name: text(),
    shortName: text(),
    externalId: externalId(),
  },
  indices: [externalIdIndex('subject'), { name: 'uq_subject_name', columns: ['schoolId', 'name'], unique: true }],
});

/** A kind of work a mark is given for (контрольная…), with its weight in the average. */
export interface WorkKind {
  id: number;
  schoolId: number;
  code: string;
  name: string;
  weight: string;
  externalId: string | null;
}
export const WorkKindEntity = new EntitySchema<WorkKind>({
  name: 'WorkKind',
  tableName: 'work_kind',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_work_kind_schoolId', 'CASCADE')),
    code: text(),
    name: text(),
    weight: { type: 'numeric', precision: 4, scale: 2 },
    externalId: externalId(),
  },
  indices: [externalIdIndex('work_kind'), { name: 'uq_work_kind_code', columns: ['schoolId', 'code'], unique: true }],
  checks: [{ name: 'ck_work_kind_weight', expression: '"weight" > 0' }],
});

export const schoolEntities = [
  SchoolEntity,
  AcademicYearEntity,
  PeriodEntity,
  HolidayEntity,
  SchoolClassEntity,
  SubgroupEntity,
  SubgroupMemberEntity,
  StudentEntity,
  GuardianEntity,
  StudentGuardianEntity,
  StaffEntity,
  StaffRoleEntity,
  SubjectEntity,
  WorkKindEntity,
];
