import type { EntryRef } from '../../core/corrections/index.js';

/**
 * What a chat remembers between updates for the school ↔ family flows
 * (absence reports, messages, consultations, corrections, announcements).
 */
export interface FamilySession {
  /** An absence report being put together. */
  absence?: {
    studentId: number;
    from?: string;
    to?: string;
    lessonIds?: number[] | null;
    reason?: 'illness' | 'family' | 'other';
    reasonText?: string | null;
    /** The справка as checked when it came (its type and size are checked again when the report is filed). */
    certificate?: { kind: 'photo' | 'document'; fileId: string; size?: number | null; mimeType?: string | null } | null;
  };
  /** A message to a teacher: the child it is about (the teacher is picked next). */
  compose?: { studentId: number; mode: 'message' | 'consultation' };
  /** A consultation request: the times proposed so far. */
  consultation?: { studentId: number; staffId: number; proposals: string[] };
  /** A correction request: the child whose diary it starts from, and the entry picked (the comment is asked next). */
  correction?: { studentId: number; entry?: EntryRef };
  /** An announcement being written: its audience, text, file, urgency and time. */
  announcement?: {
    scope: 'class' | 'grade' | 'school';
    classId?: number;
    grade?: number;
    text?: string;
    file?: { kind: 'photo' | 'document'; fileId: string } | null;
    urgent?: boolean;
    sendAt?: string | null;
  };
}
