import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { authorizeClass, authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { issueInvitation, revokeInvitations } from '../linking/invitations.js';
import { addDays, mondayOf, wallClock } from '../calendar.js';
import { audit, inTransaction } from '../unit-of-work.js';
import { recordAttendance } from '../journal/attendance.js';
import { mayOnClass } from '../access/policy.js';

/**
 * The class teacher's desk (/class, issue 8): who of the class's families is
 * connected, their invitation codes (issue for those without access,
 * reissue after a compromise, revoke), how regularly each family opens the
 * diary (seed 000 §3.5), and the week's absences still lacking a reason.
 */

/** First-graders get no code of their own; their parents do (as the seed). */
const STUDENT_CODES_FROM_GRADE = 2;

export interface RosterPerson {
  role: 'guardian' | 'student';
  guardianId: number | null;
  name: string;
  linked: boolean;
  openCodes: number;
}
export interface RosterRow {
  studentId: number;
  name: string;
  people: RosterPerson[];
}

/** Every student of the class with its guardians (and itself from grade 2): linked or not, open codes. */
/** The class's students and their families; `now` decides which unused codes are still open. */
export async function classRoster(q: Db, classId: number, now: Date): Promise<RosterRow[]> {
  const rows: {
    studentId: number;
    student: string;
    grade: number;
    guardianId: number | null;
    guardian: string | null;
    role: 'guardian' | 'student';
    linked: boolean;
    open: number;
  }[] = await q.query(
    `WITH kids AS (SELECT st.id, st."lastName" || ' ' || st."firstName" AS name, c.grade FROM student st JOIN school_class c ON c.id = st."classId" WHERE st."classId" = $1 AND st.active),
     people AS (
       SELECT k.id AS "studentId", k.name AS student, k.grade, sg."guardianId", g."lastName" || ' ' || g."firstName" AS guardian, 'guardian' AS role
         FROM kids k JOIN student_guardian sg ON sg."studentId" = k.id JOIN guardian g ON g.id = sg."guardianId"
       UNION ALL
       SELECT k.id, k.name, k.grade, NULL, NULL, 'student' FROM kids k WHERE k.grade >= $2)
     SELECT p.*,
            EXISTS (SELECT 1 FROM link l WHERE l."studentId" = p."studentId" AND l.role = p.role AND l."guardianId" IS NOT DISTINCT FROM p."guardianId" AND l."revokedAt" IS NULL) AS linked,
            (SELECT count(*)::int FROM invitation i WHERE i."studentId" = p."studentId" AND i.role = p.role AND i."guardianId" IS NOT DISTINCT FROM p."guardianId"
                AND i."usedAt" IS NULL AND i."revokedAt" IS NULL AND i."expiresAt" > $3) AS open
       FROM people p ORDER BY p.student, p."studentId", p.role, p.guardian`,
    [classId, STUDENT_CODES_FROM_GRADE, now],
  );
  const out = new Map<number, RosterRow>();
  for (const r of rows) {
    const row = out.get(r.studentId) ?? { studentId: r.studentId, name: r.student, people: [] };
    row.people.push({
      role: r.role,
      guardianId: r.guardianId,
      name: r.role === 'guardian' ? r.guardian! : r.student,
      linked: r.linked,
      openCodes: r.open,
    });
    out.set(r.studentId, row);
  }
  return [...out.values()];
}

export interface IssuedCard {
  code: string;
  role: 'guardian' | 'student';
  name: string;
  student: string;
  className: string;
}

/**
 * New codes for the family members of the class (or of one student) who are
 * not connected; their earlier unused codes are revoked first (a lost or
 * compromised card stops working). One transaction; the codes are returned
 * once, for the printable cards.
 */
export async function issueFamilyCodes(
  ds: DataSource,
  p: AccessProfile,
  target: { classId: number } | { studentId: number },
  opts: { hashKey: string; ttlDays: number; now: Date },
): Promise<IssuedCard[] | null> {
  const student = 'studentId' in target ? await authorizeStudent(ds, p, 'view', target.studentId) : null;
  const classId = 'classId' in target ? target.classId : student?.classId;
  const cls = classId ? await authorizeClass(ds, p, 'manageAccess', classId) : null;
  if (!cls || !p.staff || ('studentId' in target && !student)) return null;
  const actor: Actor = { kind: 'staff', staffId: p.staff.staffId };
  const roster = (await classRoster(ds, cls.classId, opts.now)).filter(
    (r) => !('studentId' in target) || r.studentId === target.studentId,
  );
  return inTransaction(ds, async (em) => {
    const out: IssuedCard[] = [];
    for (const r of roster)
      for (const person of r.people.filter((x) => !x.linked)) {
        await em.query(
          `UPDATE invitation SET "revokedAt" = now() WHERE "studentId" = $1 AND role = $2 AND "guardianId" IS NOT DISTINCT FROM $3 AND "usedAt" IS NULL AND "revokedAt" IS NULL`,
          [r.studentId, person.role, person.guardianId],
        );
        const { code } = await issueInvitation(
          em,
          {
            schoolId: cls.schoolId,
            role: person.role,
            studentId: r.studentId,
            guardianId: person.guardianId,
            ttlDays: opts.ttlDays,
            now: opts.now,
          },
          actor,
          opts.hashKey,
        );
        out.push({ code, role: person.role, name: person.name, student: r.name, className: cls.name });
      }
    await audit(
      em,
      actor,
      'desk.codesIssued',
      { type: 'schoolClass', id: cls.classId },
      { codes: out.length, studentId: 'studentId' in target ? target.studentId : null },
    );
    return out;
  });
}

/** Revokes the unused codes of one student's family; null when not allowed. */
export async function revokeFamilyCodes(ds: DataSource, p: AccessProfile, studentId: number): Promise<number | null> {
  const s = await authorizeStudent(ds, p, 'view', studentId);
  if (!s || !p.staff || !(await authorizeClass(ds, p, 'manageAccess', s.classId))) return null;
  const ids: { id: number }[] = await ds.query(
    `SELECT id FROM invitation WHERE "studentId" = $1 AND "usedAt" IS NULL AND "revokedAt" IS NULL`,
    [studentId],
  );
  let n = 0;
  for (const { id } of ids)
    n += await revokeInvitations(
      ds,
      { schoolId: s.schoolId, invitationId: id },
      { kind: 'staff', staffId: p.staff.staffId },
    );
  return n;
}

// ── how regularly families look ───────────────────────────────────────────────

/** A look at the diary within this long of the previous one is the same visit. */
export const VISIT_GAP_MINUTES = 30;

/** Records a look at a child's diary by an account (counted once per visit, per day). */
export async function recordDiaryVisit(
  q: Db,
  accountHash: string,
  studentId: number,
  now: Date,
  timeZone: string,
): Promise<void> {
  await q.query(
    `INSERT INTO diary_visit ("accountHash", "studentId", day, visits, "lastAt") VALUES ($1, $2, $3, 1, $4)
     ON CONFLICT ("accountHash", "studentId", day) DO UPDATE
       SET visits = diary_visit.visits + CASE WHEN diary_visit."lastAt" < $4::timestamptz - make_interval(mins => $5) THEN 1 ELSE 0 END, "lastAt" = $4`,
    [accountHash, studentId, wallClock(timeZone, now).date, now, VISIT_GAP_MINUTES],
  );
}

export interface ViewsRow {
  studentId: number;
  name: string;
  connected: number;
  lastAt: Date | null;
  visits30: number;
}

/** Per student of the class: connected family accounts, their last look and visits in the last 30 days. */
export async function familyViews(q: Db, classId: number, now: Date, timeZone: string): Promise<ViewsRow[]> {
  const since = addDays(wallClock(timeZone, now).date, -29);
  return q.query(
    `SELECT st.id AS "studentId", st."lastName" || ' ' || st."firstName" AS name,
            (SELECT count(DISTINCT l."accountHash")::int FROM link l WHERE l."studentId" = st.id AND l.role IN ('guardian', 'student') AND l."revokedAt" IS NULL) AS connected,
            (SELECT max(v."lastAt") FROM diary_visit v WHERE v."studentId" = st.id) AS "lastAt",
            (SELECT coalesce(sum(v.visits), 0)::int FROM diary_visit v WHERE v."studentId" = st.id AND v.day >= $2) AS visits30
       FROM student st WHERE st."classId" = $1 AND st.active ORDER BY visits30, st."lastName", st."firstName"`,
    [classId, since],
  );
}

// ── the week's absences ───────────────────────────────────────────────────────

export interface WeekAbsence {
  studentId: number;
  name: string;
  lessons: number;
  byReason: Record<string, number>;
  unknown: { lessonId: number; date: string; slot: number; subject: string }[];
}

/** Absences of the class this week (Monday … `today`), per student, with the lessons still lacking a reason. */
export async function weekAbsences(
  q: Db,
  classId: number,
  today: string,
): Promise<{ from: string; to: string; rows: WeekAbsence[] }> {
  const from = mondayOf(today);
  const rows: {
    studentId: number;
    name: string;
    lessonId: number;
    date: string;
    slot: number;
    subject: string;
    reason: string;
  }[] = await q.query(
    `SELECT st.id AS "studentId", st."lastName" || ' ' || st."firstName" AS name, l.id AS "lessonId", l.date::text AS date, l.slot, su.name AS subject, a.reason
       FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN student st ON st.id = a."studentId" JOIN subject su ON su.id = l."subjectId"
      WHERE st."classId" = $1 AND a.status = 'absent' AND l.date BETWEEN $2 AND $3 ORDER BY st."lastName", st."firstName", l.date, l.slot`,
    [classId, from, today],
  );
  const out = new Map<number, WeekAbsence>();
  for (const r of rows) {
    const w = out.get(r.studentId) ?? { studentId: r.studentId, name: r.name, lessons: 0, byReason: {}, unknown: [] };
    w.lessons++;
    w.byReason[r.reason] = (w.byReason[r.reason] ?? 0) + 1;
    if (r.reason === 'unknown')
      w.unknown.push({ lessonId: r.lessonId, date: r.date, slot: r.slot, subject: r.subject });
    out.set(r.studentId, w);
  }
  return { from, to: today, rows: [...out.values()] };
}

/** Reasons a class teacher records in the weekly review (seed 000 §3.5). */
export const REVIEW_REASONS = ['illness', 'excused', 'unexcused'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/**
 * The class teacher records one reason for a student's absences of this week
 * that have none (or for one of them: `lessonId`, the Mini App's glance), each
 * through core/journal (its `absence.recorded` event). Returns how many
 * lessons got it; null when not allowed.
 */
export async function recordWeekReasons(
  ds: DataSource,
  p: AccessProfile,
  studentId: number,
  reason: ReviewReason,
  today: string,
  lessonId?: number,
): Promise<number | null> {
  const s = await authorizeStudent(ds, p, 'view', studentId);
  if (!s || !p.staff || !mayOnClass(p, 'decideAbsence', s)) return null;
  const rows: { lessonId: number; comment: string | null }[] = await ds.query(
    `SELECT a."lessonId", a.comment FROM attendance a JOIN lesson l ON l.id = a."lessonId"
      WHERE a."studentId" = $1 AND a.status = 'absent' AND a.reason = 'unknown' AND l.date BETWEEN $2 AND $3
        AND ($4::int IS NULL OR l.id = $4) ORDER BY l.date, l.slot`,
    [studentId, mondayOf(today), today, lessonId ?? null],
  );
  for (const r of rows)
    await recordAttendance(
      ds,
      { schoolId: s.schoolId, studentId, lessonId: r.lessonId, status: 'absent', reason, comment: r.comment },
      { kind: 'staff', staffId: p.staff.staffId },
    );
  return rows.length;
}
