import type { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { upsertLesson } from '../../core/journal/index.js';
import * as s from '../../core/school/structure.js';
import type { MarkValue } from '../../db/entities/index.js';

const actor: Actor = { kind: 'cli', command: 'test' };

/**
 * A small school for tests: classes 5А (class teacher Петрова), 6Б (class
 * teacher Сидоров) and 1А; two students in 5А, one in 6Б, one in 1А; a
 * guardian with children in 5А and 6Б; a subject teacher of maths in 5А; a
 * deputy and a director. Lessons on 2026-11-23 (a Monday).
 */
export async function makeSchool(ds: DataSource) {
  const f = await ds.transaction(async (em) => {
    const school = await s.upsertSchool(
      em,
      { name: 'МБОУ СОШ № 1', shortName: 'СОШ № 1', timezone: 'Europe/Moscow' },
      actor,
    );
    const year = await s.upsertAcademicYear(
      em,
      { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
      actor,
    );
    const q2 = await s.upsertPeriod(
      em,
      {
        schoolId: school.id,
        academicYearId: year.id,
        kind: 'quarter',
        number: 2,
        name: '2 четверть',
        startsOn: '2026-11-09',
        endsOn: '2026-12-28',
      },
      actor,
    );
    const c5a = await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 5, letter: 'А' }, actor);
    const c6b = await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 6, letter: 'Б' }, actor);
    const c1a = await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 1, letter: 'А' }, actor);
    const anna = await s.upsertStudent(
      em,
      { schoolId: school.id, classId: c5a.id, lastName: 'Иванова', firstName: 'Анна', middleName: 'Сергеевна' },
      actor,
    );
    const boris = await s.upsertStudent(
      em,
      { schoolId: school.id, classId: c5a.id, lastName: 'Борисов', firstName: 'Борис' },
      actor,
    );
    const pavel = await s.upsertStudent(
      em,
      { schoolId: school.id, classId: c6b.id, lastName: 'Иванов', firstName: 'Павел' },
      actor,
    );
    const mila = await s.upsertStudent(
      em,
      { schoolId: school.id, classId: c1a.id, lastName: 'Милова', firstName: 'Мила' },
      actor,
    );
    const mother = await s.upsertGuardian(em, { schoolId: school.id, lastName: 'Иванова', firstName: 'Ольга' }, actor);
    const borisFather = await s.upsertGuardian(
      em,
      { schoolId: school.id, lastName: 'Борисов', firstName: 'Игорь' },
      actor,
    );
    await s.linkGuardianToStudent(em, { studentId: anna.id, guardianId: mother.id, relation: 'mother' }, actor);
    await s.linkGuardianToStudent(em, { studentId: pavel.id, guardianId: mother.id, relation: 'mother' }, actor);
    await s.linkGuardianToStudent(em, { studentId: boris.id, guardianId: borisFather.id, relation: 'father' }, actor);
    const petrova = await s.upsertStaff(
      em,
      { schoolId: school.id, lastName: 'Петрова', firstName: 'Елена', middleName: 'Викторовна' },
      actor,
    );
    const sidorov = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Сидоров', firstName: 'Иван' }, actor);
    const mathTeacher = await s.upsertStaff(
      em,
      { schoolId: school.id, lastName: 'Кузнецов', firstName: 'Олег' },
      actor,
    );
    const deputy = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Завучева', firstName: 'Мария' }, actor);
    const director = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Директоров', firstName: 'Пётр' }, actor);
    const admin = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Админова', firstName: 'Алла' }, actor);
    await s.addStaffRole(
      em,
      { schoolId: school.id, staffId: petrova.id, role: 'classTeacher', classId: c5a.id },
      actor,
    );
    await s.addStaffRole(em, { schoolId: school.id, staffId: petrova.id, role: 'teacher' }, actor);
    await s.addStaffRole(
      em,
      { schoolId: school.id, staffId: sidorov.id, role: 'classTeacher', classId: c6b.id },
      actor,
    );
    await s.addStaffRole(em, { schoolId: school.id, staffId: mathTeacher.id, role: 'teacher' }, actor);
    await s.addStaffRole(em, { schoolId: school.id, staffId: deputy.id, role: 'deputy' }, actor);
    await s.addStaffRole(em, { schoolId: school.id, staffId: director.id, role: 'director' }, actor);
    await s.addStaffRole(em, { schoolId: school.id, staffId: admin.id, role: 'admin' }, actor);
    const maths = await s.upsertSubject(em, { schoolId: school.id, name: 'Математика' }, actor);
    const russian = await s.upsertSubject(em, { schoolId: school.id, name: 'Русский язык' }, actor);
    const test = await s.upsertWorkKind(
      em,
      { schoolId: school.id, code: 'test', name: 'Контрольная работа', weight: 2 },
      actor,
    );
    const oral = await s.upsertWorkKind(
      em,
      { schoolId: school.id, code: 'oral', name: 'Устный ответ', weight: 1 },
      actor,
    );
    return {
      school,
      year,
      q2,
      c5a,
      c6b,
      c1a,
      anna,
      boris,
      pavel,
      mila,
      mother,
      borisFather,
      petrova,
      sidorov,
      mathTeacher,
      deputy,
      director,
      admin,
      maths,
      russian,
      test,
      oral,
    };
  });
  const lesson = (classId: number, subjectId: number, teacherId: number, slot: number) =>
    upsertLesson(
      ds,
      {
        schoolId: f.school.id,
        classId,
        subjectId,
        teacherId,
        date: '2026-11-23',
        slot,
        startsAt: `0${7 + slot}:00`,
        endsAt: `0${7 + slot}:45`,
        room: '21',
      },
      actor,
    ).then((r) => r.lesson);
  const mathsLesson5a = await lesson(f.c5a.id, f.maths.id, f.mathTeacher.id, 1);
  const russianLesson5a = await lesson(f.c5a.id, f.russian.id, f.petrova.id, 2);
  const mathsLesson6b = await lesson(f.c6b.id, f.maths.id, f.mathTeacher.id, 1);
  const lesson1a = await lesson(f.c1a.id, f.russian.id, f.petrova.id, 1);
  return { ...f, mathsLesson5a, russianLesson5a, mathsLesson6b, lesson1a };
}
export type SchoolFixture = Awaited<ReturnType<typeof makeSchool>>;

/** Anna's test in the 5А maths lesson of 23 November: the mark most tests enter, as setMark's input. */
export const annaMathsTest = (
  f: SchoolFixture,
  value: MarkValue,
  extra: { comment?: string; markId?: number } = {},
) => ({
  schoolId: f.school.id,
  studentId: f.anna.id,
  subjectId: f.maths.id,
  workKindId: f.test.id,
  lessonId: f.mathsLesson5a.id,
  date: '2026-11-23',
  value,
  ...extra,
});
