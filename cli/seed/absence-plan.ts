import type { AbsenceReason, AttendanceStatus } from '../../db/entities/index.js';
import { demo } from './data.js';
import type { PlannedStudent } from './people.js';
import type { Random } from './random.js';
import type { PlannedLesson } from './timetable.js';

/** The demo term's absences: drawn per student and day, then read per lesson. */

export interface PlannedAbsence {
  studentKey: string;
  status: AttendanceStatus;
  reason: AbsenceReason;
  comment: string | null;
}

export type DayAbsence = 'illness' | 'excused' | 'late' | 'skip';

export function dayAbsenceAt(
  day: DayAbsence | undefined,
  lesson: PlannedLesson,
  lastSlot: number,
): Omit<PlannedAbsence, 'studentKey'> | null {
  const comment = (reason: 'illness' | 'excused') => demo.attendanceComments[reason] ?? null;
  switch (day) {
    case 'illness':
    case 'excused':
      return { status: 'absent', reason: day, comment: comment(day) };
    case 'late':
      return lesson.slot === 1 ? { status: 'late', reason: 'unexcused', comment: null } : null;
    case 'skip':
      return lesson.slot === lastSlot ? { status: 'absent', reason: 'unexcused', comment: null } : null;
    default:
      return null;
  }
}

/**
 * Per student: 0–2 illnesses of 2–6 school days, maybe a day off at the
 * family's request, a rare skipped last lesson (from grade 5) and rare lateness.
 */
export function planAbsences(
  students: PlannedStudent[],
  days: string[],
  rng: Random,
  longIllness: string,
): Map<string, Map<string, DayAbsence>> {
  const out = new Map<string, Map<string, DayAbsence>>();
  for (const s of students) {
    const r = rng.fork(`absences:${s.key}`);
    const mine = new Map<string, DayAbsence>();
    const illnesses = r.chance(0.45) ? 0 : r.chance(0.7) ? 1 : 2;
    for (let i = 0; i < illnesses; i++) {
      const start = r.int(0, days.length - 1);
      for (const d of days.slice(start, start + r.int(2, 6))) mine.set(d, 'illness');
    }
    if (s.key === longIllness)
      for (const d of days)
        if (d >= demo.notAttested.illnessFrom && d <= demo.notAttested.illnessTo) mine.set(d, 'illness');
    const free = () => {
      const d = r.pick(days);
      return mine.has(d) ? null : d;
    };
    if (r.chance(0.35)) {
      const d = free();
      if (d) mine.set(d, 'excused');
    }
    if (s.grade >= 5 && r.chance(0.25))
      for (let i = r.int(1, 2); i > 0; i--) {
        const d = free();
        if (d) mine.set(d, 'skip');
      }
    for (let i = r.int(0, 2); i > 0; i--) {
      const d = free();
      if (d) mine.set(d, 'late');
    }
    out.set(s.key, mine);
  }
  return out;
}
