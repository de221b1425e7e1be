import type { Handler } from '../notifications/event-plan.js';
import { staffRecipients } from '../notifications/audience.js';
import { str } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import { mayManageGroup } from './link.js';
import { groupById } from './store.js';

/**
 * What the class teacher hears about the class's group, in the private chat:
 * - `classGroup.refused` {classId, issuerStaffId, chatTitle, by}: someone who may
 *   not link the class sent its code in a group; the code is void.
 * - `classGroup.lost` {classGroupId, classId, reason}: the bot was removed from
 *   the group or cannot write there any more.
 */
const cg = textsOf('class-group');

async function classTeachers(ctx: Parameters<Handler>[1], classId: number, extra: number[] = []) {
  const [c] = await ctx.ds.query(`SELECT id AS "classId", "schoolId", name FROM school_class WHERE id = $1`, [classId]);
  if (!c) return { c: null, recipients: [] };
  const ids: { staffId: number }[] = await ctx.ds.query(
    `SELECT "staffId" FROM staff_role WHERE role = 'classTeacher' AND "classId" = $1`,
    [classId],
  );
  const staffIds = [...new Set([...ids.map((r) => r.staffId), ...extra])];
  const recipients = await staffRecipients(ctx.ds, { staffIds }, ctx.cache, (p) => mayManageGroup(p, c));
  return { c: c as { classId: number; schoolId: number; name: string }, recipients };
}

const refused: Handler = async (e, ctx) => {
  const p = e.payload;
  const { c, recipients } = await classTeachers(ctx, Number(p.classId), [Number(p.issuerStaffId)]);
  if (!c) return [];
  const text = cg.html('class-group-refused-notice', {
    class: c.name,
    group: str(p.chatTitle),
    by: str(p.by),
  });
  return recipients.map((recipient) => ({
    key: `class-group-refused:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'security',
    preference: null,
    recipient,
    text,
  }));
};

const lost: Handler = async (e, ctx) => {
  const g = await groupById(ctx.ds, Number(e.payload.classGroupId));
  if (!g) return [];
  const { recipients } = await classTeachers(ctx, g.classId);
  const text = cg.html('class-group-lost-notice', {
    class: g.className,
    group: g.title,
    reason: str(e.payload.reason),
  });
  return recipients.map((recipient) => ({
    key: `class-group-lost:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'classGroup',
    preference: null,
    recipient,
    text,
  }));
};

export const CLASS_GROUP_EVENT_HANDLERS: Record<string, Handler> = {
  'classGroup.refused': refused,
  'classGroup.lost': lost,
};
