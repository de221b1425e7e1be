import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, ts, createdAt, updatedAt, json } from './columns.js';

/** An individual consultation asked by a parent (seed 000 §3.9). */
export type ConsultationStatus = 'pending' | 'accepted' | 'countered' | 'declined';
export interface Consultation {
  id: number;
  schoolId: number;
  studentId: number;
  staffId: number;
  accountHash: string;
  proposals: string[];
  comment: string | null;
  status: ConsultationStatus;
  slotAt: Date | null;
  staffComment: string | null;
  remindedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
export const ConsultationEntity = new EntitySchema<Consultation>({
  name: 'Consultation',
  tableName: 'consultation',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_consultation_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_consultation_studentId', 'CASCADE')),
    staffId: ref(false, fk('Staff', 'fk_consultation_staffId', 'CASCADE')),
    accountHash: text(),
    proposals: json(),
    comment: text(true),
    status: { type: 'text', default: 'pending' },
    slotAt: ts(true),
    staffComment: text(true),
    remindedAt: ts(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indices: [
    { name: 'ix_consultation_staff', columns: ['staffId', 'status'] },
    { name: 'ix_consultation_slot', columns: ['slotAt'], where: `"status" = 'accepted'` },
  ],
  checks: [{ name: 'ck_consultation_status', expression: `"status" IN ('pending','accepted','countered','declined')` }],
});

export const consultationEntities = [ConsultationEntity];
