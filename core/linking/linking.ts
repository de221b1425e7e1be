import type { Clock } from '../clock.js';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import {
  ConsentEntity,
  InvitationEntity,
  LinkEntity,
  type Invitation,
  type LinkRole,
} from '../../db/entities/index.js';
import type { RateLimiter } from '../../db/stores/rate-limit.js';
import type { Actor } from '../actor.js';
import { audit } from '../unit-of-work.js';
import { checkAttemptLimits, recordFailedAttempt, type AttemptLimits } from './attempt-limits.js';
import { hashCode, normalizeCode } from './codes.js';
import { accountHashOf } from './identity.js';
import { findUsableInvitation, redeemedBy } from './invitations.js';
import { keyId } from './keys.js';
import type { Messenger } from '../messenger.js';

/** The version of the 152-ФЗ consent text shown (locales/ru/linking.ftl, linking-consent-text); bump when the text changes. */
// v2: the text names the messenger it is shown in (Telegram or MAX).
export const CONSENT_TEXT_VERSION = '2026-12-v2';

export interface LinkingDeps {
  ds: DataSource;
  rateLimiter: RateLimiter;
  /** The current key: new accounts' hashes. */
  hashKey: string;
  /** Keys replaced by hashKey: codes issued under them are still accepted (CODE_HASH_KEY_PREVIOUS). */
  previousHashKeys?: readonly string[];
  limits: AttemptLimits;
  /** Decides whether a code has expired and stamps when it was used. */
  clock: Clock;
}

/** Roles that see a child's personal data and so must consent first (001 §4.1.1). */
export const needsConsent = (role: LinkRole) => role === 'guardian' || role === 'student';

export interface InvitationSummary {
  invitationId: number;
  codeHash: string;
  role: LinkRole;
  /** Whom the code is for, to name in the consent question. */
  studentName: string | null;
  className: string | null;
}

export type CodeCheck =
  | { kind: 'malformed' }
  | { kind: 'limited'; retryAt: Date }
  | { kind: 'invalid' }
  | { kind: 'alreadyLinked'; summary: InvitationSummary }
  | { kind: 'ok'; summary: InvitationSummary };

const accountActor = (accountHash: string): Actor => ({ kind: 'account', accountHash });

async function summarize(ds: DataSource, inv: Invitation): Promise<InvitationSummary> {
  let studentName: string | null = null;
  let className: string | null = null;
  if (inv.studentId) {
    const [s] = await ds.query(
      `SELECT st."firstName", st."lastName", c.name FROM student st JOIN school_class c ON c.id = st."classId" WHERE st.id = $1`,
      [inv.studentId],
    );
    studentName = `${s.firstName} ${s.lastName}`;
    className = s.name;
  } else if (inv.classId) {
    const [c] = await ds.query(`SELECT name FROM school_class WHERE id = $1`, [inv.classId]);
    className = c?.name ?? null;
  }
  return { invitationId: inv.id, codeHash: inv.codeHash, role: inv.role, studentName, className };
}

async function activeLinkFor(ds: DataSource, telegramUserId: number, messenger: Messenger, inv: Invitation) {
  return ds.getRepository(LinkEntity).findOneBy({
    messenger,
    telegramUserId: String(telegramUserId),
    role: inv.role,
    revokedAt: IsNull(),
    ...(inv.studentId ? { studentId: inv.studentId } : {}),
    ...(inv.staffId ? { staffId: inv.staffId } : {}),
  });
}

/**
 * Checks a code typed or opened by deep link. Wrong, used, revoked and expired
 * codes all give the same answer (nothing about other people leaks) and count
 * against the account's and the global attempt limits.
 */
export async function checkCode(
  deps: LinkingDeps,
  telegramUserId: number,
  typed: string,
  messenger: Messenger = 'telegram',
): Promise<CodeCheck> {
  const accountHash = await accountHashOf(deps.ds, telegramUserId, deps.hashKey, messenger);
  const limit = await checkAttemptLimits(deps.rateLimiter, accountHash, deps.limits);
  if (limit.blocked) return { kind: 'limited', retryAt: limit.retryAt };
  const canonical = normalizeCode(typed);
  if (!canonical) return { kind: 'malformed' };
  const keys = [deps.hashKey, ...(deps.previousHashKeys ?? [])];
  const hashes = keys.map((k) => hashCode(canonical, k));
  const inv = await findUsableInvitation(deps.ds.manager, hashes, deps.clock.now());
  if (!inv) {
    // The user's own code typed again (or the same message handled again): said so, not counted as a failure.
    const used = await redeemedBy(deps.ds.manager, hashes, telegramUserId, messenger);
    if (used) return { kind: 'alreadyLinked', summary: await summarize(deps.ds, used) };
    await recordFailedAttempt(deps.rateLimiter, accountHash);
    await deps.ds.transaction((em) => audit(em, accountActor(accountHash), 'link.failedAttempt'));
    return { kind: 'invalid' };
  }
  const summary = await summarize(deps.ds, inv);
  if (await activeLinkFor(deps.ds, telegramUserId, messenger, inv)) return { kind: 'alreadyLinked', summary };
  return { kind: 'ok', summary };
}

