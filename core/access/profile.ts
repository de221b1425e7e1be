import type { DataSource } from 'typeorm';
import type { LinkRole, StaffRoleName } from '../../db/entities/index.js';
import { accountsOf } from '../linking/identity.js';
import { groupBy } from '../group-by.js';
import type { Messenger } from '../messenger.js';

export interface ChildView {
  studentId: number;
  schoolId: number;
  classId: number;
  className: string;
  grade: number;
  lastName: string;
  firstName: string;
  /** How this account is linked to the child. */
  via: 'guardian' | 'student';
}

export interface StaffView {
  staffId: number;
  schoolId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  roles: StaffRoleName[];
  /** Classes this person is class teacher of. */
  classTeacherOf: number[];
  /** Classes whose lessons this person teaches or substitutes in. */
  teachesClasses: number[];
}

/**
 * Everything the policy needs to know about a messenger's account, read fresh on
 * every update (a revoked link or a deactivated staff member loses access at
 * once). Plain data: no database handle travels with it.
 */
export interface AccessProfile {
  /** The messenger the account is in, and its user id there. */
  messenger: Messenger;
  telegramUserId: number;
  accountHash: string;
  links: { id: number; role: LinkRole; studentId: number | null; staffId: number | null; schoolId: number }[];
  children: ChildView[];
  activeStudentId: number | null;
  staff: StaffView | null;
}

export const isLinked = (p: AccessProfile) => p.links.length > 0;

export async function loadAccessProfile(
  ds: DataSource,
  telegramUserId: number,
  hashKey: string,
  messenger: Messenger = 'telegram',
): Promise<AccessProfile> {
  const { accountHash, activeStudentId: stored } = (await accountsOf(ds, [telegramUserId], hashKey, messenger)).get(
    telegramUserId,
  )!;
  const links: AccessProfile['links'] = await ds.query(
    `SELECT l.id, l.role, l."studentId", l."staffId", l."schoolId"
       FROM link l
       LEFT JOIN staff s ON s.id = l."staffId"
       LEFT JOIN student st ON st.id = l."studentId"
      WHERE l.messenger = $2 AND l."telegramUserId" = $1 AND l."revokedAt" IS NULL
        AND (l."staffId" IS NULL OR s.active) AND (l."studentId" IS NULL OR st.active)
      ORDER BY l.id`,
    [telegramUserId, messenger],
  );
  const studentIds = links
    .filter((l) => l.studentId && (l.role === 'guardian' || l.role === 'student'))
    .map((l) => l.studentId!);
  const children: ChildView[] = studentIds.length
    ? (
        await ds.query(
          `SELECT st.id AS "studentId", st."schoolId", st."classId", c.name AS "className", c.grade, st."lastName", st."firstName"
             FROM student st JOIN school_class c ON c.id = st."classId"
            WHERE st.id = ANY($1) ORDER BY c.grade, st."lastName", st."firstName"`,
          [studentIds],
        )
      ).map((c: Omit<ChildView, 'via'>) => ({
        ...c,
        via: links.some((l) => l.studentId === c.studentId && l.role === 'guardian') ? 'guardian' : 'student',
      }))
    : [];
  const staffLink = links.find((l) => l.staffId);
  let staff: StaffView | null = null;
  if (staffLink) {
    const [person] = await ds.query(
      `SELECT id, "schoolId", "lastName", "firstName", "middleName" FROM staff WHERE id = $1`,
      [staffLink.staffId],
    );
    const roles: { role: StaffRoleName; classId: number | null }[] = await ds.query(
      `SELECT role, "classId" FROM staff_role WHERE "staffId" = $1`,
      [staffLink.staffId],
    );
    const teaches: { classId: number }[] = await ds.query(
      `SELECT DISTINCT "classId" FROM lesson WHERE "teacherId" = $1 OR "substituteTeacherId" = $1`,
      [staffLink.staffId],
    );
    staff = {
      staffId: person.id,
      schoolId: person.schoolId,
      lastName: person.lastName,
      firstName: person.firstName,
      middleName: person.middleName,
      roles: [...new Set(roles.map((r) => r.role))],
      classTeacherOf: roles.filter((r) => r.role === 'classTeacher').map((r) => r.classId!),
      teachesClasses: teaches.map((t) => t.classId),
    };
  }
  const activeStudentId = children.some((c) => c.studentId === stored) ? stored : (children[0]?.studentId ?? null);
  return { messenger, telegramUserId, accountHash, links, children, activeStudentId, staff };
}

