import { linkGuardianToStudent, upsertGuardian } from '../../core/school/structure.js';
import { StudentEntity } from '../../db/entities/index.js';
import type { FileWriter, RowProblem } from './context.js';
import type { GuardianRow } from './rows.js';

/**
 * Guardians by external id, one row per guardian and child: a parent of two
 * children has two rows with the same external_id (and the same name and phone).
 */
export const writeGuardians: FileWriter<GuardianRow> = async (em, ctx, rows) => {
  const problems: RowProblem[] = [];
  const first = new Map<string, { line: number; data: GuardianRow }>();
  const guardianIds = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const { line, data: r } of rows) {
    const earlier = first.get(r.external_id);
    if (
      earlier &&
      (['last_name', 'first_name', 'middle_name', 'phone'] as const).some((k) => earlier.data[k] !== r[k])
    ) {
      problems.push({
        line,
        message: `external_id: the same guardian has another name or phone on line ${earlier.line}`,
      });
      continue;
    }
    const pair = `${r.external_id}|${r.student_external_id}`;
    if (pairs.has(pair)) {
      problems.push({ line, message: `duplicates line ${pairs.get(pair)}` });
      continue;
    }
    pairs.set(pair, line);
    if (!earlier) first.set(r.external_id, { line, data: r });
    const student = await em.findOneBy(StudentEntity, { schoolId: ctx.schoolId, externalId: r.student_external_id });
    if (!student) {
      problems.push({
        line,
        message: 'student_external_id: no student with this external id (import the students first)',
      });
      continue;
    }
    let guardianId = guardianIds.get(r.external_id);
    if (guardianId === undefined) {
      guardianId = (
        await upsertGuardian(
          em,
          {
            schoolId: ctx.schoolId,
            lastName: r.last_name,
            firstName: r.first_name,
            middleName: r.middle_name,
            phone: r.phone,
            externalId: r.external_id,
          },
          ctx.actor,
        )
      ).id;
      guardianIds.set(r.external_id, guardianId);
    }
    await linkGuardianToStudent(em, { studentId: student.id, guardianId, relation: r.relation }, ctx.actor);
  }
  return { problems, stats: { rows: rows.length } };
};
