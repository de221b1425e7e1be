import type { ClassGroup } from '../../db/entities/index.js';
import type { Db } from '../unit-of-work.js';
import type { Messenger } from '../messenger.js';

/** Reads of `class_group` rows: by class, by chat (active rows only; a chat is (messenger, chat id)). */
export const ACTIVE = `"unlinkedAt" IS NULL`;

export interface GroupRow extends ClassGroup {
  className: string;
  grade: number;
}

const COLUMNS = `g.*, c.name AS "className", c.grade`;

function normalize(r: GroupRow | undefined): GroupRow | null {
  return r ? { ...r, chatId: String(r.chatId) } : null;
}

export async function groupOfClass(db: Db, classId: number): Promise<GroupRow | null> {
  const [r] = await db.query(
    `SELECT ${COLUMNS} FROM class_group g JOIN school_class c ON c.id = g."classId" WHERE g."classId" = $1 AND g.${ACTIVE}`,
    [classId],
  );
  return normalize(r);
}

export async function groupOfChat(db: Db, chatId: number | string, messenger: Messenger): Promise<GroupRow | null> {
  const [r] = await db.query(
    `SELECT ${COLUMNS} FROM class_group g JOIN school_class c ON c.id = g."classId"
      WHERE g."chatId" = $1 AND g.messenger = $2 AND g.${ACTIVE}`,
    [chatId, messenger],
  );
  return normalize(r);
}

export async function groupById(db: Db, id: number): Promise<GroupRow | null> {
  const [r] = await db.query(
    `SELECT ${COLUMNS} FROM class_group g JOIN school_class c ON c.id = g."classId" WHERE g.id = $1`,
    [id],
  );
  return normalize(r);
}

/** Groups that take a kind of message: linked, reachable, and that kind switched on. */
export async function receivingGroups(
  db: Db,
  where: { classIds: number[] } | { schoolId: number; grade?: number },
  option: 'mirrorAnnouncements' | 'eveningPost',
): Promise<GroupRow[]> {
  const rows: GroupRow[] =
    'classIds' in where
      ? await db.query(
          `SELECT ${COLUMNS} FROM class_group g JOIN school_class c ON c.id = g."classId"
            WHERE g."classId" = ANY($1) AND g.${ACTIVE} AND g."inactiveReason" IS NULL AND g."${option}" ORDER BY g.id`,
          [where.classIds],
        )
      : await db.query(
          `SELECT ${COLUMNS} FROM class_group g JOIN school_class c ON c.id = g."classId"
            WHERE g."schoolId" = $1 AND ($2::int IS NULL OR c.grade = $2) AND g.${ACTIVE} AND g."inactiveReason" IS NULL
              AND g."${option}" ORDER BY g.id`,
          [where.schoolId, where.grade ?? null],
        );
  return rows.map((r) => normalize(r)!);
}
