import type { ControlSettings } from './settings.js';

/** The control panel's report and the items of its lists. */

export interface ControlScope {
  schoolId: number;
  /** First and last school day of the span (inclusive). */
  from: string;
  to: string;
  classId?: number | null;
  /** The teacher who gave the lessons (the substitute for a substituted lesson). */
  teacherId?: number | null;
}

export interface StudentItem {
  studentId: number;
  name: string;
  classId: number;
  className: string;
}
export interface CourseStudent extends StudentItem {
  subjectId: number;
  subject: string;
  marks: number;
}
export interface LessonItem {
  lessonId: number;
  date: string;
  slot: number;
  classId: number;
  className: string;
  subjectId: number;
  subject: string;
  subgroup: string | null;
  teacherId: number;
  teacher: string;
}
export interface LateHomework extends LessonItem {
  setAt: Date;
  dueAt: Date;
}
export interface LateAbsence extends LessonItem {
  studentId: number;
  student: string;
  status: 'absent' | 'late';
  recordedAt: Date;
}
export interface LateMark extends LessonItem {
  markId: number;
  studentId: number;
  student: string;
  workKind: string;
  value: string;
  enteredAt: Date;
  dueAt: Date;
  allowedDays: number;
}
export interface ChangedLesson extends LessonItem {
  cancelled: boolean;
  substitute: string | null;
}
export interface FamilyItem extends StudentItem {
  guardian: 'off' | 'idle' | 'active';
  refused: boolean;
  lastSeenAt: Date | null;
}
export interface CorrectionItem extends StudentItem {
  requestId: number;
  entityType: 'mark' | 'attendance' | 'homework';
  reportedAt: Date;
  dueAt: Date;
  overdue: boolean;
  teacherId: number | null;
  teacher: string | null;
}

export interface SubjectMarksRow {
  subjectId: number;
  subject: string;
  students: number;
  none: number;
  one: number;
}

export interface ControlReport {
  scope: ControlScope;
  /** The school day the report was made on, and the moment (deadlines after it are not yet due). */
  today: string;
  now: Date;
  /** Student–subject pairs counted, and those with no / one numeric mark in the span. */
  marks: { pairs: number; none: CourseStudent[]; one: CourseStudent[]; bySubject: SubjectMarksRow[] };
  /** Lessons held in the span (not cancelled) up to today, and those that needed homework. */
  lessonsHeld: number;
  homeworkExpected: number;
  homeworkLate: LateHomework[];
  homeworkMissing: LessonItem[];
  noTopic: LessonItem[];
  attendanceLate: LateAbsence[];
  writtenMarks: number;
  marksLate: LateMark[];
  families: { students: number; connected: number; active: number; off: FamilyItem[]; idle: FamilyItem[] };
  changed: ChangedLesson[];
  /** Families' journal-error reports still open now (whatever the span), earliest deadline first. */
  corrections: CorrectionItem[];
  settings: ControlSettings;
  /** The school's journal of record, and (external) teachers' entries not yet accepted or rejected by it. */
  journal?: JournalStatus;
}

/** Where the journal of record is; for an external one, entries waiting for the e-journal and those it refused. */
export interface JournalStatus {
  record: 'internal' | 'external';
  pending: number;
  rejected: number;
}
