import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import {
  recordAttendance,
  setHomework,
  setLessonTopic,
  setMark,
  setPeriodMark,
  upsertLesson,
  type UpsertLessonInput,
} from '../../core/journal/index.js';
import * as s from '../../core/school/structure.js';
import type { Db } from '../../core/unit-of-work.js';
import type { AbsenceReason, AttendanceStatus, MarkValue, PeriodKind, StaffRoleName } from '../../db/entities/index.js';

/**
 * The building blocks of the test schools (test/helpers/fixtures.ts,
 * diary.ts, control-fixture.ts): each call writes one row through the core,
 * as the importer would, so ids follow the order of the calls.
 */
export const actor: Actor = { kind: 'cli', command: 'test' };

/** «Фамилия Имя [Отчество]» as a person's name fields. */
const person = (fullName: string) => {
  const [lastName, firstName, middleName] = fullName.split(' ');
  return { lastName, firstName, ...(middleName ? { middleName } : {}) };
};

/** A new school and its academic year. */
export async function openSchool(
  em: EntityManager,
  school: { name: string; shortName: string; timezone: string },
  year: { name: string; startsOn: string; endsOn: string },
) {
  const created = await s.upsertSchool(em, school, actor);
  return { school: created, year: await s.upsertAcademicYear(em, { schoolId: created.id, ...year }, actor) };
}

/** The school's structure (periods, classes, people, subjects), inside the caller's transaction. */
export function structureOf(em: EntityManager, schoolId: number) {
  return {
    period: (academicYearId: number, kind: PeriodKind, number: number, name: string, [startsOn, endsOn]: string[]) =>
      s.upsertPeriod(em, { schoolId, academicYearId, kind, number, name, startsOn, endsOn }, actor),
    class: (academicYearId: number, grade: number, letter: string) =>
      s.upsertClass(em, { schoolId, academicYearId, grade, letter }, actor),
    subgroup: async (classId: number, name: string, studentIds: number[]) => {
      const g = await s.upsertSubgroup(em, { schoolId, classId, name }, actor);
      for (const id of studentIds) await s.addToSubgroup(em, g.id, id);
      return g;
    },
    student: (classId: number, fullName: string) =>
      s.upsertStudent(em, { schoolId, classId, ...person(fullName) }, actor),
    guardian: (fullName: string) => s.upsertGuardian(em, { schoolId, ...person(fullName) }, actor),
    /** Makes `guardianId` a guardian of `studentId`. */
    child: (guardianId: number, studentId: number, relation: 'mother' | 'father') =>
      s.linkGuardianToStudent(em, { studentId, guardianId, relation }, actor),
    staff: (fullName: string) => s.upsertStaff(em, { schoolId, ...person(fullName) }, actor),
    role: (staffId: number, role: StaffRoleName, classId?: number) =>
      s.addStaffRole(em, { schoolId, staffId, role, ...(classId ? { classId } : {}) }, actor),
    subject: (name: string, shortName?: string) =>
      s.upsertSubject(em, { schoolId, name, ...(shortName ? { shortName } : {}) }, actor),
    workKind: (code: string, name: string, weight: number) =>
      s.upsertWorkKind(em, { schoolId, code, name, weight }, actor),
  };
}

/** Where a mark goes: a lesson, or a subject on a day without one. */
type MarkPlace = { id?: number; subjectId: number; date: string };

/** The school's journal (lessons, homework, marks, attendance), each call its own transaction. */
export function journalOf(db: Db, schoolId: number) {
  const hour = (slot: number) => String(7 + slot).padStart(2, '0');
  return {
    /** A lesson in room 21, slot n at (7+n):00–(7+n):45. */
    lesson: async (
      classId: number,
      subjectId: number,
      teacherId: number,
      date: string,
      slot: number,
      more: Partial<UpsertLessonInput> = {},
    ) => {
      const at = { startsAt: `${hour(slot)}:00`, endsAt: `${hour(slot)}:45` };
      const input = { schoolId, classId, subjectId, teacherId, date, slot, ...at, room: '21', ...more };
      return (await upsertLesson(db, input, actor)).lesson;
    },
    topic: (lessonId: number, topic: string) => setLessonTopic(db, { schoolId, lessonId, topic }, actor),
    homework: (lessonId: number, homework: string, setAt: Date) =>
      setHomework(db, { schoolId, lessonId, homework, setAt }, actor),
    mark: async (
      studentId: number,
      at: MarkPlace,
      workKindId: number,
      value: MarkValue,
      extra: { comment?: string } = {},
    ) => {
      const place = { subjectId: at.subjectId, date: at.date, ...(at.id ? { lessonId: at.id } : {}) };
      return (await setMark(db, { schoolId, studentId, workKindId, ...place, value, ...extra }, actor)).mark;
    },
    periodMark: (studentId: number, subjectId: number, periodId: number, value: MarkValue) =>
      setPeriodMark(db, { schoolId, studentId, subjectId, periodId, value }, actor),
    attendance: (studentId: number, lessonId: number, status: AttendanceStatus, reason: AbsenceReason) =>
      recordAttendance(db, { schoolId, studentId, lessonId, status, reason }, actor),
  };
}
