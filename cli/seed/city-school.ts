import type { EntityManager } from 'typeorm';
import { hashAccount } from '../../core/linking/codes.js';
import { keyId } from '../../core/linking/keys.js';
import { demo } from './data.js';

/**
 * One school of the city (`seed --city`), written in a dozen set-based statements: the rows are generated
 * by PostgreSQL itself (generate_series, joins) or passed as arrays (unnest), never one INSERT per row.
 * Deterministic: the same school on every run. No outbox events and no audit rows (history, like the demo's
 * bulk term); every mark gets its mark_history 'created' row and every row the seed's `updatedBy`.
 */
export interface CitySchoolPlan {
  /** 1-based number of the school in the city. */
  number: number;
  students: number;
  /** Monday of the first week of journal and the last school day with marks ("today"). */
  from: string;
  today: string;
  /** Last day of lessons (with homework): the week after today's, so tomorrow has its digest. */
  until: string;
  /** Key of the account hashes (CODE_HASH_KEY): the linked families' accounts. */
  hashKey: string;
}

/** Rows written per table. */
export type CityRows = Record<string, number>;

export const CITY_EXTERNAL_PREFIX = 'city-school-';
/** Synthetic Telegram accounts of the city's linked guardians: chat id = this + guardian id. */
export const CITY_CHAT_BASE = 9_000_000_000;
const BY = 'cli:seed';
const CLASS_SIZE = 25;
const LETTERS = 'АБВГДЕЖИКЛМНОПРСТУФХ';
const SLOTS = 5;

/** `WITH x AS (<insert … RETURNING 1>) SELECT count(*)`: the number of rows a statement wrote. */
async function count(em: EntityManager, insert: string, params: unknown[]): Promise<number> {
  const [r] = await em.query(`WITH x AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM x`, params);
  return r.n as number;
}

