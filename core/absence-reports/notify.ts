import { mayOnClass } from '../access/policy.js';
import type { OutboxEvent } from '../../db/entities/index.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { dayText } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import {
  accountRecipients,
  button,
  childName,
  classTeacherIds,
  guardianName,
  staffChats,
  studentInfo,
  type StudentInfo,
} from '../family/common.js';
import { attendanceReason, loadReport, reportLessons } from './index.js';
import type { AbsenceReport } from '../../db/entities/index.js';

/**
 * What absence reports tell, through the delivery worker:
 * - `absenceReport.created` {reportId}: the class teacher(s), with «Принять / Отклонить / Ответить» and the справка;
 * - `absenceReport.certificate` {reportId}: the справка brought later, to the class teacher(s);
 * - `absenceReport.reminder` {reportId}: pending more than a school day, to the class teacher(s);
 * - `absenceReport.decided` {reportId}: the decision, to the reporting account only.
 */
type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const html = textsOf('absence-reports').html;
/** Pieces inserted into other texts as arguments (escaped once, there). */
const piece = textsOf('absence-reports').plain;

/** «23 ноября», «23 ноября – 25 ноября», «23 ноября, уроки: 1 — Математика, 2 — Русский язык». */
export async function reportWhen(
  ds: EventContext['ds'],
  r: Pick<AbsenceReport, 'studentId' | 'fromDate' | 'toDate' | 'lessonIds'>,
): Promise<string> {
  if (r.lessonIds) {
    const lessons = await reportLessons(ds, r);
    return piece('absence-reports-when-lessons', {
      date: dayText(String(r.fromDate)),
      lessons: lessons.map((l) => `${l.slot} — ${l.subject}`).join(', '),
    });
  }
  return r.fromDate === r.toDate
    ? piece('absence-reports-when-day', { date: dayText(String(r.fromDate)) })
    : piece('absence-reports-when-range', { from: dayText(String(r.fromDate)), to: dayText(String(r.toDate)) });
}

export const reasonText = (r: Pick<AbsenceReport, 'reason' | 'reasonText'>) =>
  piece('absence-reports-reason-text', { reason: r.reason, text: r.reasonText ?? '' });

/** The report's class teachers who may decide on it. */
async function deciders(ctx: EventContext, r: AbsenceReport, s: { classId: number; schoolId: number }) {
  const ids = await classTeacherIds(ctx.ds, s.classId);
  return (await staffChats(ctx.ds, ctx.cache, ids)).filter((x) => mayOnClass(x.profile, 'decideAbsence', s));
}

export const decisionButtons = (reportId: number) => [
  [button(piece('absence-reports-accept'), 'aa', reportId), button(piece('absence-reports-reject'), 'aj', reportId)],
  [button(piece('absence-reports-reply'), 'aq', reportId)],
];

async function load(e: OutboxEvent, ctx: EventContext) {
  const r = await loadReport(ctx.ds, Number(e.payload.reportId));
  const s = r ? await studentInfo(ctx.ds, r.studentId) : null;
  return r && s ? { r, s } : null;
}

/** A new report as its class teacher reads it (the delivered message, and the desk's card). */
export async function newReportText(ds: EventContext['ds'], r: AbsenceReport, s: StudentInfo): Promise<string> {
  return html('absence-reports-new', {
    child: childName(s),
    class: s.className,
    guardian: (await guardianName(ds, r.guardianId)) ?? '',
    when: await reportWhen(ds, r),
    reason: reasonText(r),
    certificate: r.certificateFileId ? 'yes' : 'no',
  });
}

const created: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x) return [];
  const { r, s } = x;
  const text = await newReportText(ctx.ds, r, s);
  const file = r.certificateFileId ? { kind: r.certificateKind!, fileId: r.certificateFileId } : undefined;
  return (await deciders(ctx, r, s)).map((rc) => ({
    key: `absence-report:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'absenceReport',
    preference: null,
    recipient: rc,
    text,
    extra: { buttons: decisionButtons(r.id), ...(file ? { file } : {}) },
  }));
};

const certificate: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || !x.r.certificateFileId) return [];
  const { r, s } = x;
  const text = html('absence-reports-certificate-added', {
    child: childName(s),
    class: s.className,
    when: await reportWhen(ctx.ds, r),
  });
  return (await deciders(ctx, r, s)).map((rc) => ({
    key: `absence-certificate:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'absenceReport',
    preference: null,
    recipient: rc,
    text,
    extra: {
      file: { kind: r.certificateKind!, fileId: r.certificateFileId! },
      ...(r.status === 'pending' ? { buttons: decisionButtons(r.id) } : {}),
    },
  }));
};

const reminder: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || x.r.status !== 'pending') return [];
  const { r, s } = x;
  const text = html('absence-reports-reminder', {
    child: childName(s),
    class: s.className,
    when: await reportWhen(ctx.ds, r),
    reason: reasonText(r),
  });
  return (await deciders(ctx, r, s)).map((rc) => ({
    key: `absence-reminder:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'absenceReport',
    preference: null,
    recipient: rc,
    text,
    extra: { buttons: decisionButtons(r.id) },
  }));
};

const decided: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || x.r.status === 'pending') return [];
  const { r, s } = x;
  const when = await reportWhen(ctx.ds, r);
  const text =
    r.status === 'accepted'
      ? html('absence-reports-decided-accepted', {
          child: childName(s),
          when,
          reason: piece('absence-reports-attendance-reason', { reason: attendanceReason(r.reason) }),
        })
      : html('absence-reports-decided-rejected', { child: childName(s), when, comment: r.decisionComment ?? '' });
  return (await accountRecipients(ctx.ds, ctx.cache, r.studentId, r.accountHash)).map((rc) => ({
    key: `absence-decided:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'absenceReport',
    preference: null,
    recipient: rc,
    text,
    ...(r.status === 'accepted' && !r.certificateFileId
      ? { extra: { buttons: [[button(piece('absence-reports-attach-button'), 'ac', r.id)]] } }
      : {}),
  }));
};

export const ABSENCE_REPORT_EVENT_HANDLERS: Record<string, Handler> = {
  'absenceReport.created': created,
  'absenceReport.certificate': certificate,
  'absenceReport.reminder': reminder,
  'absenceReport.decided': decided,
};
