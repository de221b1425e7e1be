import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashAccount } from '../../core/linking/codes.js';
import type { LinkRole } from '../../db/entities/index.js';

export const NOTIFY_HASH_KEY = 'notify-test-key-0123456789';

/**
 * A link as the linking flow leaves it (invitation used, consent given, chat
 * known), written directly: notification tests need many of them fast.
 */
export async function addLink(
  ds: DataSource,
  l: { schoolId: number; userId: number; role: LinkRole; studentId?: number; guardianId?: number; staffId?: number },
  hashKey = NOTIFY_HASH_KEY,
): Promise<number> {
  const accountHash = hashAccount(l.userId, hashKey);
  const [inv] = await ds.query(
    `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "staffId", "issuedBy", "expiresAt", "usedAt")
     VALUES ($1, $2, $3, $4, $5, $6, 'cli:test', now() + interval '1 day', now()) RETURNING id`,
    [l.schoolId, randomBytes(16).toString('hex'), l.role, l.studentId ?? null, l.guardianId ?? null, l.staffId ?? null],
  );
  const [link] = await ds.query(
    `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "staffId", "invitationId")
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [l.schoolId, l.userId, accountHash, l.role, l.studentId ?? null, l.guardianId ?? null, l.staffId ?? null, inv.id],
  );
  await ds.query(
    `INSERT INTO account ("accountHash", "telegramUserId") VALUES ($1, $2) ON CONFLICT ("accountHash") DO NOTHING`,
    [accountHash, l.userId],
  );
  return link.id;
}

/** A class of `n` students, each with one guardian linked from chat `firstChat + i`. */
export async function bigClass(
  ds: DataSource,
  schoolId: number,
  academicYearId: number,
  n: number,
  firstChat: number,
): Promise<{ classId: number; chats: number[] }> {
  const [c] = await ds.query(
    `INSERT INTO school_class ("schoolId", "academicYearId", grade, letter, name) VALUES ($1, $2, 9, 'Ж', '9Ж') RETURNING id`,
    [schoolId, academicYearId],
  );
  const chats = Array.from({ length: n }, (_, i) => firstChat + i);
  const students: { id: number }[] = await ds.query(
    `INSERT INTO student ("schoolId", "classId", "lastName", "firstName")
     SELECT $1, $2, 'Ученик' || i, 'Имя' || i FROM generate_series(1, $3) AS i RETURNING id`,
    [schoolId, c.id, n],
  );
  const guardians: { id: number }[] = await ds.query(
    `INSERT INTO guardian ("schoolId", "lastName", "firstName") SELECT $1, 'Родитель' || i, 'Имя' || i FROM generate_series(1, $2) AS i RETURNING id`,
    [schoolId, n],
  );
  await ds.query(
    `INSERT INTO student_guardian ("studentId", "guardianId", relation) SELECT * FROM unnest($1::int[], $2::int[], $3::text[])`,
    [students.map((s) => s.id), guardians.map((g) => g.id), students.map(() => 'mother')],
  );
  const invitations: { id: number }[] = await ds.query(
    `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "issuedBy", "expiresAt", "usedAt")
     SELECT $1, md5(random()::text || s), 'guardian', s, g, 'cli:test', now() + interval '1 day', now()
       FROM unnest($2::int[], $3::int[]) AS x(s, g) RETURNING id`,
    [schoolId, students.map((s) => s.id), guardians.map((g) => g.id)],
  );
  await ds.query(
    `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "invitationId")
     SELECT $1, u, u, h, 'guardian', s, g, inv FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[], $6::int[]) AS x(u, h, s, g, inv)`,
    [
      schoolId,
      chats,
      chats.map((u) => hashAccount(u, NOTIFY_HASH_KEY)),
      students.map((s) => s.id),
      guardians.map((g) => g.id),
      invitations.map((i) => i.id),
    ],
  );
  return { classId: c.id, chats };
}
