import { EntitySchema } from 'typeorm';
import {
  id,
  ref,
  fk,
  text,
  bool,
  date,
  ts,
  createdAt,
  updatedAt,
  externalId,
  actor,
  externalIdIndex,
} from './columns.js';

/**
 * A mark's value: 1–5, or a special value (glossary: exempt «осв», notAttested «н/а», pass «зач»,
 * noMarks «безотм»).
 */
export type MarkValue = '1' | '2' | '3' | '4' | '5' | 'exempt' | 'notAttested' | 'pass' | 'noMarks';
export const MARK_VALUES: readonly MarkValue[] = ['1', '2', '3', '4', '5', 'exempt', 'notAttested', 'pass', 'noMarks'];
export type AttendanceStatus = 'absent' | 'late';
export type AbsenceReason = 'illness' | 'excused' | 'unexcused' | 'unknown';

const markValueCheck = (col: string) => `"${col}" IN ('1','2','3','4','5','exempt','notAttested','pass','noMarks')`;

/** One timetable slot on a date for a class or one of its subgroups. */
export interface Lesson {
  id: number;
  schoolId: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  substituteTeacherId: number | null;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  room: string | null;
  topic: string | null;
  homework: string | null;
  homeworkSetAt: Date | null;
  cancelled: boolean;
  externalId: string | null;
  updatedBy: string;
  updatedAt: Date;
}
export const LessonEntity = new EntitySchema<Lesson>({
  name: 'Lesson',
  tableName: 'lesson',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_lesson_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_lesson_classId', 'CASCADE')),
    subgroupId: ref(true, fk('Subgroup', 'fk_lesson_subgroupId', 'SET NULL')),
    subjectId: ref(false, fk('Subject', 'fk_lesson_subjectId', 'RESTRICT')),
    teacherId: ref(false, fk('Staff', 'fk_lesson_teacherId', 'RESTRICT')),
    substituteTeacherId: ref(true, fk('Staff', 'fk_lesson_substituteTeacherId', 'SET NULL')),
    date: date(),
    slot: { type: 'int' },
    startsAt: { type: 'time' },
    endsAt: { type: 'time' },
    room: text(true),
    topic: text(true),
    homework: text(true),
    homeworkSetAt: ts(true),
    cancelled: bool(false),
    externalId: externalId(),
    updatedBy: actor(),
    updatedAt: updatedAt(),
  },
  indices: [
    externalIdIndex('lesson'),
    { name: 'ix_lesson_class_date', columns: ['classId', 'date'] },
    { name: 'ix_lesson_teacher_date', columns: ['teacherId', 'date'] },
  ],
  checks: [{ name: 'ck_lesson_slot', expression: '"slot" BETWEEN 0 AND 12' }],
});

export interface Mark {
  id: number;
  schoolId: number;
  studentId: number;
  subjectId: number;
  lessonId: number | null;
  workKindId: number;
  date: string;
  value: MarkValue;
  comment: string | null;
  teacherId: number | null;
  deleted: boolean;
  externalId: string | null;
  version: number;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}
export const MarkEntity = new EntitySchema<Mark>({
  name: 'Mark',
  tableName: 'mark',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_mark_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_mark_studentId', 'CASCADE')),
    subjectId: ref(false, fk('Subject', 'fk_mark_subjectId', 'RESTRICT')),
    lessonId: ref(true, fk('Lesson', 'fk_mark_lessonId', 'SET NULL')),
    workKindId: ref(false, fk('WorkKind', 'fk_mark_workKindId', 'RESTRICT')),
    date: date(),
    value: text(),
    comment: text(true),
    teacherId: ref(true, fk('Staff', 'fk_mark_teacherId', 'SET NULL')),
    deleted: bool(false),
    externalId: externalId(),
    version: { type: 'int', default: 1 },
    updatedBy: actor(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indices: [
    externalIdIndex('mark'),
    { name: 'ix_mark_student_subject_date', columns: ['studentId', 'subjectId', 'date'] },
  ],
  checks: [{ name: 'ck_mark_value', expression: markValueCheck('value') }],
});

/** Every change of a mark, kept for good (the journal is an official document). */
export interface MarkHistory {
  id: number;
  markId: number;
  action: 'created' | 'changed' | 'deleted';
  oldValue: MarkValue | null;
  newValue: MarkValue | null;
  oldComment: string | null;
  newComment: string | null;
  actor: string;
  at: Date;
}
export const MarkHistoryEntity = new EntitySchema<MarkHistory>({
  name: 'MarkHistory',
  tableName: 'mark_history',
  columns: {
    id: id(),
    markId: ref(false, fk('Mark', 'fk_mark_history_markId', 'CASCADE')),
    action: text(),
    oldValue: text(true),
    newValue: text(true),
    oldComment: text(true),
    newComment: text(true),
    actor: actor(),
    at: createdAt(),
  },
  indices: [{ name: 'ix_mark_history_mark', columns: ['markId'] }],
});

export interface Attendance {
  id: number;
  schoolId: number;
  studentId: number;
  lessonId: number;
  status: AttendanceStatus;
  reason: AbsenceReason;
  comment: string | null;
  externalId: string | null;
  updatedBy: string;
  updatedAt: Date;
}
export const AttendanceEntity = new EntitySchema<Attendance>({
  name: 'Attendance',
  tableName: 'attendance',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_attendance_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_attendance_studentId', 'CASCADE')),
    lessonId: ref(false, fk('Lesson', 'fk_attendance_lessonId', 'CASCADE')),
    status: text(),
    reason: text(),
    comment: text(true),
    externalId: externalId(),
    updatedBy: actor(),
    updatedAt: updatedAt(),
  },
  indices: [
    externalIdIndex('attendance'),
    { name: 'uq_attendance_student_lesson', columns: ['studentId', 'lessonId'], unique: true },
  ],
  checks: [
    { name: 'ck_attendance_status', expression: `"status" IN ('absent','late')` },
    { name: 'ck_attendance_reason', expression: `"reason" IN ('illness','excused','unexcused','unknown')` },
  ],
});

export interface PeriodMark {
  id: number;
  schoolId: number;
  studentId: number;
  subjectId: number;
  periodId: number;
  value: MarkValue;
  externalId: string | null;
  updatedBy: string;
  updatedAt: Date;
}
export const PeriodMarkEntity = new EntitySchema<PeriodMark>({
  name: 'PeriodMark',
  tableName: 'period_mark',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_period_mark_schoolId', 'CASCADE')),
    studentId: ref(false, fk('Student', 'fk_period_mark_studentId', 'CASCADE')),
    subjectId: ref(false, fk('Subject', 'fk_period_mark_subjectId', 'RESTRICT')),
    periodId: ref(false, fk('Period', 'fk_period_mark_periodId', 'CASCADE')),
    value: text(),
    externalId: externalId(),
    updatedBy: actor(),
    updatedAt: updatedAt(),
  },
  indices: [
    externalIdIndex('period_mark'),
    { name: 'uq_period_mark', columns: ['studentId', 'subjectId', 'periodId'], unique: true },
  ],
  checks: [{ name: 'ck_period_mark_value', expression: markValueCheck('value') }],
});

export const journalEntryEntities = [LessonEntity, MarkEntity, MarkHistoryEntity, AttendanceEntity, PeriodMarkEntity];
