import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, ts, createdAt, json } from './columns.js';

/** A family's report of wrong data in the journal; to be answered within one day (seed 000 §3.7). */
export type CorrectionStatus = 'open' | 'corrected' | 'confirmed';
export interface CorrectionRequest {
  id: number;
  schoolId: number;
  studentId: number;
  accountHash: string;
  entityType: 'mark' | 'attendance' | 'homework';
  entityId: number;
  teacherId: number | null;
  comment: string;
  snapshot: Record<string, unknown>;
  status: CorrectionStatus;
  dueAt: Date;
  escalatedAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  answer: string | null;
  createdAt: Date;
}
export const CorrectionRequestEntity = new EntitySchema<CorrectionRequest>({
  name: 'CorrectionRequest',
  tableName: 'correction_request',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_correction_request_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_correction_request_studentId', 'CASCADE')),
    accountHash: text(),
    entityType: text(),
    entityId: { type: 'int' },
    teacherId: ref(true, fk('Staff', 'fk_correction_request_teacherId', 'SET NULL')),
    comment: text(),
    snapshot: json(),
    status: { type: 'text', default: 'open' },
    dueAt: ts(),
    escalatedAt: ts(true),
    resolvedAt: ts(true),
    resolvedBy: text(true),
    answer: text(true),
    createdAt: createdAt(),
  },
  indices: [
    { name: 'ix_correction_request_open', columns: ['dueAt'], where: `"status" = 'open'` },
    { name: 'ix_correction_request_student', columns: ['studentId'] },
  ],
  checks: [
    { name: 'ck_correction_request_status', expression: `"status" IN ('open','corrected','confirmed')` },
    { name: 'ck_correction_request_entity', expression: `"entityType" IN ('mark','attendance','homework')` },
  ],
});

export const correctionEntities = [CorrectionRequestEntity];
