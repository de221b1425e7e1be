import type { AccessProfile } from '../access/profile.js';

/**
 * Who sees a student's homework ticks (glossary: homeworkDone).
 *
 * The student ticks their own tasks; nobody else can. Their guardians see the
 * ticks read-only while the child is in grades 1–9 and not in grades 10–11:
 * in the senior grades the student is 16–17, chooses their own profile and
 * exams, and the checklist is a tool for their own planning, not a report to
 * the family (marks and absences stay visible to guardians as before). The
 * ticks never reach the journal, the teachers or the marks: they live in
 * `homework_done` only, which no journal, notification or control query reads.
 */
export const PARENTS_SEE_TICKS_UP_TO_GRADE = 9;

export type TickMode = 'own' | 'parent' | 'none';

/** How this account sees the student's ticks: ticks them (the student), reads them (a guardian, grades 1–9), or not at all. */
export function tickMode(p: AccessProfile, s: { studentId: number; grade: number }): TickMode {
  const child = p.children.find((c) => c.studentId === s.studentId);
  if (!child) return 'none';
  if (child.via === 'student') return 'own';
  return s.grade <= PARENTS_SEE_TICKS_UP_TO_GRADE ? 'parent' : 'none';
}

/** The times a student may pick for the reminder of tomorrow's unticked homework (the school's clock). */
export const REMINDER_TIMES = ['16:00', '17:00', '18:00', '19:00', '20:00', '21:00'] as const;
