import type { Db } from '../unit-of-work.js';
import type { DataSource, EntityManager } from 'typeorm';
import { mayOnStudent, mayOnThread, type ThreadRef } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { addDays, weekday, wallClock, zonedInstant } from '../calendar.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import { studentInfo } from '../family/common.js';
import { hasDailyPlace, type DailyLimit } from './daily-limit.js';

/**
 * Threads between a family account (about one child) and a staff member
 * (seed 000 §1.12–1.14: a question asked in the journal is answered in it).
 * Each message is a row and a `thread.message` event; the delivery worker
 * brings it to the other side (to the teacher when their office hours begin).
 * Only the two sides read a thread; the director may, each opening audited.
 */

export type MessagesError = 'notAllowed' | 'notContact' | 'dailyLimit' | 'empty' | 'tooLong';
export class MessageRefused extends DomainError {
  constructor(
    readonly reason: MessagesError,
    details: Record<string, unknown> = {},
  ) {
    super(`messages.${reason}`, `message refused: ${reason}`, details);
  }
}

export const MESSAGE_MAX_CHARS = 3000;

export interface ThreadRow extends ThreadRef {
  id: number;
  familyRole: 'guardian' | 'student';
  lastMessageAt: Date;
  studentName: string;
  className: string;
  staffName: string;
  unread: number;
  lastText: string | null;
}

export interface Contact {
  staffId: number;
  name: string;
  roles: ('classTeacher' | 'teacher' | 'deputy' | 'director')[];
  subjects: string[];
}

/** Whom a family may write about a child: its class teacher, the teachers of its lessons this year, the deputy and the director. */
export async function contactsOf(q: Db, studentId: number): Promise<Contact[]> {
  const s = await studentInfo(q, studentId);
  if (!s) return [];
  const rows: { staffId: number; name: string; role: Contact['roles'][number]; subject: string | null; ord: number }[] =
    await q.query(
      `SELECT r."staffId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName") AS name, 'classTeacher' AS role, NULL AS subject, 0 AS ord
       FROM staff_role r JOIN staff sf ON sf.id = r."staffId" WHERE r.role = 'classTeacher' AND r."classId" = $1 AND sf.active
     UNION ALL
     SELECT DISTINCT l."teacherId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName"), 'teacher', su.name, 1
       FROM lesson l JOIN staff sf ON sf.id = l."teacherId" JOIN subject su ON su.id = l."subjectId" JOIN school_class c ON c.id = l."classId"
      WHERE l."classId" = $1 AND sf.active
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = $3))
     UNION ALL
     SELECT r."staffId", concat_ws(' ', sf."lastName", sf."firstName", sf."middleName"), r.role, NULL, CASE r.role WHEN 'deputy' THEN 2 ELSE 3 END
       FROM staff_role r JOIN staff sf ON sf.id = r."staffId" WHERE r."schoolId" = $2 AND r.role IN ('deputy', 'director') AND sf.active`,
      [s.classId, s.schoolId, studentId],
    );
  const out = new Map<number, Contact & { ord: number }>();
  for (const r of rows.sort((a, b) => a.ord - b.ord || a.name.localeCompare(b.name, 'ru'))) {
    const c = out.get(r.staffId) ?? { staffId: r.staffId, name: r.name, roles: [], subjects: [], ord: r.ord };
    if (!c.roles.includes(r.role)) c.roles.push(r.role);
    if (r.subject && !c.subjects.includes(r.subject)) c.subjects.push(r.subject);
    out.set(r.staffId, c);
  }
  return [...out.values()]
    .sort((a, b) => a.ord - b.ord || a.name.localeCompare(b.name, 'ru'))
    .map(({ ord: _o, ...c }) => c);
}

// ── office hours ────────────────────────────────────────────────────────────

export interface Hours {
  days: number[];
  fromTime: string;
  toTime: string;
}

export async function officeHours(q: Db, staffId: number): Promise<Hours | null> {
  const [row] = await q.query(`SELECT days, "fromTime", "toTime" FROM office_hours WHERE "staffId" = $1`, [staffId]);
  return row ?? null;
}

