import type { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, StaffEntity } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { authorizeClass, authorizeStudent, mayOnClass } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { appendEvent, audit, type Db } from '../unit-of-work.js';

const self = (p: AccessProfile): Actor => ({ kind: 'account', accountHash: p.accountHash });

/**
 * Ends links. The Telegram ids are erased from the rows (152-ФЗ: nothing kept
 * without a purpose); the audit keeps only the account hash. Consents given
 * through these links are marked withdrawn.
 */
async function endLinks(
  em: EntityManager,
  where: { sql: string; params: unknown[] },
  reason: string,
  by: string,
): Promise<{ id: number; accountHash: string; studentId: number | null; schoolId: number; invitationId: number }[]> {
  const rows = await em.query(
    `UPDATE link SET "revokedAt" = now(), "revokedBy" = $1, "revokeReason" = $2, "telegramUserId" = NULL, "chatId" = NULL
      WHERE "revokedAt" IS NULL AND ${where.sql}
      RETURNING id, "accountHash", "studentId", "schoolId", "invitationId"`,
    [by, reason, ...where.params],
  );
  const ended = rows[0] as {
    id: number;
    accountHash: string;
    studentId: number | null;
    schoolId: number;
    invitationId: number;
  }[];
  if (ended.length)
    await em.query(
      `UPDATE consent SET "withdrawnAt" = now() WHERE "withdrawnAt" IS NULL AND "invitationId" = ANY($1)`,
      [ended.map((l) => l.invitationId)],
    );
  return ended;
}

/**
 * The account's own links: by its row's hash and by its Telegram id, so links
 * made under an earlier CODE_HASH_KEY end too.
 */
const ownLinks = (p: AccessProfile) => ({
  sql: `("accountHash" = $3 OR (messenger = $5 AND "telegramUserId" = $4))`,
  params: [p.accountHash, String(p.telegramUserId), p.messenger],
});

/** Forgets the account's Telegram id once it has no active link left. */
async function forgetAccountIfUnlinked(em: EntityManager, accountHash: string): Promise<void> {
  await em.query(
    `UPDATE account SET "telegramUserId" = NULL, "activeStudentId" = NULL
      WHERE "accountHash" = $1 AND NOT EXISTS (SELECT 1 FROM link WHERE "accountHash" = $1 AND "revokedAt" IS NULL)`,
    [accountHash],
  );
}

/** /logout: the account unlinks itself from everyone it was linked to. */
export async function logout(ds: DataSource, p: AccessProfile): Promise<number> {
  return ds.transaction(async (em) => {
    const ended = await endLinks(em, ownLinks(p), 'logout', `account:${p.accountHash}`);
    await forgetAccountIfUnlinked(em, p.accountHash);
    await audit(em, self(p), 'link.logout', undefined, { links: ended.map((l) => l.id) });
    return ended.length;
  });
}

/**
 * «Мой доступ скомпрометирован» (003 §3.3–3.4): every link ends at once, the
 * report time is recorded, anything the account did from then on is void in
 * the audit, and the class teachers of its children are told (outbox event).
 */
export async function reportCompromise(
  ds: DataSource,
  p: AccessProfile,
  reportedAt: Date,
): Promise<{ reportedAt: Date; classTeachersToTell: number }> {
  return ds.transaction(async (em) => {
    const ended = await endLinks(em, ownLinks(p), 'compromise', `account:${p.accountHash}`);
    await em.update(AccountEntity, { accountHash: p.accountHash }, { compromisedAt: reportedAt });
    await forgetAccountIfUnlinked(em, p.accountHash);
    await audit(em, self(p), 'access.compromiseReported', undefined, { links: ended.map((l) => l.id) });
    await em.query(`UPDATE audit_log SET void = true WHERE actor = $1 AND at > $2`, [
      `account:${p.accountHash}`,
      reportedAt,
    ]);
    let told = 0;
    for (const schoolId of new Set(ended.map((l) => l.schoolId))) {
      const mine = ended.filter((l) => l.schoolId === schoolId && l.studentId).map((l) => l.studentId!);
      if (!mine.length) continue;
      const teachers: { staffId: number }[] = await em.query(
        `SELECT DISTINCT r."staffId" FROM staff_role r JOIN student st ON st."classId" = r."classId"
          WHERE r.role = 'classTeacher' AND st.id = ANY($1)`,
        [mine],
      );
      told += teachers.length;
      await appendEvent(em, schoolId, 'access.compromised', {
        studentIds: mine,
        classTeacherIds: teachers.map((t) => t.staffId),
        reportedAt: reportedAt.toISOString(),
        linksEnded: ended.length,
      });
    }
    return { reportedAt, classTeachersToTell: told };
  });
}

/** A guardian of several children picks whom the answers are about. */
export async function switchActiveChild(ds: DataSource, p: AccessProfile, studentId: number): Promise<boolean> {
  const s = await authorizeStudent(ds, p, 'actAsGuardian', studentId);
  if (!s) return false;
  await ds.getRepository(AccountEntity).update({ accountHash: p.accountHash }, { activeStudentId: studentId });
  return true;
}

export interface ClassLinkRow {
  linkId: number;
  role: string;
  studentId: number;
  studentName: string;
  guardianName: string | null;
  linkedAt: Date;
}

