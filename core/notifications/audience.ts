import type { StudentInfo } from '../access/policy.js';
import type { DataSource } from 'typeorm';
import { childOf, mayOnClass, mayOnStudent } from '../access/policy.js';
import { loadAccessProfile, loadAccessProfiles, type AccessProfile } from '../access/profile.js';
import type { Messenger } from '../messenger.js';

/**
 * Who may receive a notification: the account behind each active link is
 * loaded as the bot loads it on an update (core/access/profile.ts) and asked
 * the policy. Families get their own child's news, and only as the child's
 * guardian or the student (never through a staff role); staff get staff news
 * for classes they manage. Only private chats: personal data never goes to a group.
 */

/** The student an event is about (the same shape the policy returns). */
export type StudentRef = StudentInfo;

export interface Recipient {
  linkId: number;
  /** The messenger `chatId` is a chat of (the link's). */
  messenger: Messenger;
  chatId: string;
  accountHash: string;
  schoolId: number;
  /** The child the message is about (family news). */
  student: StudentRef | null;
  profile: AccessProfile;
}

/** A user in one messenger: the key of a cached profile. */
export interface UserRef {
  messenger: Messenger;
  telegramUserId: string;
}
const keyOf = (u: UserRef) => `${u.messenger}:${u.telegramUserId}`;

/** Profiles loaded once per batch of events. */
export class ProfileCache {
  private readonly profiles = new Map<string, Promise<AccessProfile>>();
  constructor(
    private readonly ds: DataSource,
    private readonly hashKey: string,
  ) {}
  /** Loads many profiles in a few queries per messenger (a class or a school at once). */
  async prefetch(users: UserRef[]): Promise<void> {
    const missing = users.filter((u) => !this.profiles.has(keyOf(u)));
    const messengers = [...new Set(missing.map((u) => u.messenger))];
    const loads = messengers.map((m) => {
      const ids = [...new Set(missing.filter((u) => u.messenger === m).map((u) => u.telegramUserId))];
      const loaded = loadAccessProfiles(this.ds, ids.map(Number), this.hashKey, m);
      for (const id of ids)
        this.profiles.set(
          keyOf({ messenger: m, telegramUserId: id }),
          loaded.then((all) => all.get(Number(id))!),
        );
      return loaded;
    });
    await Promise.all(loads);
  }
  get(u: UserRef): Promise<AccessProfile> {
    let p = this.profiles.get(keyOf(u));
    if (!p) {
      p = loadAccessProfile(this.ds, Number(u.telegramUserId), this.hashKey, u.messenger);
      this.profiles.set(keyOf(u), p);
    }
    return p;
  }
}

interface LinkRow extends StudentRef {
  linkId: number;
  messenger: Messenger;
  chatId: string;
  telegramUserId: string;
  accountHash: string;
}

const LINK_COLUMNS = `l.id AS "linkId", l.messenger, l."chatId", l."telegramUserId", l."accountHash",
  st.id AS "studentId", st."classId", st."schoolId", st."lastName", st."firstName", c.name AS "className", c.grade`;
const ACTIVE_FAMILY_LINK = `l.role IN ('guardian', 'student') AND l."revokedAt" IS NULL AND l."inactiveReason" IS NULL
  AND l."chatId" IS NOT NULL AND l."chatId" > 0 AND l."telegramUserId" IS NOT NULL AND st.active`;

/** Loads the accounts' profiles and keeps the links whose account may see the child as family. */
async function allowedFamilies(rows: LinkRow[], cache: ProfileCache): Promise<Recipient[]> {
  await cache.prefetch(rows.map((r) => ({ messenger: r.messenger, telegramUserId: String(r.telegramUserId) })));
  const out: Recipient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      const profile = await cache.get(r);
      const student: StudentRef = {
        studentId: r.studentId,
        classId: r.classId,
        schoolId: r.schoolId,
        lastName: r.lastName,
        firstName: r.firstName,
        className: r.className,
        grade: r.grade,
      };
      if (!childOf(profile, r.studentId) || !mayOnStudent(profile, 'view', student)) continue;
      if (!profile.links.some((l) => l.id === r.linkId)) continue;
      out.push({
        linkId: r.linkId,
        messenger: r.messenger,
        chatId: String(r.chatId),
        accountHash: r.accountHash,
        schoolId: r.schoolId,
        student,
        profile,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, rows.length) }, worker));
  return out.sort((a, b) => a.linkId - b.linkId);
}

