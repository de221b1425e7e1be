import type { MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import type { ServiceDeps } from '../services/deps.js';
import { lessonEntries } from '../feed/entries/views.js';
import { openEntryDays } from './entry-days.js';
import { saveAttendance, saveHomework, saveMark, saveTopic } from './saves.js';
import {
  attachHomeworkFile,
  lessonForEntry,
  lessonMarks,
  lessonRoster,
  teacherLessons,
  todayIn,
  workKindName,
  workKinds,
  type RosterRow,
  type TodayLesson,
} from './index.js';

/** Teachers' quick entry (/today), bound to the database, the clock and the entry window (TEACHER_ENTRY_DAYS). */
export function todayService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const windowDays = deps.config.TEACHER_ENTRY_DAYS;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  return {
    /** How many school days after a lesson it can still be filled in. */
    windowDays,
    /** Today's date on the school's wall clock, by the product's clock. */
    todayIn: () => todayIn(timezone, clock.now()),
    teacherLessons: (staffId: number, date: string) => teacherLessons(db, staffId, date),
    lessonForEntry: (p: AccessProfile | null, lessonId: number, today: string) =>
      lessonForEntry(db, p, lessonId, today, windowDays),
    lessonRoster: (l: TodayLesson) => lessonRoster(db, l),
    /** The lesson's entries for the school's e-journal (an external school): sent, accepted, rejected, in conflict. */
    lessonEntries: (lessonId: number) => lessonEntries(db, lessonId),
    lessonMarks: (lessonId: number, workKindId: number) => lessonMarks(db, lessonId, workKindId),
    saveAttendance: (p: AccessProfile, l: TodayLesson, grid: Map<number, RosterRow['status']>) =>
      saveAttendance(db, p, l, grid, clock.now()),
    saveTopic: (p: AccessProfile, l: TodayLesson, topic: string) => saveTopic(db, p, l, topic, clock.now()),
    /** Homework is dated by the product's clock (003 §2.7). */
    saveHomework: (p: AccessProfile, l: TodayLesson, text: string) => saveHomework(db, p, l, text, clock.now()),
    attachHomeworkFile: (
      p: AccessProfile,
      l: TodayLesson,
      f: { fileName: string; mimeType: string; size: number; telegramFileId: string },
    ) => attachHomeworkFile(db, p, l, f),
    saveMark: (
      p: AccessProfile,
      l: TodayLesson,
      i: { studentId: number; workKindId: number; value: MarkValue | null; comment?: string | null },
    ) => saveMark(db, p, l, i, clock.now()),
    workKinds: (schoolId: number) => workKinds(db, schoolId),
    workKindName: (workKindId: number | undefined) => workKindName(db, workKindId),
    openEntryDays: (staff: { staffId: number; schoolId: number }, today: string) =>
      openEntryDays(db, staff, today, windowDays),
  };
}

export type TodayService = ReturnType<typeof todayService>;
