import type { MarkValue, SchoolSettings } from '../../db/entities/index.js';
import { averageHundredths, averageStats, roundToMark, thresholdsOf, type Weighted } from '../diary/rules.js';
import type { Db } from '../unit-of-work.js';

export interface StudentSummary {
  average: number | null;
  suggested: 2 | 3 | 4 | 5 | null;
}

/**
 * The period-mark column's suggestion: each student's weighted average of the
 * subject over the dates, and the mark it rounds to — by the diary's own rules
 * (core/diary/rules.ts) over the same marks the diary counts (every live mark
 * of the subject dated in the period, whichever lesson or none), so the
 * teacher sees what the family sees.
 */
export async function periodSummaries(
  db: Db,
  schoolId: number,
  subjectId: number,
  studentIds: number[],
  range: { from: string; to: string },
): Promise<Map<number, StudentSummary>> {
  const out = new Map<number, StudentSummary>();
  if (!studentIds.length) return out;
  const [rows, [school]]: [(Weighted & { studentId: number })[], { settings: SchoolSettings }[]] = await Promise.all([
    db.query(
      `SELECT m."studentId", m.value, round(wk.weight * 100)::int AS weight
         FROM mark m JOIN work_kind wk ON wk.id = m."workKindId"
        WHERE m."studentId" = ANY($1) AND m."subjectId" = $2 AND NOT m.deleted AND m.date BETWEEN $3 AND $4`,
      [studentIds, subjectId, range.from, range.to],
    ),
    db.query(`SELECT settings FROM school WHERE id = $1`, [schoolId]),
  ]);
  const thresholds = thresholdsOf(school.settings);
  const byStudent = new Map<number, { value: MarkValue; weight: number }[]>();
  for (const r of rows) byStudent.set(r.studentId, [...(byStudent.get(r.studentId) ?? []), r]);
  for (const id of studentIds) {
    const stats = averageStats(byStudent.get(id) ?? []);
    out.set(id, {
      average: stats ? averageHundredths(stats) : null,
      suggested: stats ? roundToMark(stats, thresholds) : null,
    });
  }
  return out;
}
