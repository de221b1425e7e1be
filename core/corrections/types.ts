import { DomainError } from '../errors.js';

export type EntityType = 'mark' | 'attendance' | 'homework';
export const ENTITY_TYPES = ['mark', 'attendance', 'homework'] as const satisfies readonly EntityType[];
/** A journal entry a family may report: a mark, an attendance row, or a lesson's homework. */
export interface EntryRef {
  type: EntityType;
  id: number;
}
/** The diary view a report starts from: a subject's marks, a period's absences, a day's homework. */
export type CandidateView =
  { kind: 'marks'; subjectId: number } | { kind: 'absences'; periodId: number } | { kind: 'homework'; date: string };
export interface Candidate extends EntryRef {
  date: string;
  subject: string;
  /** The mark's value, the attendance status, or 'homework'. */
  what: string;
}

export class CorrectionRefused extends DomainError {
  constructor(readonly reason: 'notAllowed' | 'empty' | 'resolved' | 'open' | 'dailyLimit') {
    super(`correction.${reason}`, `correction refused: ${reason}`);
  }
}

export interface Entry {
  type: EntityType;
  id: number;
  studentId: number;
  date: string;
  subject: string;
  teacherId: number | null;
  snapshot: Record<string, unknown>;
  label: Record<string, string | number>;
}
