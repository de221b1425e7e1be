import { addStaffRole, upsertStaff } from '../../core/school/structure.js';
import { classResolver, duplicateChecker, type FileWriter, type RowProblem } from './context.js';
import type { StaffRow } from './rows.js';

/** Staff by external id with their roles; roles are added, never removed (a role ends by hand). */
export const writeStaff: FileWriter<StaffRow> = async (em, ctx, rows) => {
  const problems: RowProblem[] = [];
  const classId = classResolver(em, ctx);
  const duplicate = duplicateChecker();
  for (const { line, data: r } of rows) {
    const dup = duplicate(r.external_id, line);
    if (dup) {
      problems.push({ line, message: `external_id: ${dup}` });
      continue;
    }
    const staff = await upsertStaff(
      em,
      {
        schoolId: ctx.schoolId,
        lastName: r.last_name,
        firstName: r.first_name,
        middleName: r.middle_name,
        externalId: r.external_id,
      },
      ctx.actor,
    );
    for (const role of r.roles) {
      const cls = role.class ? await classId(role.class) : null;
      await addStaffRole(em, { schoolId: ctx.schoolId, staffId: staff.id, role: role.role, classId: cls }, ctx.actor);
    }
  }
  return { problems, stats: { rows: rows.length } };
};
