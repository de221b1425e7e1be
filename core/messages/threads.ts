import type { Db } from '../unit-of-work.js';
import { mayOnThread } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { ThreadRow } from './types.js';

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
