import type { DataSource, EntityManager } from 'typeorm';
import type { Messenger } from '../messenger.js';
import { In, IsNull } from 'typeorm';
import { InvitationEntity, type Invitation, type LinkRole } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { ValidationError } from '../errors.js';
import { audit } from '../unit-of-work.js';
import { generateCode, hashCode } from './codes.js';
import { keyId } from './keys.js';

export interface IssueInvitationInput {
  schoolId: number;
  role: LinkRole;
  studentId?: number | null;
  guardianId?: number | null;
  staffId?: number | null;
  classId?: number | null;
  /** Days until the code expires: the caller's INVITATION_TTL_DAYS, or a shorter one it chose. */
  ttlDays: number;
  /** When it is issued (the caller's clock): the code expires ttlDays later. */
  now: Date;
}

function checkShape(i: IssueInvitationInput): void {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new ValidationError(`an invitation for role ${i.role} needs ${what}`);
  };
  switch (i.role) {
    case 'guardian':
      return need(!!i.studentId && !!i.guardianId, 'studentId and guardianId');
    case 'student':
      return need(!!i.studentId, 'studentId');
    case 'classTeacher':
      return need(!!i.staffId && !!i.classId, 'staffId and classId');
    default:
      return need(!!i.staffId, 'staffId');
  }
}

/**
 * Issues a personal, single-use, expiring code. Only its keyed hash is stored;
 * the code is returned once, to be printed or handed over by the class teacher.
 */
export async function issueInvitation(
  em: EntityManager,
  input: IssueInvitationInput,
  actor: Actor,
  /** The current CODE_HASH_KEY (core/linking/keys.ts). */
  key: string,
): Promise<{ code: string; invitation: Invitation }> {
  checkShape(input);
  if (input.staffId) {
    // A staff code grants a role the person actually holds (the policy reads staff_role anyway).
    const [held] = await em.query(
      `SELECT 1 FROM staff_role r JOIN staff s ON s.id = r."staffId"
        WHERE r."staffId" = $1 AND s.active AND s."schoolId" = $2 AND r.role = $3 AND r."classId" IS NOT DISTINCT FROM $4`,
      [input.staffId, input.schoolId, input.role, input.role === 'classTeacher' ? input.classId : null],
    );
    if (!held)
      throw new ValidationError(
        `staff member ${input.staffId} does not hold the role ${input.role}${input.role === 'classTeacher' ? ` of class ${input.classId}` : ''}`,
      );
  }
  const code = generateCode();
  if (!Number.isInteger(input.ttlDays) || input.ttlDays < 1)
    throw new ValidationError(`an invitation needs a whole number of days ≥ 1 to live, not ${input.ttlDays}`);
  const issuedAt = input.now;
  const expiresAt = new Date(issuedAt.getTime() + input.ttlDays * 24 * 3600 * 1000);
  const ins = await em.insert(InvitationEntity, {
    schoolId: input.schoolId,
    codeHash: hashCode(code.replace(/-/g, ''), key),
    keyId: keyId(key),
    role: input.role,
    studentId: input.studentId ?? null,
    guardianId: input.guardianId ?? null,
    staffId: input.staffId ?? null,
    classId: input.classId ?? null,
    issuedBy: actorKey(actor),
    issuedAt,
    expiresAt,
  });
  const invitation = await em.findOneByOrFail(InvitationEntity, { id: ins.identifiers[0].id as number });
  await audit(
    em,
    actor,
    'invitation.issued',
    { type: 'invitation', id: invitation.id },
    { role: input.role, studentId: input.studentId ?? null, staffId: input.staffId ?? null },
  );
  return { code, invitation };
}

/** Revokes unused invitations (by id, or every unused one of a class); returns how many. */
export async function revokeInvitations(
  ds: DataSource,
  where: { schoolId: number; invitationId?: number; classId?: number },
  actor: Actor,
): Promise<number> {
  return ds.transaction(async (em) => {
    const qb = em
      .createQueryBuilder()
      .update(InvitationEntity)
      .set({ revokedAt: () => 'now()' })
      .where('"schoolId" = :s AND "usedAt" IS NULL AND "revokedAt" IS NULL', { s: where.schoolId });
    if (where.invitationId) qb.andWhere('id = :id', { id: where.invitationId });
    if (where.classId)
      qb.andWhere(`("classId" = :c OR "studentId" IN (SELECT id FROM student WHERE "classId" = :c))`, {
        c: where.classId,
      });
    const res = await qb.returning('id').execute();
    const ids = (res.raw as { id: number }[]).map((r) => r.id);
    for (const id of ids) await audit(em, actor, 'invitation.revoked', { type: 'invitation', id });
    return ids.length;
  });
}

/**
 * A code's invitation if it can still be used now; null for wrong, used, revoked or expired codes alike.
 * Several hashes: the code hashed under each key still accepted (current and previous).
 */
export async function findUsableInvitation(
  em: EntityManager,
  codeHash: string | readonly string[],
  now: Date,
  lock = false,
): Promise<Invitation | null> {
  const hashes = typeof codeHash === 'string' ? [codeHash] : [...codeHash];
  const inv = await em.findOne(InvitationEntity, {
    where: { codeHash: In(hashes), usedAt: IsNull(), revokedAt: IsNull() },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!inv || inv.expiresAt.getTime() <= now.getTime()) return null;
  return inv;
}

/**
 * The invitation this Telegram user already redeemed with the code (their link is still active): the same
 * redemption asked again, as when Telegram re-sends an update whose replica died before answering.
 */
export async function redeemedBy(
  em: EntityManager,
  codeHash: string | readonly string[],
  telegramUserId: number,
  messenger: Messenger = 'telegram',
): Promise<Invitation | null> {
  const hashes = typeof codeHash === 'string' ? [codeHash] : [...codeHash];
  const [row] = await em.query(
    `SELECT i.id FROM invitation i JOIN link l ON l.id = i."linkId"
      WHERE i."codeHash" = ANY($1) AND l.messenger = $3 AND l."telegramUserId" = $2 AND l."revokedAt" IS NULL`,
    [hashes, String(telegramUserId), messenger],
  );
  return row ? em.findOneBy(InvitationEntity, { id: row.id }) : null;
}
