import type { DataSource } from 'typeorm';
import { authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { GRADES_WITHOUT_MARKS } from '../journal/rules.js';

export type DiaryStudent = NonNullable<Awaited<ReturnType<typeof authorizeStudent>>>;

export type DiaryAccess =
  | { kind: 'ok'; student: DiaryStudent }
  /** Not linked at all. */
  | { kind: 'unlinked' }
  /** Linked, but as staff only: the family views are not for this role. */
  | { kind: 'notFamily' }
  /** The child is gone or may not be seen (a revoked link, a forged id). */
  | { kind: 'denied' };

/**
 * Whose diary a family view shows: the account's active child (a guardian's
 * choice, `account.activeStudentId`) or the student themself — and only when
 * the policy allows viewing that student. Family views never open another
 * family's child, whatever id a button carries.
 */
export async function diaryStudent(
  ds: DataSource,
  p: AccessProfile | null,
  studentId?: number | null,
): Promise<DiaryAccess> {
  if (!p?.links.length) return { kind: 'unlinked' };
  if (!p.children.length) return { kind: 'notFamily' };
  const id = studentId ?? p.activeStudentId;
  if (!id || !p.children.some((c) => c.studentId === id)) return { kind: 'denied' };
  const student = await authorizeStudent(ds, p, 'view', id);
  return student ? { kind: 'ok', student } : { kind: 'denied' };
}

/** Grade 1 keeps no marks and no homework (seed 000 §1.6). */
export const keepsMarks = (s: { grade: number }) => !GRADES_WITHOUT_MARKS.has(s.grade);

/** Lessons of the student's own subgroups only (or of the whole class); `student` names the student's id, `l` the lesson. */
export const ownSubgroupSql = (student: string) =>
  `(l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = ${student}))`;

/** The same with `$1` as the student. */
export const OWN_SUBGROUP_SQL = ownSubgroupSql('$1');
