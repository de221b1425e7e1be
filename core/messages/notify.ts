import type { OutboxEvent } from '../../db/entities/index.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { textsOf } from '../texts.js';
import { accountRecipients, button, staffChats } from '../family/common.js';
import { mayOnThread } from '../access/policy.js';
import { loadThread } from './index.js';

/**
 * `thread.message` {threadId, messageId}: a family's message to the staff
 * member of the thread (held back by the outbox until their office hours), or
 * a staff reply to the family account of the thread — and to nobody else.
 */
type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const msg = textsOf('messages').html;
/** Button labels are shown as is: plain. */
const label = textsOf('messages').plain;

const threadMessage: Handler = async (e, ctx) => {
  const t = await loadThread(ctx.ds, Number(e.payload.threadId));
  const [m] = await ctx.ds.query(
    `SELECT id, side, text, "fileId", "fileKind" FROM thread_message WHERE id = $1 AND "threadId" = $2`,
    [Number(e.payload.messageId), t?.id ?? 0],
  );
  if (!t || !m) return [];
  const body = m.text ?? textsOf('messages').plain('messages-file-only');
  const extra = {
    buttons: [[button(label('messages-reply'), 'mr', t.id)]],
    ...(m.fileId ? { file: { kind: m.fileKind, fileId: m.fileId } } : {}),
  };
  const base = {
    key: `thread-message:${m.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'message',
    preference: null,
    extra,
  };
  if (m.side === 'family') {
    const [g] =
      t.familyRole === 'guardian'
        ? await ctx.ds.query(
            `SELECT g."lastName" || ' ' || g."firstName" AS name FROM link l JOIN guardian g ON g.id = l."guardianId"
            WHERE l."accountHash" = $1 AND l."studentId" = $2 AND l.role = 'guardian' ORDER BY l."revokedAt" IS NULL DESC, l.id DESC LIMIT 1`,
            [t.accountHash, t.studentId],
          )
        : [];
    const text = msg('messages-new-to-staff', {
      who: t.familyRole,
      guardian: g?.name ?? null,
      child: t.studentName,
      class: t.className,
      text: body,
    });
    return (await staffChats(ctx.ds, ctx.cache, [t.staffId]))
      .filter((r) => mayOnThread(r.profile, 'write', t))
      .map((recipient) => ({ ...base, recipient, text }));
  }
  const text = msg('messages-new-to-family', { staff: t.staffName, child: t.studentName, text: body });
  return (await accountRecipients(ctx.ds, ctx.cache, t.studentId, t.accountHash))
    .filter((r) => mayOnThread(r.profile, 'read', t))
    .map((recipient) => ({ ...base, recipient, text }));
};

export const MESSAGE_EVENT_HANDLERS: Record<string, Handler> = { 'thread.message': threadMessage };
