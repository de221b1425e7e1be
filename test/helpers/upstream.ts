import type { DataSource } from 'typeorm';
import { ReferenceFeedServer, type ChangeInput } from '../../cli/feed/server.js';
import type { AccessProfile } from '../../core/access/profile.js';
import { createLogger } from '../../core/logger.js';
import { processMarkWindows, processNextEvent } from '../../core/notifications/outbox.js';
import { upsertSchool } from '../../core/school/structure.js';
import { teacherLessons } from '../../core/today/index.js';
import type { FeedClient } from '../../jobs/feed-client/index.js';
import { FEED_TOKEN, feedClient, until } from './feed.js';
import { addLink, NOTIFY_HASH_KEY } from './notifications.js';

/**
 * A school fed by the reference e-journal over a real WebSocket, for teachers' entries (protocol v2): a class
 * 5А with two students (Анна's mother a guardian), maths taught by t1, lessons today and on a closed date,
 * a closed and an open quarter. `world()` starts the server and the client and waits for the first sync.
 */
export const TODAY = '2026-11-23';
const year = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };
const lesson = (key: string, date: string, slot: number): ChangeInput => ({
  event: 'lesson.set',
  externalId: key,
  data: { class: 'c5a', subject: 'maths', teacher: 't1', date, slot, startsAt: '08:30', endsAt: '09:15' },
});
const quarter = (n: number, startsOn: string, endsOn: string): ChangeInput => ({
  event: 'period.set',
  externalId: `q${n}`,
  data: { year, kind: 'quarter', number: n, name: `${n} четверть`, startsOn, endsOn },
});
/** 5А, maths with its oral work kind, the teacher t1, the students s1 (Анна) and s2, Анна's mother g1. */
export const classAndPeople: ChangeInput[] = [
  { event: 'class.set', externalId: 'c5a', data: { grade: 5, letter: 'А', year } },
  { event: 'subject.set', externalId: 'maths', data: { name: 'Математика' } },
  { event: 'workKind.set', externalId: 'oral', data: { code: 'oral', name: 'Устный ответ', weight: 1 } },
  {
    event: 'staff.set',
    externalId: 't1',
    data: { lastName: 'Кузнецов', firstName: 'Олег', roles: [{ role: 'teacher' }] },
  },
  { event: 'student.set', externalId: 's1', data: { class: 'c5a', lastName: 'Иванова', firstName: 'Анна' } },
  { event: 'student.set', externalId: 's2', data: { class: 'c5a', lastName: 'Петров', firstName: 'Пётр' } },
  {
    event: 'guardian.set',
    externalId: 'g1',
    data: { lastName: 'Иванова', firstName: 'Мария', children: [{ student: 's1', relation: 'мать' }] },
  },
];
export const structure: ChangeInput[] = [
  ...classAndPeople,
  quarter(1, '2026-09-01', '2026-10-26'),
  quarter(2, '2026-11-05', '2026-12-28'),
  lesson('l1', TODAY, 1),
  lesson('l2', TODAY, 2),
  lesson('l-old', '2026-10-20', 1),
];

export interface World {
  schoolId: number;
  server: ReferenceFeedServer;
  client: FeedClient;
  teacher: AccessProfile;
  ids: { s1: number; s2: number; oral: number; staff: number; classId: number; maths: number; q1: number; q2: number };
  lesson(key: string): Promise<Awaited<ReturnType<typeof teacherLessons>>[number]>;
  /** The teacher's and Анна's mother's chats (their own per school: one account, one profile). */
  chats: { teacher: number; mother: number };
  /** Links those chats (for tests of who is told what). */
  link(): Promise<void>;
}

export async function world(ds: DataSource, school: string, protocol: 1 | 2 = 2, clientDs = ds): Promise<World> {
  const s = await ds.transaction((em) =>
    upsertSchool(
      em,
      { name: school, shortName: school, timezone: 'Europe/Moscow', externalId: school },
      { kind: 'cli', command: 'test' },
    ),
  );
  const server = new ReferenceFeedServer({ protocol, rules: { closedThrough: '2026-10-31' } });
  server.addSchool(school, FEED_TOKEN);
  for (const c of structure) server.publish(school, { ...c, changedAt: '2026-09-01T08:00:00+03:00' });
  await server.listen();
  const client = await feedClient(clientDs, school, server.url, {
    uplinkPollMs: 30,
    answerTimeoutMs: 2000,
    logger: createLogger('error'),
  });
  await until(async () => {
    const [st] = await ds.query(`SELECT "protocolVersion", "liveSince" FROM feed_state WHERE "schoolId" = $1`, [s.id]);
    return !!st?.liveSince && st.protocolVersion === protocol;
  }, 'the first sync');
  const id = async (table: string, ext: string) =>
    Number((await ds.query(`SELECT id FROM ${table} WHERE "schoolId" = $1 AND "externalId" = $2`, [s.id, ext]))[0].id);
  const ids = {
    s1: await id('student', 's1'),
    s2: await id('student', 's2'),
    oral: await id('work_kind', 'oral'),
    staff: await id('staff', 't1'),
    classId: await id('school_class', 'c5a'),
    maths: await id('subject', 'maths'),
    q1: await id('period', 'q1'),
    q2: await id('period', 'q2'),
  };
  const teacher = {
    staff: { staffId: ids.staff, schoolId: s.id, roles: ['teacher'], teachesClasses: [] },
  } as unknown as AccessProfile;
  const chats = { teacher: 910_000 + s.id * 2, mother: 910_001 + s.id * 2 };
  return {
    schoolId: s.id,
    chats,
    server,
    client,
    teacher,
    ids,
    lesson: async (key) => {
      const lessonId = await id('lesson', key);
      const date = key === 'l-old' ? '2026-10-20' : TODAY;
      return (await teacherLessons(ds, ids.staff, date)).find((l) => l.lessonId === lessonId)!;
    },
    link: async () => {
      await addLink(ds, { schoolId: s.id, userId: chats.teacher, role: 'teacher', staffId: ids.staff });
      const guardianId = await id('guardian', 'g1');
      await addLink(ds, { schoolId: s.id, userId: chats.mother, role: 'guardian', studentId: ids.s1, guardianId });
    },
  };
}

export async function done(w: World): Promise<void> {
  await w.client.stop();
  await w.server.close();
}

export const entries = (ds: DataSource, schoolId: number) =>
  ds.query(
    `SELECT "clientId", kind, status, code, reason, theirs, after FROM feed_entry WHERE "schoolId" = $1 ORDER BY id`,
    [schoolId],
  );

/** Plans every due outbox event (marks with no correction window), as the delivery worker does. */
export async function drain(ds: DataSource): Promise<void> {
  // Outbox rows become available at the database's clock, so the worker's side runs on the real one.
  const deps = {
    ds,
    clock: { now: () => new Date(Date.now() + 60_000) },
    timezone: 'Europe/Moscow',
    hashKey: NOTIFY_HASH_KEY,
    defaultQuietHours: 'off',
    correctionWindowMs: 0,
  };
  while (await processNextEvent(deps));
  while (await processMarkWindows(deps));
}

/** The messages planned for a chat: their kind and text. */
export const messagesTo = (ds: DataSource, chatId: number) =>
  ds.query(`SELECT kind, text FROM notification_delivery WHERE "chatId" = $1 ORDER BY id`, [String(chatId)]);
