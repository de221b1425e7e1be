import { addToSubgroup, upsertStudent, upsertSubgroup } from '../../core/school/structure.js';
import { classResolver, duplicateChecker, type FileWriter, type RowProblem } from './context.js';
import type { StudentRow } from './rows.js';

/** Students by external id, into their class (created if new) and the subgroups listed. */
export const writeStudents: FileWriter<StudentRow> = async (em, ctx, rows) => {
  const problems: RowProblem[] = [];
  const classId = classResolver(em, ctx);
  const duplicate = duplicateChecker();
  for (const { line, data: r } of rows) {
    const dup = duplicate(r.external_id, line);
    if (dup) {
      problems.push({ line, message: `external_id: ${dup}` });
      continue;
    }
    const cls = await classId(r.class);
    const student = await upsertStudent(
      em,
      {
        schoolId: ctx.schoolId,
        classId: cls,
        lastName: r.last_name,
        firstName: r.first_name,
        middleName: r.middle_name,
        birthDate: r.birth_date,
        externalId: r.external_id,
      },
      ctx.actor,
    );
    for (const name of r.subgroups) {
      const subgroup = await upsertSubgroup(em, { schoolId: ctx.schoolId, classId: cls, name }, ctx.actor);
      await addToSubgroup(em, subgroup.id, student.id);
    }
  }
  return { problems, stats: { rows: rows.length } };
};