/** The families (guardians' and the students' own links) of these students. */
export async function familiesOf(ds: DataSource, studentIds: number[], cache: ProfileCache): Promise<Recipient[]> {
  if (!studentIds.length) return [];
  const rows: LinkRow[] = await ds.query(
    `SELECT ${LINK_COLUMNS} FROM link l JOIN student st ON st.id = l."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE l."studentId" = ANY($1) AND ${ACTIVE_FAMILY_LINK}`,
    [studentIds],
  );
  return allowedFamilies(rows, cache);
}

/** The families of a class's students (of one subgroup when given). */
export async function familiesOfClass(
  ds: DataSource,
  classId: number,
  subgroupId: number | null,
  cache: ProfileCache,
): Promise<Recipient[]> {
  const rows: LinkRow[] = await ds.query(
    `SELECT ${LINK_COLUMNS} FROM link l JOIN student st ON st.id = l."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE st."classId" = $1 AND ${ACTIVE_FAMILY_LINK}
        AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = $2 AND sm."studentId" = st.id))`,
    [classId, subgroupId],
  );
  return allowedFamilies(rows, cache);
}

/** Every family link of a school (scheduled digests walk them class by class). */
export async function familiesOfSchool(ds: DataSource, schoolId: number, cache: ProfileCache): Promise<Recipient[]> {
  const rows: LinkRow[] = await ds.query(
    `SELECT ${LINK_COLUMNS} FROM link l JOIN student st ON st.id = l."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE st."schoolId" = $1 AND ${ACTIVE_FAMILY_LINK}`,
    [schoolId],
  );
  return allowedFamilies(rows, cache);
}

/**
 * Staff links of these people (or of everyone in the school holding `role`)
 * whose account passes `allowed` — e.g. «manages this class».
 */
export async function staffRecipients(
  ds: DataSource,
  where: { staffIds: number[] } | { schoolId: number; role: string },
  cache: ProfileCache,
  allowed: (p: AccessProfile) => boolean,
): Promise<Recipient[]> {
  const rows: (UserRef & { linkId: number; chatId: string; accountHash: string; schoolId: number })[] =
    'staffIds' in where
      ? await ds.query(
          `SELECT l.id AS "linkId", l.messenger, l."chatId", l."telegramUserId", l."accountHash", l."schoolId" FROM link l JOIN staff s ON s.id = l."staffId"
            WHERE l."staffId" = ANY($1) AND l."revokedAt" IS NULL AND l."inactiveReason" IS NULL AND l."chatId" > 0 AND s.active`,
          [where.staffIds],
        )
      : await ds.query(
          `SELECT l.id AS "linkId", l.messenger, l."chatId", l."telegramUserId", l."accountHash", l."schoolId" FROM link l JOIN staff s ON s.id = l."staffId"
            WHERE s."schoolId" = $1 AND l."revokedAt" IS NULL AND l."inactiveReason" IS NULL AND l."chatId" > 0 AND s.active
              AND EXISTS (SELECT 1 FROM staff_role r WHERE r."staffId" = s.id AND r.role = $2)`,
          [where.schoolId, where.role],
        );
  const out: Recipient[] = [];
  for (const r of rows) {
    const profile = await cache.get(r);
    if (!profile.staff || !allowed(profile)) continue;
    out.push({
      linkId: r.linkId,
      messenger: r.messenger,
      chatId: String(r.chatId),
      accountHash: r.accountHash,
      schoolId: r.schoolId,
      student: null,
      profile,
    });
  }
  return out;
}

export const managesClass = (target: { classId: number; schoolId: number }) => (p: AccessProfile) =>
  mayOnClass(p, 'manageAccess', target);
