import type { DataSource } from 'typeorm';
import type { AccessProfile, ChildView } from './profile.js';

/**
 * The one place that answers "may this account see or do X". Every bot
 * handler and callback asks here with ids it got from the user, which are
 * never trusted: an id the account may not use gets the same answer as an id
 * that does not exist.
 */

export type StudentAction =
  /** read the diary: marks, homework, timetable, absences */
  | 'view'
  /** act as the child's guardian: switch to this child, report an absence */
  | 'actAsGuardian';

export type ClassAction =
  /** see the class's students and lessons */
  | 'view'
  /** hand out invitation codes, see and revoke the families' links */
  | 'manageAccess'
  /** enter marks, attendance, homework */
  | 'editJournal'
  /** print the class's paper: printouts for families, the summary sheet (docs/control-panel.md) */
  | 'print';

export type SchoolAction =
  /** open the control panel and the summary sheets: the deputy director and the director (000 §3.7–3.8) */
  | 'viewControl'
  /** act from the panel: remind a teacher, change the control settings; the deputy only (the director edits nothing) */
  | 'manageControl';

const has = (p: AccessProfile, role: string) => !!p.staff?.roles.includes(role as never);

export function childOf(p: AccessProfile, studentId: number): ChildView | undefined {
  return p.children.find((c) => c.studentId === studentId);
}

export function mayOnClass(p: AccessProfile, action: ClassAction, target: { classId: number; schoolId: number }): boolean {
  const s = p.staff;
  if (!s || s.schoolId !== target.schoolId) return false;
  const classTeacher = s.classTeacherOf.includes(target.classId);
  const teaches = s.teachesClasses.includes(target.classId);
  switch (action) {
    case 'view':
      return classTeacher || teaches || has(p, 'deputy') || has(p, 'director') || has(p, 'admin');
    case 'manageAccess':
      return classTeacher || has(p, 'admin');
    case 'editJournal':
      // The director sees everything and edits nothing (seed 000 §3.8).
      return classTeacher || teaches || has(p, 'deputy') || has(p, 'admin');
    case 'print':
      return classTeacher || has(p, 'deputy') || has(p, 'director');
  }
}

export function mayOnSchool(p: AccessProfile, action: SchoolAction, target: { schoolId: number }): boolean {
  const s = p.staff;
  if (!s || s.schoolId !== target.schoolId) return false;
  return action === 'viewControl' ? has(p, 'deputy') || has(p, 'director') : has(p, 'deputy');
}

export function mayOnStudent(
  p: AccessProfile,
  action: StudentAction,
  target: { studentId: number; classId: number; schoolId: number },
): boolean {
  const child = childOf(p, target.studentId);
  if (action === 'actAsGuardian') return child?.via === 'guardian';
  if (child) return true;
  return mayOnClass(p, 'view', target);
}

/** Looks the student up and checks the policy; null both when it does not exist and when it is not allowed. */
export async function authorizeStudent(ds: DataSource, p: AccessProfile, action: StudentAction, studentId: number) {
  if (!Number.isSafeInteger(studentId) || studentId <= 0) return null;
  const [row] = await ds.query(
    `SELECT st.id AS "studentId", st."classId", st."schoolId", st."lastName", st."firstName", c.name AS "className", c.grade
       FROM student st JOIN school_class c ON c.id = st."classId" WHERE st.id = $1 AND st.active`,
    [studentId],
  );
  if (!row || !mayOnStudent(p, action, row)) return null;
  return row as { studentId: number; classId: number; schoolId: number; lastName: string; firstName: string; className: string; grade: number };
}

export async function authorizeClass(ds: DataSource, p: AccessProfile, action: ClassAction, classId: number) {
  if (!Number.isSafeInteger(classId) || classId <= 0) return null;
  const [row] = await ds.query(`SELECT id AS "classId", "schoolId", name, grade FROM school_class WHERE id = $1`, [classId]);
  if (!row || !mayOnClass(p, action, row)) return null;
  return row as { classId: number; schoolId: number; name: string; grade: number };
}

/** Classes the account may open as staff, for menus. */
export async function visibleClasses(ds: DataSource, p: AccessProfile, action: ClassAction) {
  if (!p.staff) return [];
  const rows: { classId: number; schoolId: number; name: string; grade: number }[] = await ds.query(
    `SELECT c.id AS "classId", c."schoolId", c.name, c.grade FROM school_class c
       JOIN academic_year y ON y.id = c."academicYearId"
      WHERE c."schoolId" = $1 ORDER BY y."startsOn" DESC, c.grade, c.letter`,
    [p.staff.schoolId],
  );
  return rows.filter((r) => mayOnClass(p, action, r));
}