export async function setOfficeHours(
  ds: DataSource,
  staffId: number,
  hours: Hours | null,
  actor: Actor,
): Promise<void> {
  await inTransaction(ds, async (em) => {
    if (!hours) await em.query(`DELETE FROM office_hours WHERE "staffId" = $1`, [staffId]);
    else
      await em.query(
        `INSERT INTO office_hours ("staffId", days, "fromTime", "toTime", "updatedAt") VALUES ($1, $2, $3, $4, now())
         ON CONFLICT ("staffId") DO UPDATE SET days = EXCLUDED.days, "fromTime" = EXCLUDED."fromTime", "toTime" = EXCLUDED."toTime", "updatedAt" = now()`,
        [staffId, JSON.stringify(hours.days), hours.fromTime, hours.toTime],
      );
    await audit(em, actor, 'officeHours.set', { type: 'staff', id: staffId }, hours ? { ...hours } : { off: true });
  });
}

/** When the staff member's office hours next begin; null when `at` is within them (or none are set). */
export function nextOfficeStart(h: Hours | null, at: Date, timeZone: string): Date | null {
  if (!h || !h.days.length) return null;
  const w = wallClock(timeZone, at);
  if (h.days.includes(weekday(w.date)) && w.time >= h.fromTime && w.time < h.toTime) return null;
  for (let i = 0; i <= 7; i++) {
    const d = addDays(w.date, i);
    if (!h.days.includes(weekday(d))) continue;
    if (i === 0 && w.time >= h.fromTime) continue;
    return zonedInstant(d, h.fromTime, timeZone);
  }
  return null;
}

// ── threads ─────────────────────────────────────────────────────────────────

const THREAD_COLUMNS = `t.id, t."schoolId", t."studentId", t."staffId", t."accountHash", t."familyRole", t."lastMessageAt", st."classId",
  st."firstName" || ' ' || st."lastName" AS "studentName", c.name AS "className",
  concat_ws(' ', sf."lastName", sf."firstName", sf."middleName") AS "staffName"`;
const THREAD_FROM = `thread t JOIN student st ON st.id = t."studentId" JOIN school_class c ON c.id = st."classId" JOIN staff sf ON sf.id = t."staffId"`;

export async function loadThread(q: Db, id: number): Promise<ThreadRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await q.query(
    `SELECT ${THREAD_COLUMNS}, 0 AS unread, NULL AS "lastText" FROM ${THREAD_FROM} WHERE t.id = $1`,
    [id],
  );
  return row ?? null;
}

/** A thread this account may read (its own side) or, with `audit`, read as the director. */
export async function threadFor(
  q: Db,
  p: AccessProfile,
  id: number,
  action: 'read' | 'write' | 'audit' = 'read',
): Promise<ThreadRow | null> {
  const t = await loadThread(q, id);
  return t && mayOnThread(p, action, t) ? t : null;
}

async function ensureThread(
  em: EntityManager,
  t: { schoolId: number; studentId: number; staffId: number; accountHash: string; familyRole: string },
): Promise<number> {
  const [row] = await em.query(
    `INSERT INTO thread ("schoolId", "studentId", "staffId", "accountHash", "familyRole") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("studentId", "staffId", "accountHash") DO UPDATE SET "familyRole" = thread."familyRole" RETURNING id`,
    [t.schoolId, t.studentId, t.staffId, t.accountHash, t.familyRole],
  );
  return row.id;
}

export interface Body {
  text: string | null;
  file: { kind: 'photo' | 'document'; fileId: string } | null;
}

function checkBody(b: Body): void {
  if (!b.text?.trim() && !b.file) throw new MessageRefused('empty');
  if (b.text && b.text.length > MESSAGE_MAX_CHARS) throw new MessageRefused('tooLong');
}

/**
 * A family's message to a staff member about a child: the child must be the
 * account's and the staff member one of the child's contacts; at most
 * `dailyLimit` a day per account (shared with consultation requests and error
 * reports: daily-limit.ts). Outside the staff member's office hours
 * the event waits for their start. Returns when it will be delivered (null: now).
 */
