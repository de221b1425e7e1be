import type { AbsenceReason, MarkValue, PeriodKind } from '../../db/entities/index.js';

/**
 * The teacher's journal grid (the Mini App's first screen): what it reads and
 * writes, as plain data. The front end renders it and computes nothing.
 */

/** A class (or one of its subgroups) and a subject the account may open in the grid. */
export interface GridPair {
  classId: number;
  className: string;
  grade: number;
  subjectId: number;
  subject: string;
  subgroupId: number | null;
  subgroup: string | null;
  /** The account gives no lesson here: it sees the grid (the deputy, the administrator) but enters nothing. */
  readOnly: boolean;
}

export interface GridPeriod {
  id: number;
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

/**
 * The school's e-journal is the journal of record and cannot take this entry: its feed is read-only
 * (protocol v1), or it does not know the lesson or the student (core/feed/entries/mode.ts).
 */
export type JournalRefusal = 'journalReadOnly' | 'notInJournal';

/** Why a lesson's cells cannot be entered now: lessonForEntry's reasons, and whose lesson it is. */
export type EntryRefusal = 'closed' | 'future' | 'cancelled' | 'notYours' | 'substituted' | 'readOnly';

export interface GridLesson {
  id: number;
  date: string;
  slot: number;
  topic: string | null;
  homework: string | null;
  cancelled: boolean;
  /** Given by a substitute teacher (003 §2.10). */
  substituted: boolean;
  /** Whether this account may enter for it today, and if not why. */
  entry: { open: true } | { open: false; reason: EntryRefusal };
}

export interface GridMark {
  id: number;
  studentId: number;
  lessonId: number;
  workKindId: number;
  value: MarkValue;
  comment: string | null;
  version: number;
}

export interface GridAttendance {
  studentId: number;
  lessonId: number;
  status: 'absent' | 'late';
  reason: AbsenceReason;
}

export interface GridStudent {
  id: number;
  lastName: string;
  firstName: string;
  /** The weighted average of the subject over the period, in hundredths, as the diary shows it; null without numeric marks. */
  average: number | null;
  /** The period mark that average rounds to with the school's thresholds (the diary's forecast). */
  suggested: 2 | 3 | 4 | 5 | null;
  /** The period mark set, if any (only when a period is shown). */
  periodMark: MarkValue | null;
}

/** A teacher's entry for the school's e-journal, as the grid lists it (core/grid/journal-entries.ts). */
export interface GridJournalEntry {
  id: number;
  kind: 'mark.set' | 'mark.deleted' | 'attendance.set' | 'lesson.topic' | 'homework.set' | 'periodMark.set';
  status: 'queued' | 'sent' | 'accepted' | 'applied' | 'rejected' | 'conflict';
  /** The lesson's date (null for a period mark). */
  date: string | null;
  /** The student as the teacher sees them; the period of a period mark. */
  student: string | null;
  period: string | null;
  /** What the teacher set, and (in conflict) the e-journal's value, which stands. */
  ours: string | null;
  theirs: string | null;
  reason: string | null;
}

export interface GridView {
  class: { id: number; name: string; grade: number };
  subject: { id: number; name: string };
  subgroup: { id: number; name: string } | null;
  /** The period shown, or null for dates given by hand. */
  period: GridPeriod | null;
  from: string;
  to: string;
  today: string;
  /** Grade 1 keeps attendance only (000 §1.6): no mark cells, no period marks, no homework. */
  keepsMarks: boolean;
  /** Nothing here is this account's to enter. */
  readOnly: boolean;
  /** May set the period marks: the appointed teacher of the class and subject, a period shown, marks kept. */
  setsPeriodMarks: boolean;
  workKinds: { id: number; name: string; /** hundredths */ weight: number }[];
  lessons: GridLesson[];
  students: GridStudent[];
  marks: GridMark[];
  attendance: GridAttendance[];
  /** The teacher's entries for the school's e-journal here, newest first (none for an internal school). */
  journal: GridJournalEntry[];
  /** The school's e-journal is its journal of record: each write becomes an entry the page lists (journal). */
  sendsToJournal: boolean;
}

/** The state of a cell a write found when it differed from what the page saw (409 conflict). */
export interface CellState {
  value: string | null;
  /** The mark's id (marks only). */
  id?: number | null;
  version?: number | null;
  reason?: AbsenceReason | null;
  comment?: string | null;
}

/** A write refused: not the account's (forbidden, the same for what does not exist), closed (with why), changed meanwhile. */
export type WriteRefusal =
  | { refused: 'forbidden' }
  | { refused: 'closed'; reason: EntryRefusal | 'noMarks' | JournalRefusal }
  | { refused: 'conflict'; current: CellState }
  | { refused: 'badInput'; field: string };

export type WriteResult =
  | {
      saved: CellState;
      /** After a mark: the student's average and suggested period mark over the grid's dates. */
      summary?: { average: number | null; suggested: 2 | 3 | 4 | 5 | null };
    }
  | WriteRefusal;
