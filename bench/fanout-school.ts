import type { DataSource } from 'typeorm';
import { recordAttendance, upsertLesson } from '../core/journal/index.js';
import { hashAccount } from '../core/linking/codes.js';
import * as s from '../core/school/structure.js';

/**
 * The class of bench/fanout.ts: `chats` students of 9Ф, each linked to a chat
 * of their own, and six physics lessons (five today, one tomorrow).
 */
export const actor = { kind: 'cli' as const, command: 'bench' };

async function writeStructure(ds: DataSource) {
  return ds.transaction(async (em) => {
    const school = await s.upsertSchool(
      em,
      { name: `Fan-out bench ${Date.now()}`, shortName: 'Bench', timezone: 'Europe/Moscow' },
      actor,
    );
    const year = await s.upsertAcademicYear(
      em,
      { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
      actor,
    );
    const c = await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 9, letter: 'Ф' }, actor);
    const subject = await s.upsertSubject(em, { schoolId: school.id, name: 'Физика' }, actor);
    const teacher = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Ньютонов', firstName: 'Исаак' }, actor);
    return { school, c, subject, teacher };
  });
}

export type FanoutClass = Awaited<ReturnType<typeof writeClass>>;

/** The class, its students linked to chats, and the lessons of today and tomorrow. */
export async function writeClass(ds: DataSource, chats: number, hashKey: string, today: string, tomorrow: string) {
  const f = await writeStructure(ds);
  const firstChat = 800_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const chatIds = Array.from({ length: chats }, (_, i) => firstChat + i);
  const students: { id: number }[] = await ds.query(
    `INSERT INTO student ("schoolId", "classId", "lastName", "firstName") SELECT $1, $2, 'Фамилия' || i, 'Ученик' || i FROM generate_series(1, $3) i RETURNING id`,
    [f.school.id, f.c.id, chats],
  );
  const invitations: { id: number }[] = await ds.query(
    `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "issuedBy", "expiresAt", "usedAt")
       SELECT $1, md5(random()::text || s), 'student', s, 'cli:bench', now() + interval '1 day', now() FROM unnest($2::int[]) s RETURNING id`,
    [f.school.id, students.map((x) => x.id)],
  );
  await ds.query(
    `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "invitationId")
       SELECT $1, u, u, h, 'student', s, inv FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[]) AS x(u, h, s, inv)`,
    [
      f.school.id,
      chatIds,
      chatIds.map((u) => hashAccount(u, hashKey)),
      students.map((x) => x.id),
      invitations.map((x) => x.id),
    ],
  );
  const lessons = [];
  for (let slot = 1; slot <= 6; slot++)
    lessons.push(
      (
        await upsertLesson(
          ds,
          {
            schoolId: f.school.id,
            classId: f.c.id,
            subjectId: f.subject.id,
            teacherId: f.teacher.id,
            date: slot === 6 ? tomorrow : today,
            slot,
            startsAt: `${String(7 + slot).padStart(2, '0')}:00`,
            endsAt: `${String(7 + slot).padStart(2, '0')}:45`,
          },
          actor,
        )
      ).lesson,
    );
  return { ...f, chatIds, students, lessons };
}

/**
 * The workload, written before the worker starts so the drain is the worker's alone:
 * absences first (several messages per chat, paced 1 s apart), then the broadcast.
 */
export async function writeWorkload(ds: DataSource, f: FanoutClass, repeat: number, tomorrow: string) {
  const { students, lessons } = f;
  for (let i = 0; i < repeat; i++)
    for (const l of lessons.slice(1, 5))
      await recordAttendance(
        ds,
        { schoolId: f.school.id, studentId: students[i].id, lessonId: l.id, status: 'absent', reason: 'unknown' },
        actor,
      );
  await upsertLesson(
    ds,
    {
      schoolId: f.school.id,
      classId: f.c.id,
      subjectId: f.subject.id,
      teacherId: f.teacher.id,
      date: tomorrow,
      slot: 6,
      startsAt: '13:00',
      endsAt: '13:45',
      cancelled: true,
      lessonId: lessons[5].id,
    },
    actor,
  );
}