export async function sendFamilyMessage(
  ds: DataSource,
  p: AccessProfile,
  input: { studentId: number; staffId: number } & Body,
  opts: DailyLimit,
): Promise<{ threadId: number; messageId: number; deliverAt: Date | null; hours: Hours | null }> {
  const s = await studentInfo(ds, input.studentId);
  if (!s || !mayOnStudent(p, 'messageStaff', s)) throw new MessageRefused('notAllowed');
  if (!(await contactsOf(ds, s.studentId)).some((c) => c.staffId === input.staffId))
    throw new MessageRefused('notContact');
  checkBody(input);
  const hours = await officeHours(ds, input.staffId);
  const deliverAt = nextOfficeStart(hours, opts.now, opts.timezone);
  const familyRole = p.children.find((c) => c.studentId === s.studentId)!.via;
  return inTransaction(ds, async (em) => {
    if (!(await hasDailyPlace(em, p.accountHash, opts)))
      throw new MessageRefused('dailyLimit', { limit: opts.dailyLimit });
    const threadId = await ensureThread(em, {
      schoolId: s.schoolId,
      studentId: s.studentId,
      staffId: input.staffId,
      accountHash: p.accountHash,
      familyRole,
    });
    const [m] = await em.query(
      `INSERT INTO thread_message ("threadId", side, text, "fileId", "fileKind", "deliverAt", "createdAt") VALUES ($1, 'family', $2, $3, $4, $5, $6) RETURNING id`,
      [
        threadId,
        input.text?.trim() || null,
        input.file?.fileId ?? null,
        input.file?.kind ?? null,
        deliverAt ?? opts.now,
        opts.now,
      ],
    );
    await em.query(`UPDATE thread SET "lastMessageAt" = $2 WHERE id = $1`, [threadId, opts.now]);
    await appendEvent(
      em,
      s.schoolId,
      'thread.message',
      { threadId, messageId: m.id },
      deliverAt ? { availableAt: deliverAt } : {},
    );
    await audit(
      em,
      { kind: 'account', accountHash: p.accountHash },
      'thread.message',
      { type: 'thread', id: threadId },
      { messageId: m.id, delayed: !!deliverAt },
    );
    return { threadId, messageId: m.id, deliverAt, hours };
  });
}

/** The thread between this staff member and a family account about a child (made on the first reply). */
export async function staffThreadWith(
  ds: DataSource,
  p: AccessProfile,
  family: { studentId: number; accountHash: string },
): Promise<number | null> {
  const s = await studentInfo(ds, family.studentId);
  if (!s || !p.staff || p.staff.schoolId !== s.schoolId) return null;
  const [link] = await ds.query(
    `SELECT role FROM link WHERE "accountHash" = $1 AND "studentId" = $2 AND role IN ('guardian', 'student') AND "revokedAt" IS NULL ORDER BY role = 'guardian' DESC LIMIT 1`,
    [family.accountHash, family.studentId],
  );
  if (!link) return null;
  return inTransaction(ds, (em) =>
    ensureThread(em, {
      schoolId: s.schoolId,
      studentId: s.studentId,
      staffId: p.staff!.staffId,
      accountHash: family.accountHash,
      familyRole: link.role,
    }),
  );
}

/** A staff member's reply in their own thread; delivered to that family account only. */
export async function sendStaffMessage(
  ds: DataSource,
  p: AccessProfile,
  threadId: number,
  body: Body,
  now: Date,
): Promise<{ messageId: number }> {
  const t = await threadFor(ds, p, threadId, 'write');
  if (!t || !p.staff || p.staff.staffId !== t.staffId) throw new MessageRefused('notAllowed');
  checkBody(body);
  return inTransaction(ds, async (em) => {
    const [m] = await em.query(
      `INSERT INTO thread_message ("threadId", side, text, "fileId", "fileKind", "deliverAt", "createdAt") VALUES ($1, 'staff', $2, $3, $4, $5, $5) RETURNING id`,
      [threadId, body.text?.trim() || null, body.file?.fileId ?? null, body.file?.kind ?? null, now],
    );
    // Answering a thread reads it.
    await em.query(
      `UPDATE thread_message SET "readAt" = $2 WHERE "threadId" = $1 AND side = 'family' AND "readAt" IS NULL AND "deliverAt" <= $2`,
      [threadId, now],
    );
    await em.query(`UPDATE thread SET "lastMessageAt" = $2 WHERE id = $1`, [threadId, now]);
    await appendEvent(em, t.schoolId, 'thread.message', { threadId, messageId: m.id });
    await audit(
      em,
      { kind: 'staff', staffId: p.staff!.staffId },
      'thread.message',
      { type: 'thread', id: threadId },
      { messageId: m.id },
    );
    return { messageId: m.id };
  });
}