async function writeYear(em: EntityManager, p: CitySchoolPlan, rows: CityRows) {
  const [school] = await em.query(
    `INSERT INTO school (name, "shortName", timezone, settings, "externalId") VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      `МБОУ «Средняя общеобразовательная школа № ${p.number}»`,
      `СОШ № ${p.number}`,
      demo.school.timezone,
      { thresholds: demo.school.thresholds },
      `${CITY_EXTERNAL_PREFIX}${p.number}`,
    ],
  );
  const s = school.id as number;
  const [year] = await em.query(
    `INSERT INTO academic_year ("schoolId", name, "startsOn", "endsOn") VALUES ($1, $2, $3, $4) RETURNING id`,
    [s, demo.year.name, demo.year.startsOn, demo.year.endsOn],
  );
  const y = year.id as number;
  const col = <T>(xs: T[], f: (x: T) => unknown) => xs.map(f);
  const ps = demo.periods;
  rows.period = await count(
    em,
    `INSERT INTO period ("schoolId", "academicYearId", kind, number, name, "startsOn", "endsOn")
     SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::text[], $6::date[], $7::date[])`,
    [
      s,
      y,
      col(ps, (x) => x.kind),
      col(ps, (x) => x.number),
      col(ps, (x) => x.name),
      col(ps, (x) => x.startsOn),
      col(ps, (x) => x.endsOn),
    ],
  );
  const hs = demo.holidays;
  rows.holiday = await count(
    em,
    `INSERT INTO holiday ("schoolId", "academicYearId", name, "startsOn", "endsOn")
     SELECT $1, $2, * FROM unnest($3::text[], $4::date[], $5::date[])`,
    [s, y, col(hs, (x) => x.name), col(hs, (x) => x.startsOn), col(hs, (x) => x.endsOn)],
  );
  const subj = demo.subjects;
  rows.subject = await count(
    em,
    `INSERT INTO subject ("schoolId", name, "shortName") SELECT $1, * FROM unnest($2::text[], $3::text[])`,
    [s, col(subj, (x) => x.name), col(subj, (x) => x.shortName)],
  );
  const wk = demo.workKinds;
  rows.work_kind = await count(
    em,
    `INSERT INTO work_kind ("schoolId", code, name, weight) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::numeric[])`,
    [s, col(wk, (x) => x.code), col(wk, (x) => x.name), col(wk, (x) => x.weight)],
  );
  rows.school = 1;
  rows.academic_year = 1;
  return { schoolId: s, yearId: y };
}

/** Classes of 25 in grades 2–11 (grade 1 keeps no marks), a class teacher each, and subject teachers. */
async function writeClassesAndStaff(em: EntityManager, p: CitySchoolPlan, s: number, y: number, rows: CityRows) {
  const classes = Math.ceil(p.students / CLASS_SIZE);
  const grades = Array.from({ length: classes }, (_, i) => 2 + (i % 10));
  const letters = Array.from({ length: classes }, (_, i) => LETTERS[Math.floor(i / 10) % LETTERS.length]);
  rows.school_class = await count(
    em,
    `INSERT INTO school_class ("schoolId", "academicYearId", grade, letter, name)
     SELECT $1, $2, g, l, g || l FROM unnest($3::int[], $4::text[]) AS x(g, l)`,
    [s, y, grades, letters],
  );
  const { names } = demo;
  rows.staff = await count(
    em,
    `INSERT INTO staff ("schoolId", "lastName", "firstName", "middleName", "externalId")
     SELECT $1, ($2::text[])[1 + (i * 7) % cardinality($2::text[])], ($3::text[])[1 + (i * 3) % cardinality($3::text[])],
            ($4::text[])[1 + (i * 5) % cardinality($4::text[])], 'city-staff-' || i
       FROM generate_series(1, $5::int) AS i`,
    [s, names.surnames.map((x) => x[1]), names.adultFemale, names.adultMale.map((x) => x[2]), classes + 10],
  );
  rows.staff_role = await count(
    em,
    `INSERT INTO staff_role ("schoolId", "staffId", role, "classId")
     SELECT $1, id, 'teacher', NULL FROM staff WHERE "schoolId" = $1
     UNION ALL
     SELECT $1, st.id, 'classTeacher', c.id
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM school_class WHERE "schoolId" = $1) c
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM staff WHERE "schoolId" = $1) st ON st.n = c.n
     UNION ALL
     SELECT $1, min(id), 'director', NULL FROM staff WHERE "schoolId" = $1`,
    [s],
  );
}

/** Students spread over the classes; a mother for each, a father for three in five; families linked. */
async function writeFamilies(em: EntityManager, p: CitySchoolPlan, s: number, rows: CityRows) {
  const { names } = demo;
  rows.student = await count(
    em,
    `INSERT INTO student ("schoolId", "classId", "lastName", "firstName", "middleName", "birthDate", "externalId")
     SELECT $1, c.id, ($2::text[])[1 + (i * 7 + i % 2) % cardinality($2::text[])],
            CASE WHEN i % 2 = 0 THEN ($3::text[])[1 + (i / 2) % cardinality($3::text[])]
                 ELSE ($4::text[])[1 + (i / 2) % cardinality($4::text[])] END,
            ($5::text[])[1 + i % cardinality($5::text[])],
            make_date(2026 - c.grade - 7, 9, 1) + (i * 37) % 360, 'city-student-' || i
       FROM generate_series(0, $6::int - 1) AS i
       JOIN (SELECT id, grade, row_number() OVER (ORDER BY id) - 1 AS n FROM school_class WHERE "schoolId" = $1) c
         ON c.n = i % (SELECT count(*) FROM school_class WHERE "schoolId" = $1)`,
    [s, names.surnames.flat(), names.childMale, names.childFemale, names.adultMale.map((x) => x[1]), p.students],
  );
  rows.guardian = await count(
    em,
    `INSERT INTO guardian ("schoolId", "lastName", "firstName", "middleName", phone, "externalId")
     SELECT $1, st."lastName", ($2::text[])[1 + (st.id + r) % cardinality($2::text[])], 'Ивановна',
            '+7 900 ' || lpad((st.id % 1000)::text, 3, '0') || '-' || lpad((st.id % 97)::text, 2, '0') || '-0' || r,
            'city-guardian-' || st.id || '-' || r
       FROM student st CROSS JOIN generate_series(1, 2) AS r
      WHERE st."schoolId" = $1 AND (r = 1 OR st.id % 5 < 3)`,
    [s, names.adultFemale],
  );
  rows.student_guardian = await count(
    em,
    `INSERT INTO student_guardian ("studentId", "guardianId", relation)
     SELECT split_part("externalId", '-', 3)::int, id, CASE split_part("externalId", '-', 4) WHEN '1' THEN 'mother' ELSE 'father' END
       FROM guardian WHERE "schoolId" = $1`,
    [s],
  );
  await linkFamilies(em, p, s, rows);
}

/** Every guardian has linked a (synthetic) Telegram account: the digest and the views have recipients. */
async function linkFamilies(em: EntityManager, p: CitySchoolPlan, s: number, rows: CityRows) {
  const pairs: { studentId: number; guardianId: number }[] = await em.query(
    `SELECT sg."studentId", sg."guardianId" FROM student_guardian sg JOIN guardian g ON g.id = sg."guardianId"
      WHERE g."schoolId" = $1 ORDER BY sg."guardianId"`,
    [s],
  );
  const users = pairs.map((x) => CITY_CHAT_BASE + x.guardianId);
  const [linked] = await em.query(
    `WITH x AS (SELECT * FROM unnest($2::int[], $3::int[], $4::bigint[], $5::text[]) AS x(s, g, u, h)),
     inv AS (
       INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "issuedBy", "expiresAt", "usedAt")
       SELECT $1, md5('city-' || x.u || '-' || x.s), 'guardian', x.s, x.g, $6, now() + interval '14 days', now() FROM x
       RETURNING id, "studentId", "guardianId"),
     l AS (INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "invitationId")
     SELECT $1, x.u, x.u, x.h, 'guardian', x.s, x.g, inv.id FROM x JOIN inv ON inv."studentId" = x.s AND inv."guardianId" = x.g
       RETURNING id, "invitationId"),
     a AS (INSERT INTO account ("accountHash", "telegramUserId", "activeStudentId", "keyId")
           SELECT DISTINCT ON (x.h) x.h, x.u, x.s, $7 FROM x ORDER BY x.h, x.s ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM l`,
    [
      s,
      pairs.map((x) => x.studentId),
      pairs.map((x) => x.guardianId),
      users,
      users.map((u) => hashAccount(u, p.hashKey)),
      BY,
      keyId(p.hashKey),
    ],
  );
  // The invitations were used by these links (a statement's own inserts are not visible to its UPDATE).
  await em.query(
    `UPDATE invitation i SET "linkId" = l.id FROM link l WHERE l."invitationId" = i.id AND l."schoolId" = $1`,
    [s],
  );
  rows.invitation = rows.link = linked.n as number;
  rows.account = new Set(users).size;
}

/** Five lessons a school day (Monday–Friday, holidays off) for every class, with topic and homework. */
async function writeLessons(em: EntityManager, p: CitySchoolPlan, s: number, rows: CityRows) {
  const subjects = demo.subjects.filter((x) => !/чтение|Окружающий/.test(x.name)).map((x) => x.name);
  rows.lesson = await count(
    em,
    `INSERT INTO lesson ("schoolId", "classId", "subjectId", "teacherId", date, slot, "startsAt", "endsAt", room, topic,
                         homework, "homeworkSetAt", "updatedBy")
     SELECT $1, c.id, sj.id, t.id, d::date, slot, time '08:30' + (slot - 1) * interval '55 minutes',
            time '09:15' + (slot - 1) * interval '55 minutes', (100 + c.n)::text, 'Тема урока ' || slot,
            '§ ' || (1 + (c.n + extract(doy FROM d)::int + slot) % 40) || ', упр. ' || (1 + (c.n * 3 + slot) % 30),
            d::date + time '15:00', $6
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM school_class WHERE "schoolId" = $1) c
      CROSS JOIN generate_series($3::date, $4::date, interval '1 day') AS d
      CROSS JOIN generate_series(1, $5::int) AS slot
       JOIN subject sj ON sj."schoolId" = $1
        AND sj.name = ($2::text[])[1 + (c.n + extract(isodow FROM d)::int * 3 + slot * 7) % cardinality($2::text[])]
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM staff WHERE "schoolId" = $1) t
         ON t.n = 1 + (c.n + slot) % (SELECT count(*) FROM staff WHERE "schoolId" = $1)
      WHERE extract(isodow FROM d) < 6
        AND NOT EXISTS (SELECT 1 FROM holiday h WHERE h."schoolId" = $1 AND d::date BETWEEN h."startsOn" AND h."endsOn")`,
    [s, subjects, p.from, p.until, SLOTS, BY],
  );
}

/** About three marks a lesson up to today (mostly 4s and 5s), each with its history row; a few absences. */
async function writeMarks(em: EntityManager, p: CitySchoolPlan, s: number, rows: CityRows) {
  const [r] = await em.query(
    `WITH m AS (
       INSERT INTO mark ("schoolId", "studentId", "subjectId", "lessonId", "workKindId", date, value, "teacherId",
                         "updatedBy", "createdAt", "updatedAt")
       SELECT $1, st.id, l."subjectId", l.id, wk.id, l.date,
              (ARRAY['5','5','5','5','5','5','5','4','4','4','4','4','4','4','3','3','3','3','2','5'])[1 + (st.id * 31 + l.id) % 20],
              l."teacherId", $4, (l.date + l."endsAt") AT TIME ZONE $3, (l.date + l."endsAt") AT TIME ZONE $3
         FROM lesson l JOIN student st ON st."classId" = l."classId"
         JOIN work_kind wk ON wk."schoolId" = $1 AND wk.code = (ARRAY['oral','classwork','homework','independent','test'])[1 + (l.id + st.id) % 5]
        WHERE l."schoolId" = $1 AND l.date <= $2::date AND (st.id + l.id * 7) % 9 = 0
       RETURNING id, value, "createdAt"),
     h AS (INSERT INTO mark_history ("markId", action, "newValue", actor, at)
           SELECT id, 'created', value, $4, "createdAt" FROM m RETURNING 1)
     SELECT (SELECT count(*) FROM m)::int AS marks, (SELECT count(*) FROM h)::int AS history`,
    [s, p.today, demo.school.timezone, BY],
  );
  rows.mark = r.marks;
  rows.mark_history = r.history;
  rows.attendance = await count(
    em,
    `INSERT INTO attendance ("schoolId", "studentId", "lessonId", status, reason, "updatedBy")
     SELECT $1, st.id, l.id, CASE WHEN (st.id + l.id) % 4 = 0 THEN 'late' ELSE 'absent' END,
            (ARRAY['illness','excused','unexcused','unknown'])[1 + (st.id + l.id) % 4], $3
       FROM lesson l JOIN student st ON st."classId" = l."classId"
      WHERE l."schoolId" = $1 AND l.date <= $2::date AND (st.id * 13 + l.id) % 89 = 0`,
    [s, p.today, BY],
  );
}

/** Writes one school in the caller's transaction; returns its id and the rows written per table. */
export async function writeCitySchool(
  em: EntityManager,
  p: CitySchoolPlan,
): Promise<{ schoolId: number; rows: CityRows }> {
  const rows: CityRows = {};
  const { schoolId, yearId } = await writeYear(em, p, rows);
  await writeClassesAndStaff(em, p, schoolId, yearId, rows);
  await writeFamilies(em, p, schoolId, rows);
  await writeLessons(em, p, schoolId, rows);
  await writeMarks(em, p, schoolId, rows);
  return { schoolId, rows };
}
