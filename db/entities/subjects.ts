import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, externalId, externalIdIndex } from './columns.js';

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

export const subjectEntities = [SubjectEntity, WorkKindEntity];
