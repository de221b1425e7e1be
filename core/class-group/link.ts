import { mayOnClass } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { appendEvent, inTransaction, type Db } from '../unit-of-work.js';
import type { Messenger } from '../messenger.js';
import { generateGroupCode, GROUP_CODE_TTL_MS, hashGroupCode, normalizeGroupCode } from './codes.js';
import { ACTIVE, groupOfChat, groupOfClass, type GroupRow } from './store.js';

/**
 * Linking a group to a class: the class teacher (or the administration) takes
 * a one-time code in the private chat and sends it in the group. One group a
 * class (a second one replaces the first after a confirmation), one class a
 * group. A code sent by someone else is void at once and the class teacher is told.
 */
export interface ClassRef {
  classId: number;
  schoolId: number;
  name: string;
}

/** Who may link, unlink and switch the class's group: its class teacher, the deputy, the administrator. */
export const mayManageGroup = (p: AccessProfile | null, c: { classId: number; schoolId: number }) =>
  !!p && mayOnClass(p, 'manageGroup', c);

export async function classRef(db: Db, classId: number): Promise<ClassRef | null> {
  const [c] = await db.query(`SELECT id AS "classId", "schoolId", name FROM school_class WHERE id = $1`, [classId]);
  return c ?? null;
}

/** A fresh code for the class (older unused ones are void); null when this account may not manage the class's group. */
export async function issueGroupCode(db: Db, p: AccessProfile, classId: number, now: Date, hashKey: string) {
  const c = await classRef(db, classId);
  if (!c || !mayManageGroup(p, c) || !p.staff) return null;
  const code = generateGroupCode();
  const expiresAt = new Date(now.getTime() + GROUP_CODE_TTL_MS);
  await inTransaction(db, async (em) => {
    await em.query(`UPDATE class_group_code SET "usedAt" = $2 WHERE "classId" = $1 AND "usedAt" IS NULL`, [
      classId,
      now,
    ]);
    await em.query(
      `INSERT INTO class_group_code ("schoolId", "classId", "staffId", "codeHash", "expiresAt") VALUES ($1, $2, $3, $4, $5)`,
      [c.schoolId, classId, p.staff!.staffId, hashGroupCode(code, hashKey), expiresAt],
    );
  });
  return { code, expiresAt, className: c.name };
}

export interface GroupChat {
  /** A MAX chat and a Telegram chat may have the same number: the chat is the pair. */
  messenger: Messenger;
  chatId: number;
  title: string;
  botUsername: string;
}

export type LinkOutcome =
  | { kind: 'badCode' }
  | { kind: 'refused'; className: string }
  | { kind: 'chatTaken'; className: string }
  | { kind: 'replaceAsk'; codeId: number; className: string }
  | { kind: 'linked'; group: GroupRow; replaced: boolean };

interface CodeRow {
  id: number;
  classId: number;
  schoolId: number;
  staffId: number;
}

async function liveCode(db: Db, where: { hash: string } | { id: number }, now: Date): Promise<CodeRow | null> {
  const [row] = await db.query(
    `SELECT id, "classId", "schoolId", "staffId" FROM class_group_code
      WHERE ${'hash' in where ? `"codeHash" = $1` : `id = $1`} AND "usedAt" IS NULL AND "expiresAt" > $2`,
    ['hash' in where ? where.hash : where.id, now],
  );
  return row ?? null;
}

/** The code sent in a group: links, asks to replace, or refuses (a stranger's attempt voids the code and tells the class teacher). */
export async function linkWithCode(
  db: Db,
  input: { code: string; profile: AccessProfile | null; chat: GroupChat; by: string },
  now: Date,
  hashKey: string,
): Promise<LinkOutcome> {
  const canonical = normalizeGroupCode(input.code);
  const code = canonical ? await liveCode(db, { hash: hashGroupCode(canonical, hashKey) }, now) : null;
  if (!code) return { kind: 'badCode' };
  const c = (await classRef(db, code.classId))!;
  if (!mayManageGroup(input.profile, c)) {
    await inTransaction(db, async (em) => {
      await em.query(`UPDATE class_group_code SET "usedAt" = $2 WHERE id = $1`, [code.id, now]);
      await appendEvent(
        em,
        c.schoolId,
        'classGroup.refused',
        { classId: c.classId, issuerStaffId: code.staffId, chatTitle: input.chat.title, by: input.by },
        { at: now },
      );
    });
    return { kind: 'refused', className: c.name };
  }
  return attach(db, code, c, input, now, false);
}

