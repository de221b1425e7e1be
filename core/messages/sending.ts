import type { DataSource, EntityManager } from 'typeorm';
import { mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import { studentInfo } from '../family/common.js';
import { contactsOf } from './contacts.js';
import { hasDailyPlace, type DailyLimit } from './daily-limit.js';
import { nextOfficeStart, officeHours } from './office-hours.js';
import { threadFor } from './threads.js';
import { MessageRefused, MESSAGE_MAX_CHARS, type Body, type Hours } from './types.js';

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

/**
 * The message this account's copy of the same chat update already wrote (the update handled again after a
 * replica died mid-update), so the repeat writes, counts and notifies nothing new.
 */
async function writtenBefore(
  em: EntityManager,
  source: string | null | undefined,
  accountHash: string,
): Promise<{ id: number; threadId: number; deliverAt: Date; createdAt: Date } | undefined> {
  if (!source) return undefined;
  const [m] = await em.query(
    `SELECT m.id, m."threadId", m."deliverAt", m."createdAt" FROM thread_message m JOIN thread t ON t.id = m."threadId"
      WHERE m."sourceKey" = $1 AND t."accountHash" = $2`,
    [source, accountHash],
  );
  return m;
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
    const before = await writtenBefore(em, input.source, p.accountHash);
    if (before) {
      const later = before.deliverAt.getTime() > before.createdAt.getTime();
      return { threadId: before.threadId, messageId: before.id, deliverAt: later ? before.deliverAt : null, hours };
    }
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
      `INSERT INTO thread_message ("threadId", side, text, "fileId", "fileKind", "deliverAt", "createdAt", "sourceKey") VALUES ($1, 'family', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        threadId,
        input.text?.trim() || null,
        input.file?.fileId ?? null,
        input.file?.kind ?? null,
        deliverAt ?? opts.now,
        opts.now,
        input.source ?? null,
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
    const before = await writtenBefore(em, body.source, t.accountHash);
    if (before) return { messageId: before.id };
    const [m] = await em.query(
      `INSERT INTO thread_message ("threadId", side, text, "fileId", "fileKind", "deliverAt", "createdAt", "sourceKey") VALUES ($1, 'staff', $2, $3, $4, $5, $5, $6) RETURNING id`,
      [
        threadId,
        body.text?.trim() || null,
        body.file?.fileId ?? null,
        body.file?.kind ?? null,
        now,
        body.source ?? null,
      ],
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
