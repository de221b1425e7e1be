import type { AccessProfile } from '../access/profile.js';
import { wallClock } from '../calendar.js';
import type { ServiceDeps } from '../services/deps.js';
import { ownStudent, reminderOf, setDone, setReminder, ticksFor, unticked, weekSpan } from './index.js';

/** The student's homework checklist (issue 19): ticks, the week's list of what is left, the reminder. */
export function checklistService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => wallClock(deps.config.SCHOOL_TIMEZONE, clock.now()).date;
  return {
    /** Ticks or unticks; the task's date, or null when refused (not the student's own, no such task). */
    setDone: (p: AccessProfile | null, studentId: number, lessonId: number, done: boolean) => {
      const s = ownStudent(p, studentId);
      return s ? setDone(db, s, lessonId, done, clock.now()) : Promise.resolve(null);
    },
    /** What this account sees of the ticks on these lessons: the mode (own, parent, none) and the ticked ones. */
    ticks: (p: AccessProfile, s: { studentId: number; grade: number }, lessonIds: number[]) =>
      ticksFor(db, p, s, lessonIds),
    /** The week's list of unticked tasks for the student themself; null for anyone else. */
    weekLeft: async (p: AccessProfile | null, studentId: number) => {
      const s = ownStudent(p, studentId);
      if (!s) return null;
      const span = weekSpan(today());
      return { ...span, tasks: await unticked(db, s, span.from, span.to), reminder: await reminderOf(db, studentId) };
    },
    /** Sets or clears the reminder time; false when refused. */
    setReminder: async (p: AccessProfile | null, studentId: number, time: string | null) => {
      const s = ownStudent(p, studentId);
      return s ? setReminder(db, s, time) : false;
    },
  };
}
