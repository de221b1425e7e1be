import type { DataSource } from 'typeorm';
import type { MarkValue } from '../../db/entities/index.js';
import { journalOf, openSchool, structureOf } from './school-builder.js';

/**
 * A small school for tests: classes 5А (class teacher Петрова), 6Б (class
 * teacher Сидоров) and 1А; two students in 5А, one in 6Б, one in 1А; a
 * guardian with children in 5А and 6Б; a subject teacher of maths in 5А; a
 * deputy and a director. Lessons on 2026-11-23 (a Monday).
 */
export async function makeSchool(ds: DataSource) {
  const f = await ds.transaction(async (em) => {
    const { school, year } = await openSchool(
      em,
      { name: 'МБОУ СОШ № 1', shortName: 'СОШ № 1', timezone: 'Europe/Moscow' },
      { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
    );
    const b = structureOf(em, school.id);
    const q2 = await b.period(year.id, 'quarter', 2, '2 четверть', ['2026-11-09', '2026-12-28']);
    const c5a = await b.class(year.id, 5, 'А');
    const c6b = await b.class(year.id, 6, 'Б');
    const c1a = await b.class(year.id, 1, 'А');
    const anna = await b.student(c5a.id, 'Иванова Анна Сергеевна');
    const boris = await b.student(c5a.id, 'Борисов Борис');
    const pavel = await b.student(c6b.id, 'Иванов Павел');
    const mila = await b.student(c1a.id, 'Милова Мила');
    const mother = await b.guardian('Иванова Ольга');
    const borisFather = await b.guardian('Борисов Игорь');
    await b.child(mother.id, anna.id, 'mother');
    await b.child(mother.id, pavel.id, 'mother');
    await b.child(borisFather.id, boris.id, 'father');
    const petrova = await b.staff('Петрова Елена Викторовна');
    const sidorov = await b.staff('Сидоров Иван');
    const mathTeacher = await b.staff('Кузнецов Олег');
    const deputy = await b.staff('Завучева Мария');
    const director = await b.staff('Директоров Пётр');
    const admin = await b.staff('Админова Алла');
    await b.role(petrova.id, 'classTeacher', c5a.id);
    await b.role(petrova.id, 'teacher');
    await b.role(sidorov.id, 'classTeacher', c6b.id);
    await b.role(mathTeacher.id, 'teacher');
    await b.role(deputy.id, 'deputy');
    await b.role(director.id, 'director');
    await b.role(admin.id, 'admin');
    const maths = await b.subject('Математика');
    const russian = await b.subject('Русский язык');
    const test = await b.workKind('test', 'Контрольная работа', 2);
    const oral = await b.workKind('oral', 'Устный ответ', 1);
    const people = { anna, boris, pavel, mila, mother, borisFather };
    const staff = { petrova, sidorov, mathTeacher, deputy, director, admin };
    return { school, year, q2, c5a, c6b, c1a, ...people, ...staff, maths, russian, test, oral };
  });
  const j = journalOf(ds, f.school.id);
  const lesson = (classId: number, subjectId: number, teacherId: number, slot: number) =>
    j.lesson(classId, subjectId, teacherId, '2026-11-23', slot);
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
