import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { mayOnClass, mayOnSchool } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { DomainError } from '../errors.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { Announcement } from '../../db/entities/index.js';

/**
 * Announcements (issue 8): the class teacher to the class's families, the
 * administration to a class, a grade or the school. Written with a
 * `announcement.sent` event held back until its time (scheduled sending;
 * cancelled before it goes, the event plans nothing). The delivery worker
 * sends one message per chat with «Ознакомлен», recording the recipients;
 * a receipt is per family (a child's guardians and the child: one of them
 * confirming is enough), and a reminder goes to unconfirmed families only.
 */

export type AnnouncementError = 'notAllowed' | 'empty' | 'tooLong' | 'notScheduled' | 'past';
export class AnnouncementRefused extends DomainError {
  constructor(readonly reason: AnnouncementError) {
    super(`announcement.${reason}`, `announcement refused: ${reason}`);
  }
}

export const ANNOUNCEMENT_MAX_CHARS = 3500;

export interface Audience {
  scope: 'class' | 'grade' | 'school';
  classId?: number | null;
  grade?: number | null;
}

/** Whether the account may announce to this audience (its school); the class row for a class. */
/** The class an audience names (for its label), or null for a grade or the school. */
export async function audienceClassName(q: Db, a: Audience): Promise<string | null> {
  if (!a.classId) return null;
  const [c] = await q.query(`SELECT name FROM school_class WHERE id = $1`, [a.classId]);
  return (c?.name as string | undefined) ?? null;
}

export async function mayAnnounce(q: Db, p: AccessProfile, a: Audience): Promise<boolean> {
  if (!p.staff) return false;
  if (a.scope === 'class') {
    const [c] = a.classId
      ? await q.query(`SELECT id AS "classId", "schoolId" FROM school_class WHERE id = $1`, [a.classId])
      : [];
    return !!c && mayOnClass(p, 'announce', c);
  }
  if (a.scope === 'grade' && !(a.grade && a.grade >= 1 && a.grade <= 11)) return false;
  return mayOnSchool(p, 'announceSchool', p.staff);
}

const AUDIENCE_SQL = `FROM link l JOIN student st ON st.id = l."studentId" JOIN school_class c ON c.id = st."classId"
  WHERE l.role IN ('guardian', 'student') AND l."revokedAt" IS NULL AND l."inactiveReason" IS NULL AND l."chatId" > 0 AND st.active
    AND st."schoolId" = $1 AND ($2::text = 'school' OR ($2 = 'class' AND c.id = $3) OR ($2 = 'grade' AND c.grade = $4))`;

/** How many families (children) and chats an audience reaches now (the preview). */
export async function audienceSize(q: Db, schoolId: number, a: Audience): Promise<{ families: number; chats: number }> {
  const [row] = await q.query(
    `SELECT count(DISTINCT st.id)::int AS families, count(DISTINCT (l.messenger, l."chatId"))::int AS chats ${AUDIENCE_SQL}`,
    [schoolId, a.scope, a.classId ?? null, a.grade ?? null],
  );
  return row;
}

/** The students of the audience (their families' links are the recipients). */
export async function audienceStudents(q: Db, schoolId: number, a: Audience): Promise<number[]> {
  const rows: { id: number }[] = await q.query(
    `SELECT st.id FROM student st JOIN school_class c ON c.id = st."classId"
      WHERE st.active AND st."schoolId" = $1 AND ($2::text = 'school' OR ($2 = 'class' AND c.id = $3) OR ($2 = 'grade' AND c.grade = $4))`,
    [schoolId, a.scope, a.classId ?? null, a.grade ?? null],
  );
  return rows.map((r) => r.id);
}

export interface NewAnnouncement extends Audience {
  text: string;
  file: { kind: 'photo' | 'document'; fileId: string } | null;
  urgent: boolean;
  /** When to send; null: now. */
  sendAt: Date | null;
}

export async function createAnnouncement(
  ds: DataSource,
  p: AccessProfile,
  a: NewAnnouncement,
  opts: { now: Date },
): Promise<Announcement> {
  if (!p.staff || !(await mayAnnounce(ds, p, a))) throw new AnnouncementRefused('notAllowed');
  if (!a.text.trim()) throw new AnnouncementRefused('empty');
  if (a.text.length > ANNOUNCEMENT_MAX_CHARS) throw new AnnouncementRefused('tooLong');
  if (a.sendAt && a.sendAt < opts.now) throw new AnnouncementRefused('past');
  const sendAt = a.sendAt ?? opts.now;
  return inTransaction(ds, async (em) => {
    const [row] = await em.query(
      `INSERT INTO announcement ("schoolId", "authorStaffId", scope, "classId", grade, text, "fileId", "fileKind", urgent, status, "sendAt", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'scheduled', $10, $11) RETURNING id`,
      [
        p.staff!.schoolId,
        p.staff!.staffId,
        a.scope,
        a.scope === 'class' ? a.classId : null,
        a.scope === 'grade' ? a.grade : null,
        a.text.trim(),
        a.file?.fileId ?? null,
        a.file?.kind ?? null,
        a.urgent,
        sendAt,
        opts.now,
      ],
    );
    await appendEvent(
      em,
      p.staff!.schoolId,
      'announcement.sent',
      { announcementId: row.id },
      // Due by the product's clock (the worker plans by it), at its time when scheduled.
      { at: opts.now, ...(a.sendAt ? { availableAt: a.sendAt } : {}) },
    );
    await audit(
      em,
      { kind: 'staff', staffId: p.staff!.staffId },
      'announcement.created',
      { type: 'announcement', id: row.id },
      { scope: a.scope, urgent: a.urgent, scheduled: !!a.sendAt },
    );
    return (await loadAnnouncement(em, row.id))!;
  });
}

