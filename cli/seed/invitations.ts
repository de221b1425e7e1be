import { systemClock } from '../../core/clock.js';
import { In, type DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { issueInvitation } from '../../core/linking/invitations.js';
import {
  GuardianEntity,
  SchoolClassEntity,
  StaffEntity,
  StaffRoleEntity,
  StudentEntity,
  StudentGuardianEntity,
  type LinkRole,
} from '../../db/entities/index.js';

/** How an invitation is shown in the seed's output (`--json` consumers key on these names). */
export type ShownRole = 'parent' | 'student' | 'class_teacher' | 'teacher' | 'deputy' | 'director' | 'admin';
export interface IssuedCode {
  code: string;
  role: ShownRole;
  name: string;
  student: string | null;
  class: string | null;
}

const SHOWN: Record<LinkRole, ShownRole> = {
  guardian: 'parent',
  student: 'student',
  classTeacher: 'class_teacher',
  teacher: 'teacher',
  deputy: 'deputy',
  director: 'director',
  admin: 'admin',
};
/** First-graders get no code of their own; their parents do. */
const STUDENT_CODES_FROM_GRADE = 2;

const fullName = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

export interface InvitationScope {
  /** Only this class (its class teacher, students and guardians) and no other staff. */
  classId?: number;
  /** Only this student (and their guardians). */
  studentId?: number;
  /** Which kinds of code; all when unset. */
  roles?: LinkRole[];
}

/** How codes are made: the current CODE_HASH_KEY and their lifetime in days. */
export interface CodeSettings {
  key: string;
  ttlDays: number;
}

/**
 * Fresh codes for everyone in the school, read from the database (so a second
 * seed run issues new ones for the same people): per class its class teacher,
 * each student from grade 2 and each guardian of each child; then every
 * teacher, the deputy, the director and the admin — or only what `scope` asks
 * for (the `codes issue` command). One transaction.
 */
export async function issueSchoolInvitations(
  ds: DataSource,
  schoolId: number,
  actor: Actor,
  codes: CodeSettings,
  scope: InvitationScope = {},
  now: Date = systemClock.now(),
): Promise<IssuedCode[]> {
  const wanted = (r: LinkRole) => !scope.roles || scope.roles.includes(r);
  const narrowed = !!(scope.classId || scope.studentId);
  return ds.transaction(async (em) => {
    const classes = (
      await em.find(SchoolClassEntity, { where: { schoolId }, order: { grade: 'ASC', letter: 'ASC' } })
    ).filter((c) => !scope.classId || c.id === scope.classId);
    const students = (
      await em.find(StudentEntity, {
        where: { schoolId, active: true },
        order: { lastName: 'ASC', firstName: 'ASC', id: 'ASC' },
      })
    ).filter((s) => !scope.studentId || s.id === scope.studentId);
    const links = students.length
      ? await em.find(StudentGuardianEntity, {
          where: { studentId: In(students.map((s) => s.id)) },
          order: { guardianId: 'ASC' },
        })
      : [];
    const guardians = new Map((await em.findBy(GuardianEntity, { schoolId })).map((g) => [g.id, g]));
    const staff = new Map((await em.findBy(StaffEntity, { schoolId, active: true })).map((s) => [s.id, s]));
    const roles = (await em.find(StaffRoleEntity, { where: { schoolId }, order: { id: 'ASC' } })).filter((r) =>
      staff.has(r.staffId),
    );

    const out: IssuedCode[] = [];
    const issue = async (
      input: { role: LinkRole; studentId?: number; guardianId?: number; staffId?: number; classId?: number },
      shown: { name: string; student: string | null; class: string | null },
    ) => {
      const { code } = await issueInvitation(em, { schoolId, ...input, now, ttlDays: codes.ttlDays }, actor, codes.key);
      out.push({ code, role: SHOWN[input.role], ...shown });
    };
    for (const c of classes) {
      for (const r of roles.filter(
        (x) => x.role === 'classTeacher' && x.classId === c.id && wanted('classTeacher') && !scope.studentId,
      ))
        await issue(
          { role: 'classTeacher', staffId: r.staffId, classId: c.id },
          { name: fullName(staff.get(r.staffId)!), student: null, class: c.name },
        );
      for (const s of students.filter((x) => x.classId === c.id)) {
        const student = fullName(s);
        if (c.grade >= STUDENT_CODES_FROM_GRADE && wanted('student'))
          await issue({ role: 'student', studentId: s.id }, { name: student, student, class: c.name });
        for (const l of links.filter((x) => x.studentId === s.id && wanted('guardian'))) {
          const g = guardians.get(l.guardianId)!;
          await issue(
            { role: 'guardian', studentId: s.id, guardianId: g.id },
            { name: fullName(g), student, class: c.name },
          );
        }
      }
    }
    const byName = [...roles].sort((a, b) =>
      fullName(staff.get(a.staffId)!).localeCompare(fullName(staff.get(b.staffId)!), 'ru'),
    );
    for (const role of narrowed ? [] : (['teacher', 'deputy', 'director', 'admin'] as const).filter(wanted))
      for (const r of byName.filter((x) => x.role === role))
        await issue(
          { role, staffId: r.staffId },
          { name: fullName(staff.get(r.staffId)!), student: null, class: null },
        );
    return out;
  });
}
