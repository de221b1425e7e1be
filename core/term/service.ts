import type { AccessProfile } from '../access/profile.js';
import { addDays, mondayOf, wallClock } from '../calendar.js';
import { choosePeriod, loadMarksYear } from '../diary/marks.js';
import { diaryStudent, keepsMarks, type DiaryStudent } from '../diary/student.js';
import { rememberTelegramFileId } from '../diary/lessons.js';
import type { ServiceDeps } from '../services/deps.js';
import { findFileToSend, homeworkDays, type FileToSend, type TermHomeworkDay } from './homework.js';
import {
  termSubjects,
  termThresholds,
  termWho,
  TREND_DAYS,
  type TermNotice,
  type TermView,
  type TermWho,
} from './view.js';

export type { TermChild, TermMark, TermNotice, TermSubject, TermView } from './view.js';
export type { FileToSend, TermFile, TermHomeworkDay, TermHomeworkLesson } from './homework.js';

export interface TermHomework extends TermWho {
  monday: string;
  today: string;
  days: TermHomeworkDay[];
  /** Grade 1 keeps no homework (seed 000 §1.6). */
  notice?: 'noHomework';
}

/**
 * The family's term at a glance (the Mini App's `term` screen; seed 000 §2.2,
 * §3.9): the marks of a period with averages and trends, the week's homework
 * with its files. Whose: the account's active child or the child asked for,
 * through the diary's own resolution (the policy's `view`, family accounts
 * only); null whenever the account may not see that child — a foreign id and
 * a missing one alike.
 */
export function termService(deps: ServiceDeps) {
  const { db } = deps;
  const today = () => wallClock(deps.config.SCHOOL_TIMEZONE, deps.clock.now()).date;
  const student = async (p: AccessProfile, studentId?: number): Promise<DiaryStudent | null> => {
    const r = await diaryStudent(db, p, studentId);
    return r.kind === 'ok' ? r.student : null;
  };

  /** The marks of a period (the current one by default); null also for a period not of the child's year. */
  async function marks(p: AccessProfile, studentId?: number, periodId?: number): Promise<TermView | TermNotice | null> {
    const s = await student(p, studentId);
    if (!s) return null;
    const who = termWho(p, s);
    if (!keepsMarks(s)) return { ...who, notice: 'noMarks' };
    const year = await loadMarksYear(db, s, { topics: true, periodId });
    if (periodId !== undefined && !year.periods.some((x) => x.id === periodId)) return null;
    const day = today();
    const period = choosePeriod(year.periods, day, periodId);
    if (!period) return { ...who, notice: 'noPeriods' };
    return {
      ...who,
      periods: year.periods,
      period,
      today: day,
      thresholds: termThresholds(year),
      trendDays: TREND_DAYS,
      subjects: termSubjects(year, period, day),
    };
  }

  /** The homework of the week (Monday to Sunday) holding `date`, this week by the product clock by default. */
  async function homework(p: AccessProfile, studentId?: number, date?: string): Promise<TermHomework | null> {
    const s = await student(p, studentId);
    if (!s) return null;
    const day = today();
    const monday = mondayOf(date ?? day);
    if (!keepsMarks(s)) return { ...termWho(p, s), monday, today: day, days: [], notice: 'noHomework' };
    return { ...termWho(p, s), monday, today: day, days: await homeworkDays(db, s, monday, addDays(monday, 6)) };
  }

  /**
   * A homework file the account may have sent to its chat: of a lesson of one
   * of its children's class and own subgroup, and only for a child it may view
   * now (the policy again). Null otherwise, whether the file exists or not.
   */
  async function file(p: AccessProfile, attachmentId: number): Promise<(FileToSend & { student: string }) | null> {
    const f = await findFileToSend(
      db,
      attachmentId,
      p.children.map((c) => c.studentId),
      p.activeStudentId,
    );
    const s = f && (await student(p, f.studentId));
    if (!f || !s || !keepsMarks(s)) return null;
    return { ...f, student: `${s.firstName} ${s.lastName}` };
  }

  return {
    marks,
    homework,
    file,
    /** Telegram's id of a file after its first upload, so later sends need none (as the chat's diary does). */
    rememberFileId: (attachmentId: number, fileId: string) => rememberTelegramFileId(db, attachmentId, fileId),
  };
}
