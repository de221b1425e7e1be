import { authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { wallClock } from '../calendar.js';
import { studentInfo } from '../family/common.js';
import { staffThreadWith } from '../messages/index.js';
import type { ServiceDeps } from '../services/deps.js';
import type { AbsenceReport } from '../../db/entities/index.js';
import {
  attachCertificate,
  checkCertificate,
  checkReportDates,
  classReports,
  createAbsenceReport,
  decideAbsenceReport,
  familyReports,
  reportFor,
  studentLessons,
  type CertificateFile,
  type ReportInput,
} from './index.js';
import { decisionButtons, newReportText, reportWhen } from './notify.js';

type Dates = Pick<ReportInput, 'studentId' | 'fromDate' | 'toDate' | 'lessonIds'>;

/**
 * Absence reports as use cases, bound to the database, the product's clock
 * and the school's time zone (bot/features/absence-reports). Texts a class
 * teacher reads come ready from ./notify.ts, as in the delivered messages.
 */
export function absenceReportsService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const opts = () => ({ now: clock.now(), timezone });
  const today = () => wallClock(timezone, clock.now()).date;
  return {
    /** The school's calendar day now. */
    today,
    /** The child, if this account may report its absences (a guardian's own child). */
    reportingChild: (p: AccessProfile, studentId: number) => authorizeStudent(db, p, 'reportAbsence', studentId),
    /** The child's lessons today, to pick the ones missed. */
    lessonsToday: (studentId: number) => studentLessons(db, studentId, today(), today()),
    /** Refuses (AbsenceReportRefused) dates that cannot be reported; nothing is saved. */
    checkDates: (input: Dates) => checkReportDates(db, input, opts()),
    /** «23 ноября», «23 ноября – 25 ноября», «23 ноября, уроки: …» of a draft or a saved report. */
    when: (r: Dates) => reportWhen(db, r),
    create: (p: AccessProfile, input: ReportInput) => createAbsenceReport(db, p, input, opts()),
    /** A report the account may see as its family or decide on as its class teacher; null otherwise. */
    reportFor: (p: AccessProfile, id: number, as: 'family' | 'classTeacher') => reportFor(db, p, id, as),
    /** Refuses (AbsenceReportRefused) a file that is not a справка: too big, or neither a photo nor a PDF. */
    checkCertificate: (file: CertificateFile) => checkCertificate(file),
    attachCertificate: (p: AccessProfile, id: number, file: CertificateFile) => attachCertificate(db, p, id, file),
    /** The class teacher's decision, with what they are told back: the child, the days and the lessons written. */
    async decide(p: AccessProfile, id: number, decision: 'accepted' | 'rejected', comment: string | null) {
      const { report, lessons } = await decideAbsenceReport(db, p, id, decision, comment);
      const child = (await studentInfo(db, report.studentId))!;
      return { report, lessons, child, when: await reportWhen(db, report) };
    },
    /** The account's own reports about a child, newest first, each with its days in words. */
    async familyReports(accountHash: string, studentId: number): Promise<(AbsenceReport & { when: string })[]> {
      const rows = await familyReports(db, accountHash, studentId);
      const out: (AbsenceReport & { when: string })[] = [];
      for (const r of rows) out.push({ ...r, when: await reportWhen(db, r) });
      return out;
    },
    /** A pending report as its class teacher decides it (the desk opens it): the delivered text and buttons. */
    async decisionCard(p: AccessProfile, id: number) {
      const r = await reportFor(db, p, id, 'classTeacher');
      if (!r || r.status !== 'pending') return null;
      const s = (await studentInfo(db, r.studentId))!;
      return { text: await newReportText(db, r, s), buttons: decisionButtons(r.id) };
    },
    /** A class's reports: pending first, then the latest decided. */
    classReports: (classId: number, o?: { pendingOnly?: boolean; limit?: number }) => classReports(db, classId, o),
    /** The thread with the reporting family, for the class teacher's «Ответить»; null when not allowed. */
    replyThread: (p: AccessProfile, r: Pick<AbsenceReport, 'studentId' | 'accountHash'>) =>
      staffThreadWith(db, p, { studentId: r.studentId, accountHash: r.accountHash }),
  };
}

export type AbsenceReportsService = ReturnType<typeof absenceReportsService>;