export async function loadAnnouncement(q: Db, id: number): Promise<Announcement | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await q.query(`SELECT * FROM announcement WHERE id = $1`, [id]);
  return row ?? null;
}

/** An announcement its author, or the administration of its school, may manage (counts, reminders, cancel). */
export async function announcementFor(q: Db, p: AccessProfile, id: number): Promise<Announcement | null> {
  const a = await loadAnnouncement(q, id);
  if (!a || !p.staff || p.staff.schoolId !== a.schoolId) return null;
  if (a.authorStaffId === p.staff.staffId) return a;
  return mayOnSchool(p, 'announceSchool', p.staff) ? a : null;
}

/** Cancels a scheduled announcement before it goes. */
export async function cancelAnnouncement(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  opts: { now: Date },
): Promise<void> {
  const a = await announcementFor(ds, p, id);
  if (!a) throw new AnnouncementRefused('notAllowed');
  await inTransaction(ds, async (em) => {
    const rows = await em.query(
      `UPDATE announcement SET status = 'cancelled', "cancelledAt" = $2 WHERE id = $1 AND status = 'scheduled' AND "sendAt" > $2 RETURNING id`,
      [id, opts.now],
    );
    if (!(Array.isArray(rows[0]) ? rows[0] : rows).length) throw new AnnouncementRefused('notScheduled');
    await audit(em, { kind: 'staff', staffId: p.staff!.staffId }, 'announcement.cancelled', {
      type: 'announcement',
      id,
    });
  });
}

/** «Ознакомлен»: every link of this chat's account that received the announcement. Returns false when it was not theirs or already confirmed. */
export async function acknowledge(ds: DataSource, p: AccessProfile, id: number): Promise<boolean> {
  const linkIds = p.links.map((l) => l.id);
  if (!linkIds.length) return false;
  const rows = await ds.query(
    `UPDATE announcement_recipient SET "acknowledgedAt" = now() WHERE "announcementId" = $1 AND "linkId" = ANY($2) AND "acknowledgedAt" IS NULL RETURNING "linkId"`,
    [id, linkIds],
  );
  return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
}

export async function isRecipient(q: Db, p: AccessProfile, id: number): Promise<boolean> {
  const [row] = await q.query(
    `SELECT 1 FROM announcement_recipient WHERE "announcementId" = $1 AND "linkId" = ANY($2) LIMIT 1`,
    [id, p.links.map((l) => l.id)],
  );
  return !!row;
}

export interface Receipts {
  families: number;
  confirmed: number;
  chats: number;
  chatsConfirmed: number;
  unconfirmed: { studentId: number; name: string; className: string }[];
}

/** Live receipts: families (children) confirmed by any of their chats, and those still unconfirmed. */
export async function receipts(q: Db, id: number): Promise<Receipts> {
  const rows: { studentId: number; name: string; className: string; acked: boolean }[] = await q.query(
    `SELECT r."studentId", st."lastName" || ' ' || st."firstName" AS name, c.name AS "className", bool_or(r."acknowledgedAt" IS NOT NULL) AS acked
       FROM announcement_recipient r JOIN student st ON st.id = r."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE r."announcementId" = $1 GROUP BY 1, 2, 3, c.grade ORDER BY c.grade, c.name, name`,
    [id],
  );
  const [chats] = await q.query(
    `SELECT count(DISTINCT (l.messenger, r."chatId"))::int AS chats, count(DISTINCT (l.messenger, r."chatId")) FILTER (WHERE r."acknowledgedAt" IS NOT NULL)::int AS acked
       FROM announcement_recipient r JOIN link l ON l.id = r."linkId" WHERE r."announcementId" = $1`,
    [id],
  );
  return {
    families: rows.length,
    confirmed: rows.filter((r) => r.acked).length,
    chats: chats.chats,
    chatsConfirmed: chats.acked,
    unconfirmed: rows.filter((r) => !r.acked).map(({ acked: _a, ...r }) => r),
  };
}

/** Reminds the unconfirmed families (event `announcement.reminder`); returns how many families. */
export async function remindUnconfirmed(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  opts: { now: Date },
): Promise<number> {
  const a = await announcementFor(ds, p, id);
  if (!a || a.status !== 'sent') throw new AnnouncementRefused('notAllowed');
  const r = await receipts(ds, id);
  if (!r.unconfirmed.length) return 0;
  await inTransaction(ds, async (em) => {
    await em.query(`UPDATE announcement SET "remindedAt" = $2 WHERE id = $1`, [id, opts.now]);
    await appendEvent(em, a.schoolId, 'announcement.reminder', {
      announcementId: id,
      studentIds: r.unconfirmed.map((u) => u.studentId),
      at: opts.now.toISOString(),
    });
    await audit(
      em,
      { kind: 'staff', staffId: p.staff!.staffId },
      'announcement.reminded',
      { type: 'announcement', id },
      { families: r.unconfirmed.length },
    );
  });
  return r.unconfirmed.length;
}

/** The account's recent announcements (the administration: the school's). */
export async function recentAnnouncements(q: Db, p: AccessProfile, limit = 10): Promise<Announcement[]> {
  if (!p.staff) return [];
  const all = mayOnSchool(p, 'announceSchool', p.staff);
  return q.query(
    `SELECT * FROM announcement WHERE "schoolId" = $1 AND ($2::boolean OR "authorStaffId" = $3) ORDER BY "createdAt" DESC LIMIT $4`,
    [p.staff.schoolId, all, p.staff.staffId, limit],
  );
}
