import type { DataSource } from 'typeorm';
import { loadAccessProfile, type AccessProfile } from '../core/access/profile.js';
import { hashAccount } from '../core/linking/codes.js';
import * as s from '../core/school/structure.js';

/**
 * The school of bench/announcement.ts: grade 8 of `classes` classes of
 * `perClass` students, each student with two guardians and its own account
 * (three linked chats), and a deputy who writes the announcement.
 */
const actor = { kind: 'cli' as const, command: 'bench' };

export interface Family {
  studentId: number;
  chats: number[];
}

async function writeStructure(ds: DataSource, classes: number) {
  const letters = 'АБВГДЕЖИКЛМН';
  return ds.transaction(async (em) => {
    const school = await s.upsertSchool(
      em,
      { name: `Announcement bench ${Date.now()}`, shortName: 'Bench', timezone: 'Europe/Moscow' },
      actor,
    );
    const year = await s.upsertAcademicYear(
      em,
      { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
      actor,
    );
    const cls = [];
    for (let i = 0; i < classes; i++)
      cls.push(
        await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 8, letter: letters[i] }, actor),
      );
    const deputy = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Завучева', firstName: 'Мария' }, actor);
    await s.addStaffRole(em, { schoolId: school.id, staffId: deputy.id, role: 'deputy' }, actor);
    return { school, cls, deputy };
  });
}

/** A student's two guardians and the student, each linked to a chat of their own. */
async function linkFamily(ds: DataSource, schoolId: number, studentId: number, chats: number[], hashKey: string) {
  const guardians: { id: number }[] = await ds.query(
    `INSERT INTO guardian ("schoolId", "lastName", "firstName") VALUES ($1, 'Родитель', 'Мама'), ($1, 'Родитель', 'Папа') RETURNING id`,
    [schoolId],
  );
  await ds.query(
    `INSERT INTO student_guardian ("studentId", "guardianId", relation) VALUES ($1, $2, 'mother'), ($1, $3, 'father')`,
    [studentId, guardians[0].id, guardians[1].id],
  );
  const people: [string, number | null][] = [
    ['guardian', guardians[0].id],
    ['guardian', guardians[1].id],
    ['student', null],
  ];
  for (let k = 0; k < 3; k++) {
    const [inv] = await ds.query(
      `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "issuedBy", "expiresAt", "usedAt")
             VALUES ($1, md5(random()::text), $2, $3, $4, 'cli:bench', now() + interval '1 day', now()) RETURNING id`,
      [schoolId, people[k][0], studentId, people[k][1]],
    );
    await ds.query(
      `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "invitationId") VALUES ($1, $2, $2, $3, $4, $5, $6, $7)`,
      [schoolId, chats[k], hashAccount(chats[k], hashKey), people[k][0], studentId, people[k][1], inv.id],
    );
  }
}

/** Writes the grade; returns its families and the deputy's access profile. */
export async function writeGrade(
  ds: DataSource,
  classes: number,
  perClass: number,
  hashKey: string,
): Promise<{ families: Family[]; deputy: AccessProfile }> {
  const f = await writeStructure(ds, classes);
  const base = 900_000_000 + Math.floor(Math.random() * 100_000) * 1000;
  let next = base;
  const families: Family[] = [];
  for (const c of f.cls) {
    const students: { id: number }[] = await ds.query(
      `INSERT INTO student ("schoolId", "classId", "lastName", "firstName") SELECT $1, $2, 'Ученик' || i, 'Имя' || i FROM generate_series(1, $3) i RETURNING id`,
      [f.school.id, c.id, perClass],
    );
    for (const st of students) {
      const chats = [next++, next++, next++];
      families.push({ studentId: st.id, chats });
      await linkFamily(ds, f.school.id, st.id, chats, hashKey);
    }
  }
  const deputyChat = next;
  const [inv] = await ds.query(
    `INSERT INTO invitation ("schoolId", "codeHash", role, "staffId", "issuedBy", "expiresAt", "usedAt") VALUES ($1, md5(random()::text), 'deputy', $2, 'cli:bench', now() + interval '1 day', now()) RETURNING id`,
    [f.school.id, f.deputy.id],
  );
  await ds.query(
    `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "staffId", "invitationId") VALUES ($1, $2, $2, $3, 'deputy', $4, $5)`,
    [f.school.id, deputyChat, hashAccount(deputyChat, hashKey), f.deputy.id, inv.id],
  );
  const deputy = await loadAccessProfile(ds, deputyChat, hashKey);
  return { families, deputy };
}
