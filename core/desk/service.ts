import { authorizeClass, authorizeStudent, mayOnClass } from '../access/policy.js';
import { MESSENGERS, type Messenger } from '../messenger.js';
import type { AccessProfile } from '../access/profile.js';
import { classReports } from '../absence-reports/index.js';
import { reasonText, reportWhen } from '../absence-reports/notify.js';
import { wallClock } from '../calendar.js';
import { staffUnread } from '../messages/index.js';
import type { ServiceDeps } from '../services/deps.js';
import { codeCardsPdf } from './cards.js';
import {
  classRoster,
  familyViews,
  issueFamilyCodes,
  recordDiaryVisit,
  recordWeekReasons,
  revokeFamilyCodes,
  weekAbsences,
  type IssuedCard,
  type ReviewReason,
} from './index.js';

/**
 * The class teacher's desk as use cases bound to the database, the clock and
 * the configuration (the services facade). Every class or student is checked
 * against the account's profile here: the desk is the class's own teacher's
 * (policy 'manageAccess'; the week's reasons: 'decideAbsence').
 */
export function deskService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const today = () => wallClock(timezone, clock.now()).date;
  const roster = (classId: number) => classRoster(db, classId, clock.now());
  const views = (classId: number) => familyViews(db, classId, clock.now(), timezone);

  return {
    /** The class if the account manages its access (its class teacher, the administrator), or null. */
    managedClass: (p: AccessProfile, classId: number) => authorizeClass(db, p, 'manageAccess', classId),
    /** The desk's first screen: connected families, pending reports, reasons missing, views, unread messages. */
    summary: async (p: AccessProfile, classId: number) => {
      const students = await roster(classId);
      const reports = await classReports(db, classId, { pendingOnly: true });
      const week = await weekAbsences(db, classId, today());
      const looks = await views(classId);
      const unread = p.staff ? await staffUnread(db, p.staff.staffId, clock.now()) : 0;
      return {
        students: students.length,
        connected: students.filter((r) => r.people.some((x) => x.linked)).length,
        pending: reports.length,
        noCertificate: reports.filter((r) => !r.certificateFileId).length,
        unknown: week.rows.reduce((n, r) => n + r.unknown.length, 0),
        looking: looks.filter((v) => v.visits30 > 0).length,
        viewed: looks.length,
        unread,
      };
    },
    roster,
    views,
    /** The class's absence reports (pending first, with when and why) and this week's absences. */
    absences: async (classId: number) => {
      const reports = await classReports(db, classId, { limit: 15 });
      const described = [];
      for (const r of reports) described.push({ ...r, when: await reportWhen(db, r), reasonText: reasonText(r) });
      return { reports: described, week: await weekAbsences(db, classId, today()) };
    },
    /** New codes for the class's families without access, or one student's; null when not allowed. */
    issueCodes: (p: AccessProfile, target: { classId: number } | { studentId: number }) =>
      issueFamilyCodes(db, p, target, {
        hashKey: deps.hashKey,
        ttlDays: deps.config.INVITATION_TTL_DAYS,
        now: clock.now(),
      }),
    /**
     * The printable cards of issued codes (a PDF, a QR deep link on each): the bot of the chat that asked,
     * and the school's bot in its other messenger when the deployment serves both (a QR for each, labelled).
     */
    codeCards: async (
      cards: IssuedCard[],
      botUsername: string,
      className: string,
      messenger: Messenger = 'telegram',
    ) => {
      const bots: { messenger: Messenger; username: string }[] = [];
      for (const m of MESSENGERS) {
        const username = m === messenger ? botUsername : await deps.bots?.get(m);
        if (username) bots.push({ messenger: m, username });
      }
      return codeCardsPdf(cards, { bots, className, createdAt: clock.now() });
    },
    /** A student of a class the account manages (for reissuing its family's codes), or null. */
    managedStudent: async (p: AccessProfile, studentId: number) => {
      const s = await authorizeStudent(db, p, 'view', studentId);
      return s && (await authorizeClass(db, p, 'manageAccess', s.classId)) ? s : null;
    },
    revokeCodes: (p: AccessProfile, studentId: number) => revokeFamilyCodes(db, p, studentId),
    /** A student whose absences the account decides on (the week's review), or null. */
    reviewStudent: async (p: AccessProfile, studentId: number) => {
      const s = await authorizeStudent(db, p, 'view', studentId);
      return s && mayOnClass(p, 'decideAbsence', s) ? s : null;
    },
    /** The student's absences of this week still without a reason. */
    weekUnknown: async (classId: number, studentId: number) =>
      (await weekAbsences(db, classId, today())).rows.find((x) => x.studentId === studentId)?.unknown.length ?? 0,
    /** One reason for the student's absences of this week without one (or for one lesson's); null when not allowed. */
    recordWeekReasons: (p: AccessProfile, studentId: number, reason: ReviewReason, lessonId?: number) =>
      recordWeekReasons(db, p, studentId, reason, today(), lessonId),
    /** Records a family's look at a child's diary (never fails the view: errors are the caller's to drop). */
    recordDiaryVisit: (accountHash: string, studentId: number) =>
      recordDiaryVisit(db, accountHash, studentId, clock.now(), timezone),
  };
}

export type DeskService = ReturnType<typeof deskService>;