/**
 * loadAccessProfile for many accounts at once (notifications to a whole class
 * or school): the same rules in three queries; accounts with a staff link are
 * loaded one by one as above.
 */
export async function loadAccessProfiles(
  ds: DataSource,
  telegramUserIds: number[],
  hashKey: string,
  messenger: Messenger = 'telegram',
): Promise<Map<number, AccessProfile>> {
  const out = new Map<number, AccessProfile>();
  const ids = [...new Set(telegramUserIds)];
  if (!ids.length) return out;
  const links: (AccessProfile['links'][number] & { telegramUserId: string })[] = await ds.query(
    `SELECT l.id, l.role, l."studentId", l."staffId", l."schoolId", l."telegramUserId"
       FROM link l
       LEFT JOIN staff s ON s.id = l."staffId"
       LEFT JOIN student st ON st.id = l."studentId"
      WHERE l.messenger = $2 AND l."telegramUserId" = ANY($1) AND l."revokedAt" IS NULL
        AND (l."staffId" IS NULL OR s.active) AND (l."studentId" IS NULL OR st.active)
      ORDER BY l.id`,
    [ids, messenger],
  );
  const studentIds = [
    ...new Set(
      links.filter((l) => l.studentId && (l.role === 'guardian' || l.role === 'student')).map((l) => l.studentId!),
    ),
  ];
  const kids: Omit<ChildView, 'via'>[] = studentIds.length
    ? await ds.query(
        `SELECT st.id AS "studentId", st."schoolId", st."classId", c.name AS "className", c.grade, st."lastName", st."firstName"
           FROM student st JOIN school_class c ON c.id = st."classId"
          WHERE st.id = ANY($1) ORDER BY c.grade, st."lastName", st."firstName"`,
        [studentIds],
      )
    : [];
  const accounts = await accountsOf(ds, ids, hashKey, messenger);
  // Grouped once: a whole school's families (the evening digest) would otherwise cost accounts × links.
  const kidAt = new Map(kids.map((kid, at) => [kid.studentId, { kid, at }]));
  const linksOf = groupBy(links, (l) => Number(l.telegramUserId));
  for (const id of ids) {
    const mine = (linksOf.get(id) ?? []).map(({ telegramUserId: _u, ...l }) => l);
    if (mine.some((l) => l.staffId)) {
      out.set(id, await loadAccessProfile(ds, id, hashKey, messenger));
      continue;
    }
    const via = new Map<number, ChildView['via']>();
    for (const l of mine)
      if (l.studentId && (l.role === 'guardian' || l.role === 'student') && via.get(l.studentId) !== 'guardian')
        via.set(l.studentId, l.role === 'guardian' ? 'guardian' : 'student');
    // In the kids' order (grade, name), as the query sorted them.
    const children: ChildView[] = [...via]
      .flatMap(([studentId, v]) => {
        const k = kidAt.get(studentId);
        return k ? [{ ...k.kid, via: v, at: k.at }] : [];
      })
      .sort((a, b) => a.at - b.at)
      .map(({ at: _at, ...c }) => c);
    const { accountHash, activeStudentId: stored } = accounts.get(id)!;
    const activeStudentId = children.some((c) => c.studentId === stored) ? stored : (children[0]?.studentId ?? null);
    out.set(id, { messenger, telegramUserId: id, accountHash, links: mine, children, activeStudentId, staff: null });
  }
  return out;
}
