import type { DataSource } from 'typeorm';
import { addDays, weekday } from '../core/calendar.js';
import { hashAccount } from '../core/linking/codes.js';

/** The teacher's Telegram id in the benchmark. */
export const TEACHER_USER = 777_000_001;

export interface BenchClass {
  schoolId: number;
  classId: number;
  subjectId: number;
  workKindIds: number[];
  lessonIds: number[];
  /** The last lesson, today: open to the teacher, where the saves go. */
  openLessonId: number;
  studentIds: number[];
  from: string;
  to: string;
  marks: number;
}

/**
 * A class of 30 students with 70 lessons of one subject (one a school day,
 * the last today) and 2,000 marks of the school's work kinds, written in bulk
 * into the demo school, its teacher linked to TEACHER_USER as the chat's
 * linking would leave it.
 */
export async function writeBenchClass(ds: DataSource, schoolId: number, today: string, hashKey: string) {
  const [year] = await ds.query(
    `SELECT id FROM academic_year WHERE "schoolId" = $1 ORDER BY ("startsOn" <= $2) DESC, "startsOn" DESC LIMIT 1`,
    [schoolId, today],
  );
  const [c] = await ds.query(
    `INSERT INTO school_class ("schoolId", "academicYearId", grade, letter, name) VALUES ($1, $2, 8, 'Я', '8Я') RETURNING id`,
    [schoolId, year.id],
  );
  const students: { id: number }[] = await ds.query(
    `INSERT INTO student ("schoolId", "classId", "lastName", "firstName")
     SELECT $1, $2, 'Ученик' || lpad(i::text, 2, '0'), 'Имя' || i FROM generate_series(1, 30) AS i RETURNING id`,
    [schoolId, c.id],
  );
  const [staff] = await ds.query(
    `INSERT INTO staff ("schoolId", "lastName", "firstName") VALUES ($1, 'Бенчмаркова', 'Вера') RETURNING id`,
    [schoolId],
  );
  await ds.query(`INSERT INTO staff_role ("schoolId", "staffId", role) VALUES ($1, $2, 'teacher')`, [
    schoolId,
    staff.id,
  ]);
  const [subject] = await ds.query(`SELECT id FROM subject WHERE "schoolId" = $1 ORDER BY id LIMIT 1`, [schoolId]);
  const kinds: { id: number }[] = await ds.query(`SELECT id FROM work_kind WHERE "schoolId" = $1 ORDER BY id`, [
    schoolId,
  ]);
  const dates = [today];
  for (let d = addDays(today, -1); dates.length < 70; d = addDays(d, -1)) if (weekday(d) <= 5) dates.push(d);
  dates.reverse();
  const lessons: { id: number }[] = await ds.query(
    `INSERT INTO lesson ("schoolId", "classId", "subjectId", "teacherId", date, slot, "startsAt", "endsAt", topic, "updatedBy")
     SELECT $1, $2, $3, $4, d::date, 3, '10:00', '10:45', 'Тема ' || n, 'cli:bench'
       FROM unnest($5::text[]) WITH ORDINALITY AS x(d, n) ORDER BY n RETURNING id`,
    [schoolId, c.id, subject.id, staff.id, dates],
  );
  // 2,000 marks: lesson by lesson, student by student, the work kinds in turn.
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    student: students[i % 30].id,
    lesson: lessons[Math.floor(i / 30)].id,
    date: dates[Math.floor(i / 30)],
    kind: kinds[Math.floor(i / 30) % kinds.length].id,
    value: String(2 + ((i * 7) % 4)),
  }));
  await ds.query(
    `INSERT INTO mark ("schoolId", "studentId", "subjectId", "lessonId", "workKindId", date, value, "teacherId", "updatedBy")
     SELECT $1, s, $2, l, k, d::date, v, $3, 'cli:bench'
       FROM unnest($4::int[], $5::int[], $6::int[], $7::text[], $8::text[]) AS x(s, l, k, d, v)`,
    [
      schoolId,
      subject.id,
      staff.id,
      rows.map((r) => r.student),
      rows.map((r) => r.lesson),
      rows.map((r) => r.kind),
      rows.map((r) => r.date),
      rows.map((r) => r.value),
    ],
  );
  await ds.query(
    `INSERT INTO attendance ("schoolId", "studentId", "lessonId", status, reason, "updatedBy")
     SELECT $1, s, l, 'absent', 'illness', 'cli:bench' FROM unnest($2::int[], $3::int[]) AS x(s, l)`,
    [schoolId, lessons.slice(0, 60).map((_, i) => students[(i * 11) % 30].id), lessons.slice(0, 60).map((l) => l.id)],
  );
  await linkTeacher(ds, schoolId, staff.id, hashKey);
  return {
    schoolId,
    classId: c.id as number,
    subjectId: subject.id as number,
    workKindIds: kinds.map((k) => k.id),
    lessonIds: lessons.map((l) => l.id),
    openLessonId: lessons[lessons.length - 1].id,
    studentIds: students.map((s) => s.id),
    from: dates[0],
    to: today,
    marks: rows.length,
  } satisfies BenchClass;
}

/** The teacher's link, as the invitation flow leaves it (code used, account known). */
async function linkTeacher(ds: DataSource, schoolId: number, staffId: number, hashKey: string): Promise<void> {
  const accountHash = hashAccount(TEACHER_USER, hashKey);
  const [inv] = await ds.query(
    `INSERT INTO invitation ("schoolId", "codeHash", role, "staffId", "issuedBy", "expiresAt", "usedAt")
     VALUES ($1, md5(random()::text), 'teacher', $2, 'cli:bench', now() + interval '1 day', now()) RETURNING id`,
    [schoolId, staffId],
  );
  await ds.query(
    `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "staffId", "invitationId")
     VALUES ($1, $2, $2, $3, 'teacher', $4, $5)`,
    [schoolId, TEACHER_USER, accountHash, staffId, inv.id],
  );
  await ds.query(
    `INSERT INTO account ("accountHash", "telegramUserId") VALUES ($1, $2) ON CONFLICT ("accountHash") DO NOTHING`,
    [accountHash, TEACHER_USER],
  );
}
