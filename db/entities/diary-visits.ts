import { EntitySchema } from 'typeorm';
import { fk, ts } from './columns.js';

/** Diary visits per account, child and day (seed 000 §3.5: class teachers track how regularly parents look). */
export interface DiaryVisit {
  accountHash: string;
  studentId: number;
  day: string;
  visits: number;
  lastAt: Date;
}
export const DiaryVisitEntity = new EntitySchema<DiaryVisit>({
  name: 'DiaryVisit',
  tableName: 'diary_visit',
  columns: {
    accountHash: { type: 'text', primary: true },
    studentId: { type: 'int', primary: true, foreignKey: fk('Student', 'fk_diary_visit_studentId', 'CASCADE') },
    day: { type: 'date', primary: true },
    visits: { type: 'int', default: 1 },
    lastAt: ts(),
  },
});

export const diaryVisitEntities = [DiaryVisitEntity];
