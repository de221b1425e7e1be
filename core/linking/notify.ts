import type { OutboxEvent } from '../../db/entities/index.js';
import { managesClass, staffRecipients, type Recipient } from '../notifications/audience.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { joinHtml } from '../html.js';
import { t, tHtml } from '../notifications/texts.js';

/**
 * `invitations.keyRetired` {invitationIds} (core/linking/key-rotation.ts): the
 * codes revoked with a retired key, told to whoever hands out new ones — the
 * class teacher of the class for family codes, the school's administrators
 * for staff codes.
 */
interface RetiredCode {
  id: number;
  role: string;
  classId: number | null;
  className: string | null;
  name: string;
  student: string | null;
}

async function retiredCodes(ctx: EventContext, ids: number[]): Promise<RetiredCode[]> {
  return ctx.ds.query(
    `SELECT i.id, i.role, COALESCE(st."classId", i."classId") AS "classId", c.name AS "className",
            COALESCE(g."lastName" || ' ' || g."firstName", s."lastName" || ' ' || s."firstName",
                     st."lastName" || ' ' || st."firstName") AS name,
            CASE WHEN i.role = 'guardian' THEN st."firstName" || ' ' || st."lastName" END AS student
       FROM invitation i
       LEFT JOIN student st ON st.id = i."studentId"
       LEFT JOIN guardian g ON g.id = i."guardianId"
       LEFT JOIN staff s ON s.id = i."staffId"
       LEFT JOIN school_class c ON c.id = COALESCE(st."classId", i."classId")
      WHERE i.id = ANY($1) ORDER BY c.grade, c.name, name`,
    [ids],
  );
}

/** Family codes are handed out by the class teacher; staff codes by the administrator. */
const forClassTeacher = (c: RetiredCode) => (c.role === 'guardian' || c.role === 'student') && c.classId !== null;

const message = (e: OutboxEvent, r: Recipient, codes: RetiredCode[], part: 'family' | 'staff'): Planned => ({
  key: `codes-retired:${e.id}:${part}`,
  schoolId: e.schoolId,
  eventId: String(e.id),
  kind: 'security',
  preference: null,
  recipient: r,
  text: t('notifications-codes-retired', {
    count: codes.length,
    people: joinHtml(
      codes.map((c) =>
        tHtml('notifications-codes-retired-line', {
          name: c.name,
          role: c.role,
          student: c.student,
          class: c.className,
        }),
      ),
    ),
  }),
});

async function keyRetired(e: OutboxEvent, ctx: EventContext): Promise<Planned[]> {
  const ids = ((e.payload.invitationIds ?? []) as unknown[]).map(Number).filter(Number.isSafeInteger);
  const codes = ids.length ? await retiredCodes(ctx, ids) : [];
  const out: Planned[] = [];
  const classIds = [...new Set(codes.filter(forClassTeacher).map((c) => c.classId!))];
  const teachers: { staffId: number }[] = classIds.length
    ? await ctx.ds.query(
        `SELECT DISTINCT "staffId" FROM staff_role WHERE role = 'classTeacher' AND "classId" = ANY($1)`,
        [classIds],
      )
    : [];
  const teacherRecipients = teachers.length
    ? await staffRecipients(ctx.ds, { staffIds: teachers.map((x) => x.staffId) }, ctx.cache, () => true)
    : [];
  for (const r of teacherRecipients) {
    const mine = codes.filter(
      (c) => forClassTeacher(c) && managesClass({ classId: c.classId!, schoolId: e.schoolId })(r.profile),
    );
    if (mine.length) out.push(message(e, r, mine, 'family'));
  }
  const staffCodes = codes.filter((c) => !forClassTeacher(c));
  if (staffCodes.length) {
    const admins = await staffRecipients(
      ctx.ds,
      { schoolId: e.schoolId, role: 'admin' },
      ctx.cache,
      (p) => !!p.staff?.roles.includes('admin') && p.staff.schoolId === e.schoolId,
    );
    for (const r of admins) out.push(message(e, r, staffCodes, 'staff'));
  }
  return out;
}

export const LINKING_EVENT_HANDLERS = { 'invitations.keyRetired': keyRetired };
