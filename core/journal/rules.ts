import type { EntityManager } from 'typeorm';
import { SchoolClassEntity, StudentEntity } from '../../db/entities/index.js';
import { DomainError, NotFoundError } from '../errors.js';

/** Grade 1 keeps attendance and lesson plans but no marks and no homework (seed 000 §1.6). */
export const GRADES_WITHOUT_MARKS = new Set([1]);

export async function classOfStudent(em: EntityManager, studentId: number) {
  const student = await em.findOneBy(StudentEntity, { id: studentId });
  if (!student) throw new NotFoundError('student', studentId);
  const schoolClass = await em.findOneByOrFail(SchoolClassEntity, { id: student.classId });
  return { student, schoolClass };
}

export function assertMarksKept(grade: number): void {
  if (GRADES_WITHOUT_MARKS.has(grade))
    throw new DomainError('no_marks_in_grade', `grade ${grade} keeps no marks or homework`, { grade });
}
