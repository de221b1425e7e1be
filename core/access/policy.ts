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
  | 'actAsGuardian'
  /** tell the class teacher of an absence for a valid reason (seed 000 §3.9): the child's guardian */
  | 'reportAbsence'
  /** write to the child's teachers and the administration: the guardian or the student themself */
  | 'messageStaff'
  /** ask for an individual consultation (seed 000 §3.9): the child's guardian */
  | 'requestConsultation'
  /** report wrong data in the journal (seed 000 §3.7): the guardian or the student themself */
  | 'reportError';

export type ClassAction =
  /** see the class's students and lessons */
  | 'view'
  /** hand out invitation codes, see and revoke the families' links */
  | 'manageAccess'
  /** enter marks, attendance, homework */
  | 'editJournal'
  /** print the class's paper: printouts for families, the summary sheet (docs/control-panel.md) */
  | 'print'
  /** accept or reject a family's absence report and review the week's absence reasons: the class teacher (000 §3.5) */
  | 'decideAbsence'
  /** send an announcement to the class's families: its class teacher and the administration */
  | 'announce'
  /** link, unlink and switch the class's group chat (issue 19): its class teacher, the deputy, the administrator */
  | 'manageGroup';

export type SchoolAction =
  /** open the control panel and the summary sheets: the deputy director and the director (000 §3.7–3.8) */
  | 'viewControl'
  /** act from the panel: remind a teacher, change the control settings; the deputy only (the director edits nothing) */
  | 'manageControl'
  /** announcements to a grade or the whole school: the administration (deputy, director, administrator) */
  | 'announceSchool'
  /** read any family ↔ staff thread, each opening audited: the director only */
  | 'auditThreads';

const has = (p: AccessProfile, role: string) => !!p.staff?.roles.includes(role as never);

export function childOf(p: AccessProfile, studentId: number): ChildView | undefined {
  return p.children.find((c) => c.studentId === studentId);
}

export function mayOnClass(
  p: AccessProfile,
  action: ClassAction,
  target: { classId: number; schoolId: number },
): boolean {
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
    case 'decideAbsence':
      return classTeacher;
    case 'announce':
      return classTeacher || has(p, 'deputy') || has(p, 'director') || has(p, 'admin');
    case 'manageGroup':
      return classTeacher || has(p, 'deputy') || has(p, 'admin');
  }
}

export function mayOnSchool(p: AccessProfile, action: SchoolAction, target: { schoolId: number }): boolean {
  const s = p.staff;
  if (!s || s.schoolId !== target.schoolId) return false;
  switch (action) {
    case 'viewControl':
      return has(p, 'deputy') || has(p, 'director');
    case 'manageControl':
      return has(p, 'deputy');
    case 'announceSchool':
      return has(p, 'deputy') || has(p, 'director') || has(p, 'admin');
    case 'auditThreads':
      return has(p, 'director');
  }
}

export function mayOnStudent(
  p: AccessProfile,
  action: StudentAction,
  target: { studentId: number; classId: number; schoolId: number },
): boolean {
  const child = childOf(p, target.studentId);
  if (action === 'actAsGuardian' || action === 'reportAbsence' || action === 'requestConsultation')
    return child?.via === 'guardian';
  // Families act for their own child only; staff write to families from threads, never "as" them.
  if (action === 'messageStaff' || action === 'reportError') return !!child;
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
  return row as StudentInfo;
}

export async function authorizeClass(ds: DataSource, p: AccessProfile, action: ClassAction, classId: number) {
  if (!Number.isSafeInteger(classId) || classId <= 0) return null;
  const [row] = await ds.query(`SELECT id AS "classId", "schoolId", name, grade FROM school_class WHERE id = $1`, [
    classId,
  ]);
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

/** A family ↔ staff thread as the policy sees it. */
export interface ThreadRef {
  studentId: number;
  classId: number;
  schoolId: number;
  staffId: number;
  accountHash: string;
}

/**
 * Who may read or write in a thread: its family side (the same account, still
 * linked to the child) and its staff side; the director may read any thread of
 * the school (`audit`, each opening written to the audit log by the caller).
 */
export function mayOnThread(p: AccessProfile, action: 'read' | 'write' | 'audit', t: ThreadRef): boolean {
  if (action === 'audit') return mayOnSchool(p, 'auditThreads', t);
  if (p.accountHash === t.accountHash && childOf(p, t.studentId)) return true;
  return !!p.staff && p.staff.staffId === t.staffId && p.staff.schoolId === t.schoolId;
}

/** A student as the front ends and messages name them: who, which class, which school. */
export interface StudentInfo {
  studentId: number;
  classId: number;
  schoolId: number;
  lastName: string;
  firstName: string;
  className: string;
  grade: number;
}
