import type { OutboxEvent } from '../../db/entities/index.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { dayText, momentText, str } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import { mayOnSchool } from '../access/policy.js';
import { accountRecipients, button, childName, staffChats, staffWithRole, studentInfo } from '../family/common.js';
import { loadEntry, loadRequest } from './index.js';
import type { CorrectionRequest } from '../../db/entities/index.js';

/**
 * - `correction.requested`: the subject teacher (with «Исправлено» / «Данные верны») and the deputy director(s);
 * - `correction.resolved`: the family account that reported it;
 * - `correction.escalated`: overdue, to the deputy director(s).
 */
type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const texts = textsOf('corrections');

/** «оценка 2 (контрольная работа), Математика, 23 ноября» */
export function entryText(
  r: Pick<CorrectionRequest, 'entityType' | 'snapshot'>,
  e: { subject: string; date: string; label: Record<string, string | number> } | null,
): string {
  return texts.plain('corrections-entry', {
    type: r.entityType,
    subject: e?.subject ?? '',
    date: e ? dayText(e.date) : '',
    value: str(r.snapshot.value),
    kind: String(e?.label.kind ?? ''),
    status: str(r.snapshot.status),
  });
}

async function load(e: OutboxEvent, ctx: EventContext) {
  const r = await loadRequest(ctx.ds, Number(e.payload.requestId));
  const s = r ? await studentInfo(ctx.ds, r.studentId) : null;
  if (!r || !s) return null;
  const entry = await loadEntry(ctx.ds, r.entityType, r.entityId, r.studentId);
  return { r, s, what: entryText(r, entry) };
}

const deputies = async (ctx: EventContext, schoolId: number) =>
  (await staffChats(ctx.ds, ctx.cache, await staffWithRole(ctx.ds, schoolId, 'deputy'))).filter((x) =>
    mayOnSchool(x.profile, 'manageControl', { schoolId }),
  );

const requested: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x) return [];
  const { r, s, what } = x;
  const base = { schoolId: e.schoolId, eventId: String(e.id), kind: 'correction', preference: null };
  const args = {
    child: childName(s),
    class: s.className,
    what,
    comment: r.comment,
    due: momentText(new Date(r.dueAt), ctx.timezone),
  };
  const teacher = r.teacherId ? await staffChats(ctx.ds, ctx.cache, [r.teacherId]) : [];
  const buttons = [
    [
      button(texts.plain('corrections-corrected-button'), 'eo', r.id),
      button(texts.plain('corrections-confirm-button'), 'ek', r.id),
    ],
  ];
  const out: Planned[] = teacher.map((recipient) => ({
    ...base,
    key: `correction:${e.id}`,
    recipient,
    text: texts.html('corrections-to-teacher', args),
    extra: { buttons },
  }));
  const seen = new Set(teacher.map((t) => t.chatId));
  for (const recipient of (await deputies(ctx, e.schoolId)).filter((d) => !seen.has(d.chatId)))
    out.push({
      ...base,
      key: `correction:${e.id}`,
      recipient,
      text: texts.html('corrections-to-deputy', args),
      extra: { buttons },
    });
  return out;
};

const resolved: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x) return [];
  const { r, s, what } = x;
  const text = texts.html('corrections-resolved', {
    status: r.status,
    child: childName(s),
    what,
    answer: r.answer ?? '',
  });
  return (await accountRecipients(ctx.ds, ctx.cache, r.studentId, r.accountHash)).map((recipient) => ({
    key: `correction-resolved:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'correction',
    preference: null,
    recipient,
    text,
  }));
};

const escalated: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || x.r.status !== 'open') return [];
  const { r, s, what } = x;
  const [t] = r.teacherId
    ? await ctx.ds.query(
        `SELECT concat_ws(' ', "lastName", "firstName", "middleName") AS name FROM staff WHERE id = $1`,
        [r.teacherId],
      )
    : [];
  const text = texts.html('corrections-escalated', {
    child: childName(s),
    class: s.className,
    what,
    comment: r.comment,
    teacher: t?.name ?? '',
    since: momentText(new Date(r.createdAt), ctx.timezone),
  });
  return (await deputies(ctx, e.schoolId)).map((recipient) => ({
    key: `correction-escalated:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'correction',
    preference: null,
    recipient,
    text,
    extra: {
      buttons: [
        [
          button(texts.plain('corrections-corrected-button'), 'eo', r.id),
          button(texts.plain('corrections-confirm-button'), 'ek', r.id),
        ],
      ],
    },
  }));
};

export const CORRECTION_EVENT_HANDLERS: Record<string, Handler> = {
  'correction.requested': requested,
  'correction.resolved': resolved,
  'correction.escalated': escalated,
};
