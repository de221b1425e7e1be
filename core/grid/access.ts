import type { AccessProfile } from '../access/profile.js';
import { mayOnClass } from '../access/policy.js';
import type { Db } from '../unit-of-work.js';
import type { GridPair, GridPeriod } from './types.js';

/**
 * Who may open which grid. A teacher opens the classes (or subgroups) and
 * subjects they give or substitute lessons in, and enters only for those
 * lessons (core/today's lessonForEntry). The deputy and the administrator —
 * whom the policy lets edit any class's journal (mayOnClass 'editJournal') —
 * see every grid of the school read-only: the grid enters marks for lessons
 * given, and they give none here. Anyone else gets nothing, the same whether
 * the class exists or not.
 */

/** The deputy or the administrator: every grid of the school, read-only. */
const overseer = (p: AccessProfile) =>
  !!p.staff && (p.staff.roles.includes('deputy') || p.staff.roles.includes('admin'));

/** The school's academic year containing `today`, else the latest begun, else the first. */
export async function currentYear(db: Db, schoolId: number, today: string): Promise<number | null> {
  const [y] = await db.query(
    `SELECT id FROM academic_year WHERE "schoolId" = $1
      ORDER BY ("startsOn" <= $2 AND "endsOn" >= $2) DESC, ("startsOn" <= $2) DESC, "startsOn" DESC LIMIT 1`,
    [schoolId, today],
  );
  return (y?.id as number | undefined) ?? null;
}

/** The periods of an academic year: quarters first, then trimesters, half-years, the year. */
export function yearPeriods(db: Db, academicYearId: number): Promise<GridPeriod[]> {
  return db.query(
    `SELECT id, kind, number, name, "startsOn", "endsOn" FROM period WHERE "academicYearId" = $1
      ORDER BY array_position(ARRAY['quarter','trimester','halfYear','year'], kind), number`,
    [academicYearId],
  );
}

/** The pairs the account may open this year, with the school's periods to pick from. */
export async function gridOptions(
  db: Db,
  p: AccessProfile,
  today: string,
): Promise<{ pairs: GridPair[]; periods: GridPeriod[] }> {
  const s = p.staff;
  const yearId = s ? await currentYear(db, s.schoolId, today) : null;
  if (!s || !yearId) return { pairs: [], periods: [] };
  const rows: (Omit<GridPair, 'readOnly'> & { own: boolean })[] = await db.query(
    `SELECT l."classId", c.name AS "className", c.grade, l."subjectId", sb.name AS subject, l."subgroupId", sg.name AS subgroup,
            bool_or(l."teacherId" = $2 OR l."substituteTeacherId" = $2) AS own
       FROM lesson l JOIN school_class c ON c.id = l."classId" JOIN subject sb ON sb.id = l."subjectId"
       LEFT JOIN subgroup sg ON sg.id = l."subgroupId"
      WHERE l."schoolId" = $1 AND c."academicYearId" = $3
        AND ($4 OR l."teacherId" = $2 OR l."substituteTeacherId" = $2)
      GROUP BY l."classId", c.name, c.grade, l."subjectId", sb.name, l."subgroupId", sg.name
      ORDER BY c.grade, c.name, sb.name, sg.name NULLS FIRST`,
    [s.schoolId, s.staffId, yearId, overseer(p)],
  );
  const pairs = rows
    .filter((r) => r.own || mayOnClass(p, 'editJournal', { classId: r.classId, schoolId: s.schoolId }))
    .map(({ own, ...r }) => ({ ...r, readOnly: !own }));
  return { pairs, periods: await yearPeriods(db, yearId) };
}

/** A grid the account may open: the class, subject and subgroup, and what the account is to them. */
export interface GridTarget {
  schoolId: number;
  classId: number;
  className: string;
  grade: number;
  academicYearId: number;
  subjectId: number;
  subject: string;
  subgroupId: number | null;
  subgroup: string | null;
  /** Gives or substitutes lessons here: may enter for those (each checked by lessonForEntry). */
  teaches: boolean;
  /** The appointed teacher of some lesson here (not only a substitute): sets the period marks. */
  appointed: boolean;
  /** The periods of the class's academic year, in yearPeriods' order. */
  periods: GridPeriod[];
}

/** The grid's target if the account may open it; null both when it does not exist and when it is not allowed. */
export async function gridTarget(
  db: Db,
  p: AccessProfile,
  ref: { classId: number; subjectId: number; subgroupId: number | null },
): Promise<GridTarget | null> {
  const s = p.staff;
  if (!s) return null;
  const [t]: GridTarget[] = await db.query(
    `SELECT c."schoolId", c.id AS "classId", c.name AS "className", c.grade, c."academicYearId",
            sb.id AS "subjectId", sb.name AS subject, sg.id AS "subgroupId", sg.name AS subgroup,
            EXISTS (SELECT 1 FROM lesson l WHERE l."classId" = c.id AND l."subjectId" = sb.id
                       AND l."subgroupId" IS NOT DISTINCT FROM $3::int AND (l."teacherId" = $4 OR l."substituteTeacherId" = $4)) AS teaches,
            EXISTS (SELECT 1 FROM lesson l WHERE l."classId" = c.id AND l."subjectId" = sb.id
                       AND l."subgroupId" IS NOT DISTINCT FROM $3::int AND l."teacherId" = $4) AS appointed,
            COALESCE((SELECT json_agg(json_build_object('id', p.id, 'kind', p.kind, 'number', p.number, 'name', p.name,
                                                        'startsOn', p."startsOn", 'endsOn', p."endsOn")
                                      ORDER BY array_position(ARRAY['quarter','trimester','halfYear','year'], p.kind), p.number)
                        FROM period p WHERE p."academicYearId" = c."academicYearId"), '[]') AS periods
       FROM school_class c JOIN subject sb ON sb.id = $2 AND sb."schoolId" = c."schoolId"
       LEFT JOIN subgroup sg ON sg.id = $3::int AND sg."classId" = c.id
      WHERE c.id = $1 AND c."schoolId" = $5`,
    [ref.classId, ref.subjectId, ref.subgroupId, s.staffId, s.schoolId],
  );
  if (!t || (ref.subgroupId !== null && t.subgroupId === null)) return null;
  if (t.teaches || (overseer(p) && mayOnClass(p, 'editJournal', t))) return t;
  return null;
}
