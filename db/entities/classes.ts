import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, externalId, externalIdIndex } from './columns.js';

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

export const classEntities = [SchoolClassEntity, SubgroupEntity, SubgroupMemberEntity];
