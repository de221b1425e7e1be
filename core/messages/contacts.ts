import type { Db } from '../unit-of-work.js';
import { studentInfo } from '../family/common.js';
import type { Contact } from './types.js';

/** Whom a family may write about a child: its class teacher, the teachers of its lessons this year, the deputy and the director. */
export async function contactsOf(q: Db, studentId: number): Promise<Contact[]> {
  const s = await studentInfo(q, studentId);
  if (!s) return [];
  const rows: { staffId: number; name: string; role: Contact['roles'][number]; subject: string | null; ord: number }[] =
    await q.query(
      `SELECT r."staffId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName") AS name, 'classTeacher' AS role, NULL AS subject, 0 AS ord
       FROM staff_role r JOIN staff sf ON sf.id = r."staffId" WHERE r.role = 'classTeacher' AND r."classId" = $1 AND sf.active
     UNION ALL
     SELECT DISTINCT l."teacherId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName"), 'teacher', su.name, 1
       FROM lesson l JOIN staff sf ON sf.id = l."teacherId" JOIN subject su ON su.id = l."subjectId" JOIN school_class c ON c.id = l."classId"
      WHERE l."classId" = $1 AND sf.active
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = $3))
     UNION ALL
     SELECT r."staffId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName"), r.role, NULL, CASE r.role WHEN 'deputy' THEN 2 ELSE 3 END
       FROM staff_role r JOIN staff sf ON sf.id = r."staffId" WHERE r."schoolId" = $2 AND r.role IN ('deputy', 'director') AND sf.active`,
      [s.classId, s.schoolId, studentId],
    );
  const out = new Map<number, Contact & { ord: number }>();
  for (const r of rows.sort((a, b) => a.ord - b.ord || a.name.localeCompare(b.name, 'ru'))) {
    const c = out.get(r.staffId) ?? { staffId: r.staffId, name: r.name, roles: [], subjects: [], ord: r.ord };
    if (!c.roles.includes(r.role)) c.roles.push(r.role);
    if (r.subject && !c.subjects.includes(r.subject)) c.subjects.push(r.subject);
    out.set(r.staffId, c);
  }
  return [...out.values()]
    .sort((a, b) => a.ord - b.ord || a.name.localeCompare(b.name, 'ru'))
    .map(({ ord: _o, ...c }) => c);
}
