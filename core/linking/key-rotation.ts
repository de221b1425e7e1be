import type { DataSource } from 'typeorm';
import type { Actor } from '../actor.js';
import { appendEvent, audit } from '../unit-of-work.js';
import { keyId, type HashKeys } from './keys.js';

/**
 * Changing CODE_HASH_KEY (README, "Rotating CODE_HASH_KEY"). Families stay
 * linked whatever the key (core/linking/identity.ts: the account row is the
 * identity). Unused codes are checked under the current and the previous keys;
 * a code under a key no longer configured cannot be checked by anyone, so
 * `keys rotate` revokes it and its class teacher is told to hand out a new one.
 */

/** Rows from before key versions are stamped with the key of the first start after the upgrade. */
export async function adoptUnversionedHashes(ds: DataSource, currentKey: string): Promise<number> {
  const id = keyId(currentKey);
  const [, invitations] = await ds.query(`UPDATE invitation SET "keyId" = $1 WHERE "keyId" IS NULL`, [id]);
  const [, accounts] = await ds.query(`UPDATE account SET "keyId" = $1 WHERE "keyId" IS NULL`, [id]);
  return Number(invitations) + Number(accounts);
}

export interface KeyUse {
  keyId: string;
  /** current: hashes everything new; previous: still checks its codes; retired: configured nowhere. */
  state: 'current' | 'previous' | 'retired';
  openCodes: number;
  accounts: number;
}

function stateOf(keys: HashKeys) {
  const current = keyId(keys.current);
  const previous = new Set(keys.previous.map(keyId));
  return (id: string): KeyUse['state'] => (id === current ? 'current' : previous.has(id) ? 'previous' : 'retired');
}

/** Which keys made the stored hashes, and how many unused codes each still holds. */
export async function keyUse(ds: DataSource, keys: HashKeys, now: Date): Promise<KeyUse[]> {
  const rows: { keyId: string; openCodes: number; accounts: number }[] = await ds.query(
    `SELECT k."keyId", COALESCE(i.n, 0)::int AS "openCodes", COALESCE(a.n, 0)::int AS accounts
       FROM (SELECT "keyId" FROM invitation UNION SELECT "keyId" FROM account UNION SELECT $2::text) k
       LEFT JOIN (SELECT "keyId", count(*) AS n FROM invitation
                   WHERE "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > $1 GROUP BY "keyId") i ON i."keyId" = k."keyId"
       LEFT JOIN (SELECT "keyId", count(*) AS n FROM account GROUP BY "keyId") a ON a."keyId" = k."keyId"
      WHERE k."keyId" IS NOT NULL ORDER BY 2 DESC, 1`,
    [now, keyId(keys.current)],
  );
  const state = stateOf(keys);
  return rows.map((r) => ({ ...r, state: state(r.keyId) }));
}

export interface RetiredCodes {
  revoked: number;
  schools: number;
}

/**
 * Revokes every unused, unexpired code made under a key that is neither current
 * nor previous, and writes one `invitations.keyRetired` event per school so the
 * class teachers (family codes) and administrators (staff codes) are told which.
 */
export async function retireUncheckableCodes(
  ds: DataSource,
  keys: HashKeys,
  now: Date,
  actor: Actor,
): Promise<RetiredCodes> {
  const live = [keys.current, ...keys.previous].map(keyId);
  return ds.transaction(async (em) => {
    const revoked: { id: number; schoolId: number }[] = (
      await em.query(
        `UPDATE invitation SET "revokedAt" = $1
          WHERE "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > $1 AND NOT ("keyId" = ANY($2))
          RETURNING id, "schoolId"`,
        [now, live],
      )
    )[0];
    const bySchool = new Map<number, number[]>();
    for (const r of revoked) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r.id]);
    for (const [schoolId, invitationIds] of bySchool) {
      for (const id of invitationIds)
        await audit(em, actor, 'invitation.revoked', { type: 'invitation', id }, { reason: 'keyRetired' });
      await appendEvent(em, schoolId, 'invitations.keyRetired', { invitationIds }, { at: now });
    }
    return { revoked: revoked.length, schools: bySchool.size };
  });
}
