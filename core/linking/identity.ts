import type { EntityManager } from 'typeorm';
import type { Messenger } from '../messenger.js';
import { hashAccount } from './codes.js';

type Db = Pick<EntityManager, 'query'>;

/**
 * The account a messenger's user is: the stored row that holds their (messenger, user id)
 * (or, for rows older than the account table, their active link), whatever key
 * hashed it — so a changed CODE_HASH_KEY keeps every family linked and /logout
 * still ends their links. Only a user the database does not know gets a hash
 * under the current key.
 */
export interface AccountIdentity {
  accountHash: string;
  /** The child the account last chose (null for a new account). */
  activeStudentId: number | null;
}

export async function accountsOf(
  db: Db,
  telegramUserIds: readonly number[],
  hashKey: string,
  messenger: Messenger = 'telegram',
): Promise<Map<number, AccountIdentity>> {
  const ids = [...new Set(telegramUserIds)];
  const known: { telegramUserId: string; accountHash: string | null; activeStudentId: number | null }[] = ids.length
    ? await db.query(
        `SELECT u.id AS "telegramUserId", a."activeStudentId",
                COALESCE(a."accountHash",
                  (SELECT l."accountHash" FROM link l
                    WHERE l.messenger = $2 AND l."telegramUserId" = u.id AND l."revokedAt" IS NULL ORDER BY l.id LIMIT 1)
                ) AS "accountHash"
           FROM unnest($1::bigint[]) AS u(id) LEFT JOIN account a ON a.messenger = $2 AND a."telegramUserId" = u.id`,
        [ids.map(String), messenger],
      )
    : [];
  const stored = new Map(known.map((k) => [Number(k.telegramUserId), k]));
  return new Map(
    ids.map((id) => {
      const k = stored.get(id);
      return [
        id,
        {
          accountHash: k?.accountHash ?? hashAccount(id, hashKey, messenger),
          activeStudentId: k?.activeStudentId ?? null,
        },
      ];
    }),
  );
}

export async function accountHashOf(
  db: Db,
  telegramUserId: number,
  hashKey: string,
  messenger: Messenger = 'telegram',
): Promise<string> {
  return (await accountsOf(db, [telegramUserId], hashKey, messenger)).get(telegramUserId)!.accountHash;
}
