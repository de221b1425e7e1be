import type { OutboxEvent } from '../../db/entities/index.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { momentText, str } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import { accountRecipients, button, childName, staffChats, studentInfo } from '../family/common.js';
import { loadConsultation } from './index.js';

/**
 * - `consultation.requested`: the teacher, a button per proposed time, «Предложить другое», «Отказать»;
 * - `consultation.answered`: the family (accepted, another time to confirm, declined) — or the teacher when the family confirmed;
 * - `consultation.reminder`: both, the day before.
 */
type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const con = textsOf('consultations');

async function load(e: OutboxEvent, ctx: EventContext) {
  const c = await loadConsultation(ctx.ds, Number(e.payload.consultationId));
  const s = c ? await studentInfo(ctx.ds, c.studentId) : null;
  if (!c || !s) return null;
  const [t] = await ctx.ds.query(
    `SELECT concat_ws(' ', "lastName", "firstName", "middleName") AS name FROM staff WHERE id = $1`,
    [c.staffId],
  );
  const [g] = await ctx.ds.query(
    `SELECT g."lastName" || ' ' || g."firstName" AS name FROM link l JOIN guardian g ON g.id = l."guardianId" WHERE l."accountHash" = $1 AND l."studentId" = $2 ORDER BY l.id DESC LIMIT 1`,
    [c.accountHash, c.studentId],
  );
  return { c, s, teacher: t?.name ?? '', guardian: g?.name ?? '' };
}

const requested: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || x.c.status !== 'pending') return [];
  const { c, s } = x;
  const times = c.proposals.map((t) => momentText(new Date(t), ctx.timezone));
  const text = con.html('consultations-to-teacher', {
    guardian: x.guardian,
    child: childName(s),
    class: s.className,
    times: times.length ? times.join('; ') : null,
  });
  const buttons = [
    // `cy:<consultation>.<place of the time>`, as bot/features/consultations/callbacks.ts reads it.
    ...times.map((t, i) => [button(con.plain('consultations-accept-slot', { time: t }), 'cy', `${c.id}.${i}`)]),
    [button(con.plain('consultations-propose'), 'cn', c.id), button(con.plain('consultations-decline'), 'cz', c.id)],
  ];
  return (await staffChats(ctx.ds, ctx.cache, [c.staffId])).map((recipient) => ({
    key: `consultation:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'consultation',
    preference: null,
    recipient,
    text,
    extra: { buttons },
  }));
};

const answered: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x) return [];
  const { c, s } = x;
  const base = {
    key: `consultation-answer:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'consultation',
    preference: null,
  };
  const when = c.slotAt ? momentText(new Date(c.slotAt), ctx.timezone) : '';
  const status = str(e.payload.status ?? c.status);
  const family = await accountRecipients(ctx.ds, ctx.cache, c.studentId, c.accountHash);
  if (status === 'accepted') {
    const staff = await staffChats(ctx.ds, ctx.cache, [c.staffId]);
    return [
      ...family.map((recipient) => ({
        ...base,
        recipient,
        text: con.html('consultations-accepted-family', { teacher: x.teacher, child: childName(s), when }),
      })),
      ...staff.map((recipient) => ({
        ...base,
        recipient,
        text: con.html('consultations-accepted-teacher', {
          guardian: x.guardian,
          child: childName(s),
          class: s.className,
          when,
        }),
      })),
    ];
  }
  if (status === 'countered')
    return family.map((recipient) => ({
      ...base,
      recipient,
      text: con.html('consultations-countered', { teacher: x.teacher, child: childName(s), when }),
      extra: { buttons: [[button(con.plain('consultations-confirm'), 'cq', c.id)]] },
    }));
  return family.map((recipient) => ({
    ...base,
    recipient,
    text: con.html('consultations-declined', {
      teacher: x.teacher,
      child: childName(s),
      comment: c.staffComment ?? '',
    }),
  }));
};

const reminder: Handler = async (e, ctx) => {
  const x = await load(e, ctx);
  if (!x || x.c.status !== 'accepted' || !x.c.slotAt) return [];
  const { c, s } = x;
  const when = momentText(new Date(c.slotAt!), ctx.timezone);
  const base = {
    key: `consultation-reminder:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'consultation',
    preference: null,
  };
  return [
    ...(await accountRecipients(ctx.ds, ctx.cache, c.studentId, c.accountHash)).map((recipient) => ({
      ...base,
      recipient,
      text: con.html('consultations-reminder-family', { teacher: x.teacher, child: childName(s), when }),
    })),
    ...(await staffChats(ctx.ds, ctx.cache, [c.staffId])).map((recipient) => ({
      ...base,
      recipient,
      text: con.html('consultations-reminder-teacher', {
        guardian: x.guardian,
        child: childName(s),
        class: s.className,
        when,
      }),
    })),
  ];
};

export const CONSULTATION_EVENT_HANDLERS: Record<string, Handler> = {
  'consultation.requested': requested,
  'consultation.answered': answered,
  'consultation.reminder': reminder,
};
