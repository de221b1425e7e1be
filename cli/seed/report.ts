import { IsNull, Not, type DataSource } from 'typeorm';
import {
  AttendanceEntity,
  GuardianEntity,
  LessonEntity,
  MarkEntity,
  PeriodMarkEntity,
  SchoolClassEntity,
  StaffEntity,
  StudentEntity,
  SubgroupEntity,
  SubjectEntity,
  WorkKindEntity,
} from '../../db/entities/index.js';
import type { IssuedCode } from './invitations.js';

export type SchoolCounts = Awaited<ReturnType<typeof countSchool>>;

/** What the school holds now (the same numbers on a second run, which writes nothing but codes). */
export async function countSchool(ds: DataSource, schoolId: number) {
  const m = ds.manager;
  return {
    classes: await m.countBy(SchoolClassEntity, { schoolId }),
    subgroups: await m.countBy(SubgroupEntity, { schoolId }),
    students: await m.countBy(StudentEntity, { schoolId }),
    guardians: await m.countBy(GuardianEntity, { schoolId }),
    staff: await m.countBy(StaffEntity, { schoolId }),
    subjects: await m.countBy(SubjectEntity, { schoolId }),
    workKinds: await m.countBy(WorkKindEntity, { schoolId }),
    lessons: await m.countBy(LessonEntity, { schoolId }),
    homework: await m.countBy(LessonEntity, { schoolId, homework: Not(IsNull()) }),
    substitutions: await m.countBy(LessonEntity, { schoolId, substituteTeacherId: Not(IsNull()) }),
    cancelledLessons: await m.countBy(LessonEntity, { schoolId, cancelled: true }),
    marks: await m.countBy(MarkEntity, { schoolId, deleted: false }),
    attendance: await m.countBy(AttendanceEntity, { schoolId }),
    periodMarks: await m.countBy(PeriodMarkEntity, { schoolId }),
  };
}

/** A few codes for the human summary: a parent and a student of each class, one of each staff role. */
export function sampleCodes(codes: IssuedCode[]): IssuedCode[] {
  const seen = new Set<string>();
  return codes.filter((c) => {
    const key = c.role === 'parent' || c.role === 'student' ? `${c.role}|${c.class}` : c.role;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function table(rows: IssuedCode[]): string[] {
  const cells = [
    ['ROLE', 'CODE', 'NAME', 'STUDENT', 'CLASS'],
    ...rows.map((r) => [r.role, r.code, r.name, r.student ?? '-', r.class ?? '-']),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
