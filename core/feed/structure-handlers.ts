import {
  StaffEntity,
  StudentEntity,
  SubgroupEntity,
  SubjectEntity,
  WorkKindEntity,
  PeriodEntity,
  SchoolClassEntity,
} from '../../db/entities/index.js';
import { deactivateStaff } from '../linking/account.js';
import * as structure from '../school/structure.js';
import { audit } from '../unit-of-work.js';
import { FeedRejection, type Handlers } from './context.js';
import { academicYear, adopt, ref } from './refs.js';

type StructureEvent =
  | 'class.set'
  | 'subject.set'
  | 'workKind.set'
  | 'period.set'
  | 'subgroup.set'
  | 'student.set'
  | 'guardian.set'
  | 'staff.set';

/** The school's structure: classes, subjects, periods, people. */
export const structureHandlers: Handlers<StructureEvent> = {
  async 'class.set'(em, ctx, c) {
    const academicYearId = await academicYear(em, ctx, c.data.year);
    const name = `${c.data.grade}${c.data.letter.toUpperCase()}`;
    await adopt(em, ctx, SchoolClassEntity, 'schoolClass', { academicYearId, name }, c.externalId);
    await structure.upsertClass(
      em,
      {
        schoolId: ctx.schoolId,
        academicYearId,
        grade: c.data.grade,
        letter: c.data.letter.toUpperCase(),
        externalId: c.externalId,
      },
      ctx.actor,
    );
  },
  async 'subject.set'(em, ctx, c) {
    await adopt(em, ctx, SubjectEntity, 'subject', { name: c.data.name }, c.externalId);
    await structure.upsertSubject(
      em,
      { schoolId: ctx.schoolId, name: c.data.name, shortName: c.data.shortName, externalId: c.externalId },
      ctx.actor,
    );
  },
  async 'workKind.set'(em, ctx, c) {
    await adopt(em, ctx, WorkKindEntity, 'workKind', { code: c.data.code }, c.externalId);
    await structure.upsertWorkKind(em, { schoolId: ctx.schoolId, ...c.data, externalId: c.externalId }, ctx.actor);
  },
  async 'period.set'(em, ctx, c) {
    const academicYearId = await academicYear(em, ctx, c.data.year);
    const { year: _year, ...p } = c.data;
    await adopt(em, ctx, PeriodEntity, 'period', { academicYearId, kind: p.kind, number: p.number }, c.externalId);
    await structure.upsertPeriod(
      em,
      { schoolId: ctx.schoolId, academicYearId, ...p, externalId: c.externalId },
      ctx.actor,
    );
  },
  async 'subgroup.set'(em, ctx, c) {
    const classId = await ref(em, ctx, 'class', c.data.class);
    await adopt(em, ctx, SubgroupEntity, 'subgroup', { classId, name: c.data.name }, c.externalId);
    const sg = await structure.upsertSubgroup(
      em,
      { schoolId: ctx.schoolId, classId, name: c.data.name, externalId: c.externalId },
      ctx.actor,
    );
    const members: number[] = [];
    for (const m of c.data.members) members.push(await ref(em, ctx, 'student', m));
    for (const studentId of members) await structure.addToSubgroup(em, sg.id, studentId);
    const gone = await em.query(
      `DELETE FROM subgroup_member WHERE "subgroupId" = $1 AND NOT ("studentId" = ANY($2)) RETURNING "studentId"`,
      [sg.id, members],
    );
    if (gone[0]?.length)
      await audit(em, ctx.actor, 'subgroup.membersRemoved', { type: 'subgroup', id: sg.id }, { count: gone[0].length });
  },
  async 'student.set'(em, ctx, c) {
    const classId = await ref(em, ctx, 'class', c.data.class);
    const st = await structure.upsertStudent(
      em,
      {
        schoolId: ctx.schoolId,
        classId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        birthDate: c.data.birthDate,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    if (!c.data.active) {
      await em.update(StudentEntity, { id: st.id }, { active: false });
      await audit(em, ctx.actor, 'student.deactivated', { type: 'student', id: st.id });
    }
  },
  async 'guardian.set'(em, ctx, c) {
    const g = await structure.upsertGuardian(
      em,
      {
        schoolId: ctx.schoolId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        phone: c.data.phone,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    const children: number[] = [];
    for (const child of c.data.children) {
      const studentId = await ref(em, ctx, 'student', child.student);
      children.push(studentId);
      await structure.linkGuardianToStudent(em, { studentId, guardianId: g.id, relation: child.relation }, ctx.actor);
    }
    const gone = await em.query(
      `DELETE FROM student_guardian WHERE "guardianId" = $1 AND NOT ("studentId" = ANY($2)) RETURNING "studentId"`,
      [g.id, children],
    );
    for (const r of gone[0] ?? [])
      await audit(em, ctx.actor, 'studentGuardian.removed', { type: 'student', id: r.studentId }, { guardianId: g.id });
  },
  async 'staff.set'(em, ctx, c) {
    const before = await em.findOneBy(StaffEntity, { schoolId: ctx.schoolId, externalId: c.externalId });
    const staff = await structure.upsertStaff(
      em,
      {
        schoolId: ctx.schoolId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    const keep: number[] = [];
    for (const r of c.data.roles) {
      const classId = r.role === 'classTeacher' ? await ref(em, ctx, 'class', r.class ?? '') : null;
      if (r.role === 'classTeacher' && !r.class) throw new FeedRejection('a classTeacher role needs its class');
      await structure.addStaffRole(em, { schoolId: ctx.schoolId, staffId: staff.id, role: r.role, classId }, ctx.actor);
      const [row] = await em.query(
        `SELECT id FROM staff_role WHERE "staffId" = $1 AND role = $2 AND "classId" IS NOT DISTINCT FROM $3`,
        [staff.id, r.role, classId],
      );
      keep.push(row.id);
    }
    const gone = await em.query(`DELETE FROM staff_role WHERE "staffId" = $1 AND NOT (id = ANY($2)) RETURNING role`, [
      staff.id,
      keep,
    ]);
    for (const r of gone[0] ?? [])
      await audit(em, ctx.actor, 'staffRole.removed', { type: 'staff', id: staff.id }, { role: r.role });
    if (!c.data.active && (before?.active ?? true)) await deactivateStaff(em, staff.id, ctx.actor);
    if (c.data.active && before && !before.active) {
      await em.update(StaffEntity, { id: staff.id }, { active: true });
      await audit(em, ctx.actor, 'staff.reactivated', { type: 'staff', id: staff.id });
    }
  },
};
