import type { DataSource } from 'typeorm';
import type { AccessProfile } from '../access/profile.js';
import { audit, inTransaction } from '../unit-of-work.js';
import { threadFor } from './threads.js';
import type { MessageRow, ThreadRow } from './types.js';

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