/** «Заменить» under the question: the code must still be live and the presser allowed. */
export async function confirmReplace(
  db: Db,
  input: { codeId: number; profile: AccessProfile | null; chat: GroupChat; by: string },
  now: Date,
): Promise<LinkOutcome> {
  const code = await liveCode(db, { id: input.codeId }, now);
  if (!code) return { kind: 'badCode' };
  const c = (await classRef(db, code.classId))!;
  if (!mayManageGroup(input.profile, c)) return { kind: 'refused', className: c.name };
  return attach(db, code, c, input, now, true);
}

async function attach(
  db: Db,
  code: CodeRow,
  c: ClassRef,
  input: { profile: AccessProfile | null; chat: GroupChat },
  now: Date,
  replace: boolean,
): Promise<LinkOutcome> {
  const { chatId, messenger } = input.chat;
  const here = await groupOfChat(db, chatId, messenger);
  if (here && here.classId !== c.classId) return { kind: 'chatTaken', className: here.className };
  const current = await groupOfClass(db, c.classId);
  const other = current && (current.chatId !== String(chatId) || current.messenger !== messenger) ? current : null;
  if (other && !replace) return { kind: 'replaceAsk', codeId: code.id, className: c.name };
  await inTransaction(db, async (em) => {
    await em.query(`UPDATE class_group_code SET "usedAt" = $2 WHERE id = $1`, [code.id, now]);
    if (other) await em.query(`UPDATE class_group SET "unlinkedAt" = $2 WHERE id = $1`, [other.id, now]);
    if (here)
      await em.query(
        `UPDATE class_group SET title = $2, "botUsername" = $3, "inactiveReason" = NULL, "linkedAt" = $4, "linkedByStaffId" = $5 WHERE id = $1`,
        [here.id, input.chat.title, input.chat.botUsername, now, input.profile!.staff!.staffId],
      );
    else
      await em.query(
        `INSERT INTO class_group ("schoolId", "classId", "chatId", title, "botUsername", "linkedByStaffId", "linkedAt", messenger)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          c.schoolId,
          c.classId,
          chatId,
          input.chat.title,
          input.chat.botUsername,
          input.profile!.staff!.staffId,
          now,
          messenger,
        ],
      );
  });
  return { kind: 'linked', group: (await groupOfClass(db, c.classId))!, replaced: !!other };
}

/** Ends the class's group link; false when there is none or this account may not. */
export async function unlinkGroup(db: Db, p: AccessProfile | null, classId: number, now: Date): Promise<boolean> {
  const c = await classRef(db, classId);
  if (!c || !mayManageGroup(p, c)) return false;
  const res = await db.query(
    `UPDATE class_group SET "unlinkedAt" = $2 WHERE "classId" = $1 AND ${ACTIVE} RETURNING id`,
    [classId, now],
  );
  return (Array.isArray(res[0]) ? res[0] : res).length > 0;
}

export type GroupOption = 'mirrorAnnouncements' | 'eveningPost' | 'onRequest';

/** Switches one kind of message for the class's group; null when there is no group or this account may not. */
export async function toggleOption(db: Db, p: AccessProfile, classId: number, option: GroupOption) {
  const c = await classRef(db, classId);
  if (!c || !mayManageGroup(p, c)) return null;
  await db.query(`UPDATE class_group SET "${option}" = NOT "${option}" WHERE "classId" = $1 AND ${ACTIVE}`, [classId]);
  return groupOfClass(db, classId);
}