/** The families' and students' links of a class, for its class teacher or the administrator. */
export async function listClassLinks(
  ds: DataSource,
  p: AccessProfile,
  classId: number,
): Promise<ClassLinkRow[] | null> {
  const c = await authorizeClass(ds, p, 'manageAccess', classId);
  if (!c) return null;
  const rows: ClassLinkRow[] = await ds.query(
    `SELECT l.id AS "linkId", l.role, st.id AS "studentId", st."lastName" || ' ' || st."firstName" AS "studentName",
            CASE WHEN g.id IS NULL THEN NULL ELSE g."lastName" || ' ' || g."firstName" END AS "guardianName",
            l."createdAt" AS "linkedAt"
       FROM link l JOIN student st ON st.id = l."studentId" LEFT JOIN guardian g ON g.id = l."guardianId"
      WHERE st."classId" = $1 AND l."revokedAt" IS NULL
      ORDER BY st."lastName", st."firstName", l.id`,
    [classId],
  );
  await ds.transaction((em) =>
    audit(em, { kind: 'staff', staffId: p.staff!.staffId }, 'class.linksViewed', { type: 'schoolClass', id: classId }),
  );
  return rows;
}

/**
 * /class: a class's links with what the screen shows about the class itself;
 * null when the account may not manage that class.
 */
export async function classLinksScreen(ds: DataSource, p: AccessProfile, classId: number) {
  const rows = await listClassLinks(ds, p, classId);
  if (!rows) return null;
  const c = (await authorizeClass(ds, p, 'manageAccess', classId))!;
  const target = { classId, schoolId: c.schoolId };
  return {
    classId,
    className: c.name,
    rows,
    mayPrint: mayOnClass(p, 'print', target),
    mayManageGroup: mayOnClass(p, 'manageGroup', target),
  };
}

/** A family's link as its class teacher (or the administrator) sees it before ending it; null if they may not. */
export async function linkToRevoke(
  ds: DataSource,
  p: AccessProfile,
  linkId: number,
): Promise<{ role: string; student: string } | null> {
  if (!p.staff || !Number.isSafeInteger(linkId) || linkId <= 0) return null;
  const [row] = await ds.query(
    `SELECT l.role, st."classId", st."lastName" || ' ' || st."firstName" AS student FROM link l JOIN student st ON st.id = l."studentId"
      WHERE l.id = $1 AND l."revokedAt" IS NULL`,
    [linkId],
  );
  if (!row || !(await authorizeClass(ds, p, 'manageAccess', row.classId))) return null;
  return { role: row.role, student: row.student };
}

/** A class teacher (of that class) or the administrator ends one family's link. */
export async function revokeLinkByStaff(ds: DataSource, p: AccessProfile, linkId: number): Promise<boolean> {
  if (!p.staff || !Number.isSafeInteger(linkId) || linkId <= 0) return false;
  const [row] = await ds.query(
    `SELECT l.id, st."classId", st."schoolId" FROM link l JOIN student st ON st.id = l."studentId"
      WHERE l.id = $1 AND l."revokedAt" IS NULL`,
    [linkId],
  );
  if (!row || !(await authorizeClass(ds, p, 'manageAccess', row.classId))) return false;
  const actor: Actor = { kind: 'staff', staffId: p.staff.staffId };
  return ds.transaction(async (em) => {
    const ended = await endLinks(
      em,
      { sql: `id = $3`, params: [linkId] },
      'revokedByStaff',
      `staff:${p.staff!.staffId}`,
    );
    for (const l of ended) await forgetAccountIfUnlinked(em, l.accountHash);
    await audit(em, actor, 'link.revoked', { type: 'link', id: linkId });
    return ended.length === 1;
  });
}

/** The contract ended (002 §4.3): the staff member loses every access at once. */
export async function deactivateStaff(db: Db, staffId: number, actor: Actor): Promise<{ linksEnded: number } | null> {
  return db.transaction(async (em) => {
    const res = await em.update(StaffEntity, { id: staffId }, { active: false });
    if (!res.affected) return null;
    const ended = await endLinks(em, { sql: `"staffId" = $3`, params: [staffId] }, 'staffDeactivated', actorKey(actor));
    for (const l of ended) await forgetAccountIfUnlinked(em, l.accountHash);
    await em.query(
      `UPDATE invitation SET "revokedAt" = now() WHERE "staffId" = $1 AND "usedAt" IS NULL AND "revokedAt" IS NULL`,
      [staffId],
    );
    await audit(em, actor, 'staff.deactivated', { type: 'staff', id: staffId }, { linksEnded: ended.length });
    return { linksEnded: ended.length };
  });
}

/** /mydata: everything stored about this account, for the 152-ФЗ right of access. */
export async function exportMyData(ds: DataSource, p: AccessProfile, now: Date) {
  const [account] = await ds.query(
    `SELECT "accountHash", "activeStudentId", "compromisedAt", "createdAt" FROM account WHERE "accountHash" = $1`,
    [p.accountHash],
  );
  const links = await ds.query(
    `SELECT id, role, "studentId", "staffId", "createdAt", "revokedAt", "revokeReason" FROM link WHERE "accountHash" = $1 ORDER BY id`,
    [p.accountHash],
  );
  const consents = await ds.query(
    `SELECT role, "studentId", decision, "textVersion", at, "withdrawnAt" FROM consent WHERE "accountHash" = $1 ORDER BY id`,
    [p.accountHash],
  );
  const auditRows = await ds.query(
    `SELECT at, action, entity, "entityId", void FROM audit_log WHERE actor = $1 ORDER BY id DESC LIMIT 500`,
    [`account:${p.accountHash}`],
  );
  return {
    exportedAt: now.toISOString(),
    telegramUserId: p.telegramUserId,
    messenger: p.messenger,
    account: account ?? null,
    children: p.children.map((c) => ({
      studentId: c.studentId,
      name: `${c.lastName} ${c.firstName}`,
      class: c.className,
      via: c.via,
    })),
    staff: p.staff ? { name: `${p.staff.lastName} ${p.staff.firstName}`, roles: p.staff.roles } : null,
    links,
    consents,
    auditTrail: auditRows,
  };
}
