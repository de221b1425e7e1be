import type { EntityManager } from 'typeorm';
import { appendEvent, inTransaction, type Db } from '../unit-of-work.js';
import { ACTIVE } from './store.js';
import type { Messenger } from '../messenger.js';

/**
 * What happens to a linked group outside the bot's commands: Telegram turns it
 * into a supergroup (a new chat id: the link and the messages still waiting
 * follow it), the bot is removed or loses the right to send (nothing more is
 * sent there and the class teacher is told), the right comes back.
 */
export type LostReason = 'removed' | 'noRights' | 'blocked';

export async function chatMigrated(
  db: Db,
  fromChatId: number | string,
  toChatId: number | string,
  /** A message in flight to the old id (the worker's send that Telegram answered with the new one). */
  deliveryId?: string,
): Promise<boolean> {
  // Only Telegram moves a group to a new chat id (a supergroup); MAX's chats keep theirs.
  return inTransaction(db, async (em) => {
    const moved = await em.query(
      `UPDATE class_group SET "chatId" = $2 WHERE "chatId" = $1 AND messenger = 'telegram' AND ${ACTIVE}
         AND NOT EXISTS (SELECT 1 FROM class_group x WHERE x."chatId" = $2 AND x.messenger = 'telegram' AND x.${ACTIVE}) RETURNING id`,
      [fromChatId, toChatId],
    );
    const rows = Array.isArray(moved[0]) ? moved[0] : moved;
    // Moved now, or already (the bot saw migrate_to_chat_id before the worker's send failed): the messages follow.
    const there =
      rows.length ||
      (
        await em.query(`SELECT 1 FROM class_group WHERE "chatId" = $1 AND messenger = 'telegram' AND ${ACTIVE}`, [
          toChatId,
        ])
      ).length;
    if (!there) return false;
    await em.query(
      `UPDATE notification_delivery SET "chatId" = $2, "updatedAt" = now()
        WHERE "chatId" = $1 AND messenger = 'telegram' AND (status = 'pending' OR id = $3)`,
      [fromChatId, toChatId, deliveryId ?? null],
    );
    return true;
  });
}

/**
 * The group cannot be written to: removed (the link ends), no right to send or
 * a 403 on a send (the link waits for the right to come back). Its waiting
 * messages are set aside and the class teacher is told once.
 */
export async function markGroupLost(
  em: EntityManager,
  chatId: string,
  reason: LostReason,
  now: Date,
  messenger: Messenger = 'telegram',
): Promise<boolean> {
  const res = await em.query(
    `UPDATE class_group SET "inactiveReason" = $2, "unlinkedAt" = CASE WHEN $2 = 'removed' THEN $3::timestamptz ELSE NULL END
      WHERE "chatId" = $1 AND messenger = $4 AND ${ACTIVE} AND ("inactiveReason" IS NULL OR $2 = 'removed') RETURNING id, "schoolId", "classId"`,
    [chatId, reason, now, messenger],
  );
  const rows: { id: number; schoolId: number; classId: number }[] = Array.isArray(res[0]) ? res[0] : res;
  for (const g of rows) {
    await em.query(
      `UPDATE notification_delivery SET status = 'blocked', "lastError" = $2, "updatedAt" = now() WHERE "chatId" = $1 AND messenger = $3 AND status = 'pending'`,
      [chatId, `classGroup:${reason}`, messenger],
    );
    await appendEvent(
      em,
      g.schoolId,
      'classGroup.lost',
      { classGroupId: g.id, classId: g.classId, reason },
      { at: now },
    );
  }
  return rows.length > 0;
}

export const groupLost = (db: Db, chatId: number | string, reason: LostReason, now: Date, messenger: Messenger) =>
  inTransaction(db, (em) => markGroupLost(em, String(chatId), reason, now, messenger));

/** The bot may send again (made a member or admin again): a group set aside for lack of rights is back. */
export async function groupRightsBack(db: Db, chatId: number | string, messenger: Messenger): Promise<boolean> {
  const res = await db.query(
    `UPDATE class_group SET "inactiveReason" = NULL
      WHERE "chatId" = $1 AND messenger = $2 AND ${ACTIVE} AND "inactiveReason" IS NOT NULL RETURNING id`,
    [chatId, messenger],
  );
  return (Array.isArray(res[0]) ? res[0] : res).length > 0;
}

/** The last answer to `/homework` or `/schedule` in the group (for the rate limit and its pointer). */
export async function recordAnswer(
  db: Db,
  groupId: number,
  kind: 'homework' | 'schedule',
  at: Date,
  messageId: number,
) {
  await db.query(
    `UPDATE class_group SET answers = COALESCE(answers, '{}'::jsonb) || jsonb_build_object($2::text, jsonb_build_object('at', $3::text, 'messageId', $4::int)) WHERE id = $1`,
    [groupId, kind, at.toISOString(), messageId],
  );
}