export interface MessageRow {
  id: number;
  side: 'family' | 'staff';
  text: string | null;
  fileId: string | null;
  fileKind: 'photo' | 'document' | null;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * The thread's latest messages for one of its sides (the other side's become
 * read), or for the director (`audit`: nothing marked read, the opening audited).
 */
export async function readThread(
  ds: DataSource,
  p: AccessProfile,
  threadId: number,
  opts: { now: Date; audit?: boolean; limit?: number },
): Promise<{ thread: ThreadRow; messages: MessageRow[] } | null> {
  const own = await threadFor(ds, p, threadId, 'read');
  const thread = own ?? (opts.audit ? await threadFor(ds, p, threadId, 'audit') : null);
  if (!thread) return null;
  const side = own
    ? p.accountHash === thread.accountHash && !(p.staff?.staffId === thread.staffId)
      ? 'family'
      : 'staff'
    : null;
  return inTransaction(ds, async (em) => {
    if (side)
      await em.query(
        `UPDATE thread_message SET "readAt" = $3 WHERE "threadId" = $1 AND side <> $2 AND "readAt" IS NULL AND "deliverAt" <= $3`,
        [threadId, side, opts.now],
      );
    else if (p.staff)
      await audit(em, { kind: 'staff', staffId: p.staff.staffId }, 'thread.audited', { type: 'thread', id: threadId });
    const messages: MessageRow[] = await em.query(
      `SELECT * FROM (SELECT id, side, text, "fileId", "fileKind", "createdAt", "readAt" FROM thread_message
         WHERE "threadId" = $1 AND (side = 'staff' OR "deliverAt" <= $4 OR $3::text = 'family') ORDER BY id DESC LIMIT $2) x ORDER BY id`,
      [threadId, opts.limit ?? 15, side ?? 'audit', opts.now],
    );
    return { thread, messages };
  });
}

/** The account's threads (its family side and, for staff, its own), with unread counts, newest first. */
export async function listThreads(q: Db, p: AccessProfile, now: Date, limit = 30): Promise<ThreadRow[]> {
  const kids = p.children.map((c) => c.studentId);
  return q.query(
    `SELECT ${THREAD_COLUMNS},
            (SELECT count(*)::int FROM thread_message m WHERE m."threadId" = t.id AND m."readAt" IS NULL AND m."deliverAt" <= $5
               AND m.side = CASE WHEN t."staffId" = $3 THEN 'family' ELSE 'staff' END) AS unread,
            (SELECT coalesce(m.text, '') FROM thread_message m WHERE m."threadId" = t.id ORDER BY m.id DESC LIMIT 1) AS "lastText"
       FROM ${THREAD_FROM}
      WHERE (t."accountHash" = $1 AND t."studentId" = ANY($2)) OR t."staffId" = $3
      ORDER BY t."lastMessageAt" DESC LIMIT $4`,
    [p.accountHash, kids, p.staff?.staffId ?? 0, limit, now],
  );
}

/** Unread messages waiting for a staff member (the desk and the menu). */
export async function staffUnread(q: Db, staffId: number, now: Date): Promise<number> {
  const [row] = await q.query(
    `SELECT count(*)::int AS n FROM thread_message m JOIN thread t ON t.id = m."threadId"
      WHERE t."staffId" = $1 AND m.side = 'family' AND m."readAt" IS NULL AND m."deliverAt" <= $2`,
    [staffId, now],
  );
  return row.n;
}

/** The school's threads for the director's audited reading, newest first. */
export async function schoolThreads(q: Db, schoolId: number, limit = 20): Promise<ThreadRow[]> {
  return q.query(
    `SELECT ${THREAD_COLUMNS}, 0 AS unread, NULL AS "lastText" FROM ${THREAD_FROM} WHERE t."schoolId" = $1 ORDER BY t."lastMessageAt" DESC LIMIT $2`,
    [schoolId, limit],
  );
}