export type RedeemResult =
  | { kind: 'invalid' }
  | {
      kind: 'linked';
      linkId: number;
      role: LinkRole;
      studentId: number | null;
      staffId: number | null;
      schoolId: number;
      /** The class of a class teacher's code, to name in the welcome. */
      className: string | null;
    };

/**
 * Links the account by the code (after consent where needed). The invitation
 * row is locked, so of two simultaneous attempts exactly one links.
 */
export async function redeemInvitation(
  deps: LinkingDeps,
  input: { telegramUserId: number; chatId: number; codeHash: string; consentGiven: boolean; messenger?: Messenger },
): Promise<RedeemResult> {
  const messenger = input.messenger ?? 'telegram';
  return deps.ds.transaction(async (em) => {
    const accountHash = await accountHashOf(em, input.telegramUserId, deps.hashKey, messenger);
    const actor = accountActor(accountHash);
    const now = deps.clock.now();
    const inv = await findUsableInvitation(em, input.codeHash, now, true);
    if (!inv) {
      // The same redemption again (an update handled twice): the link it made, nothing new.
      const used = await redeemedBy(em, input.codeHash, input.telegramUserId, messenger);
      return used?.linkId ? linked(em, used, used.linkId) : { kind: 'invalid' as const };
    }
    if (needsConsent(inv.role) && !input.consentGiven) return { kind: 'invalid' as const };
    if (needsConsent(inv.role))
      await em.insert(ConsentEntity, {
        schoolId: inv.schoolId,
        accountHash,
        invitationId: inv.id,
        studentId: inv.studentId,
        role: inv.role,
        decision: 'granted',
        textVersion: CONSENT_TEXT_VERSION,
      });
    const ins = await em.insert(LinkEntity, {
      schoolId: inv.schoolId,
      messenger,
      telegramUserId: String(input.telegramUserId),
      chatId: String(input.chatId),
      accountHash,
      role: inv.role,
      studentId: inv.studentId,
      guardianId: inv.guardianId,
      staffId: inv.staffId,
      invitationId: inv.id,
    });
    const linkId = ins.identifiers[0].id as number;
    await em.update(InvitationEntity, { id: inv.id }, { usedAt: now, linkId });
    // A new link starts a clean page: a compromise reported earlier was about the old access.
    await em.query(
      `INSERT INTO account ("accountHash", "telegramUserId", "activeStudentId", "keyId", messenger) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("accountHash") DO UPDATE SET "telegramUserId" = EXCLUDED."telegramUserId", "compromisedAt" = NULL,
         messenger = EXCLUDED.messenger,
         "activeStudentId" = COALESCE(EXCLUDED."activeStudentId", account."activeStudentId")`,
      [accountHash, String(input.telegramUserId), inv.studentId, keyId(deps.hashKey), messenger],
    );
    await audit(
      em,
      actor,
      'link.created',
      { type: 'link', id: linkId },
      { role: inv.role, studentId: inv.studentId, staffId: inv.staffId, invitationId: inv.id },
    );
    return linked(em, inv, linkId);
  });
}

async function linked(em: EntityManager, inv: Invitation, linkId: number): Promise<RedeemResult> {
  const [cls] = inv.classId ? await em.query(`SELECT name FROM school_class WHERE id = $1`, [inv.classId]) : [];
  return {
    kind: 'linked' as const,
    linkId,
    role: inv.role,
    studentId: inv.studentId,
    staffId: inv.staffId,
    schoolId: inv.schoolId,
    className: (cls?.name as string | undefined) ?? null,
  };
}

/** Records a refusal of consent: nothing is linked, the code stays usable in case the family changes its mind. */
export async function recordConsentRefusal(
  deps: LinkingDeps,
  input: { telegramUserId: number; codeHash: string; messenger?: Messenger },
): Promise<boolean> {
  return deps.ds.transaction(async (em) => {
    const accountHash = await accountHashOf(em, input.telegramUserId, deps.hashKey, input.messenger ?? 'telegram');
    const inv = await findUsableInvitation(em, input.codeHash, deps.clock.now());
    if (!inv) return false;
    await em.insert(ConsentEntity, {
      schoolId: inv.schoolId,
      accountHash,
      invitationId: inv.id,
      studentId: inv.studentId,
      role: inv.role,
      decision: 'refused',
      textVersion: CONSENT_TEXT_VERSION,
    });
    await audit(em, accountActor(accountHash), 'consent.refused', { type: 'invitation', id: inv.id });
    return true;
  });
}
