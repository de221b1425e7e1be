import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessProfile } from '../core/access/profile.js';
import { JournalReadOnlyError } from '../core/feed/entries/mode.js';
import { notifyStaleEntries } from '../core/feed/entries/stale.js';
import { upsertSchool } from '../core/school/structure.js';
import { textsOf } from '../core/texts.js';
import { teacherLessons } from '../core/today/index.js';
import { saveMark } from '../core/today/saves.js';
import { journalRefusal } from '../bot/features/today/entries-view.js';
import type { FeedClient, SocketLike } from '../jobs/feed-client/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, feedClient, until } from './helpers/feed.js';
import { addLink } from './helpers/notifications.js';
import { classAndPeople, drain, messagesTo } from './helpers/upstream.js';

/**
 * Protocol v2 and the upstream queue against a scripted e-journal on mock-socket: the test plays the
 * server's side by hand — what the client sends for a teacher's entry, in which order, and what it does
 * with each answer (accepted, the event back; rejected; no v2 at all).
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const mockSocket = (url: string) => new MockWebSocket(url) as unknown as SocketLike;
const T = '2026-09-01T08:00:00.000Z';
const TODAY = '2026-11-23';
const lesson = (key: string, slot: number) => ({
  event: 'lesson.set',
  externalId: key,
  data: { class: 'c5a', subject: 'maths', teacher: 't1', date: TODAY, slot, startsAt: '08:30', endsAt: '09:15' },
});
const items = [...classAndPeople, lesson('l1', 1), lesson('l2', 2)];

interface Script {
  frames: any[];
  /** Entries received, in order. */
  entries(): any[];
  /** Sends a server frame to the current connection (`v` defaults to the negotiated version). */
  send(m: Record<string, unknown>): void;
  /** While true, every connection is closed at once (the e-journal is down). */
  down: boolean;
  /** Closes the current connection. */
  drop(): void;
  close(): void;
}

let port = 0;
/** A mock e-journal speaking `protocol`: a snapshot of the tiny school first, then whatever the test sends. */
function script(school: string, protocol: 1 | 2): Script & { url: string } {
  const url = `ws://uplink.test:${++port}`;
  const server = new Server(url);
  let socket: any = null;
  const s = {
    url,
    frames: [] as any[],
    down: false,
    entries: () => s.frames.filter((f) => f.type === 'entry'),
    send: (m: Record<string, unknown>) => socket.send(JSON.stringify({ v: protocol, ...m })),
    drop: () => socket?.close({ code: 1001, reason: 'going away', wasClean: true }),
    close: () => server.close(),
  };
  server.on('connection', (sock) => {
    if (s.down) return void sock.close({ code: 1001, reason: 'down', wasClean: true });
    socket = sock;
    sock.on('message', (raw) => {
      const m = JSON.parse(raw as string);
      s.frames.push(m);
      const hs = (x: Record<string, unknown>) => sock.send(JSON.stringify({ v: 1, ...x }));
      const version = protocol === 2 && m.versions?.includes(2) ? { version: 2 } : {};
      if (m.type === 'hello') hs({ type: 'welcome', school, head: 0, serverTime: T });
      else if (m.type === 'snapshot') {
        hs({ type: 'snapshot.begin', seq: 0, count: items.length, ...version });
        for (const i of items) hs({ type: 'snapshot.item', ...i, version: 1, updatedAt: T, changedAt: T });
        hs({ type: 'snapshot.end', seq: 0, count: items.length });
      } else if (m.type === 'subscribe') hs({ type: 'subscribed', since: m.since, head: m.since, ...version });
      else if (m.type === 'ping') hs({ type: 'pong', t: m.t });
    });
  });
  return s;
}

interface World {
  schoolId: number;
  s: Script;
  client: FeedClient;
  teacher: AccessProfile;
  chats: { teacher: number; mother: number };
  ids: Record<'s1' | 's2' | 'oral', number>;
  mark(lesson: string, student: 's1' | 's2', value: '2' | '3' | '4' | '5'): Promise<void>;
}

async function world(school: string, protocol: 1 | 2 = 2): Promise<World> {
  const sc = await db.ds.transaction((em) =>
    upsertSchool(
      em,
      { name: school, shortName: school, timezone: 'Europe/Moscow', externalId: school },
      { kind: 'cli', command: 'test' },
    ),
  );
  const s = script(school, protocol);
  const client = await feedClient(db.ds, school, s.url, { socket: mockSocket, uplinkPollMs: 30 });
  await until(async () => {
    const [st] = await db.ds.query(`SELECT "protocolVersion", "liveSince" FROM feed_state WHERE "schoolId" = $1`, [
      sc.id,
    ]);
    return !!st?.liveSince && st.protocolVersion === protocol;
  }, 'the first sync');
  const id = async (table: string, ext: string) =>
    Number(
      (await db.ds.query(`SELECT id FROM ${table} WHERE "schoolId" = $1 AND "externalId" = $2`, [sc.id, ext]))[0].id,
    );
  const ids = { s1: await id('student', 's1'), s2: await id('student', 's2'), oral: await id('work_kind', 'oral') };
  const staffId = await id('staff', 't1');
  const teacher = { staff: { staffId, schoolId: sc.id, roles: ['teacher'], teachesClasses: [] } } as never;
  const chats = { teacher: 920_000 + sc.id * 2, mother: 920_001 + sc.id * 2 };
  await addLink(db.ds, { schoolId: sc.id, userId: chats.teacher, role: 'teacher', staffId });
  const guardianId = await id('guardian', 'g1');
  await addLink(db.ds, { schoolId: sc.id, userId: chats.mother, role: 'guardian', studentId: ids.s1, guardianId });
  return {
    schoolId: sc.id,
    s,
    client,
    teacher,
    chats,
    ids,
    mark: async (key, student, value) => {
      const lessonId = await id('lesson', key);
      const l = (await teacherLessons(db.ds, staffId, TODAY)).find((x) => x.lessonId === lessonId)!;
      await saveMark(
        db.ds,
        teacher,
        l,
        { studentId: ids[student], workKindId: ids.oral, value },
        new Date('2026-11-23T09:00:00+03:00'),
      );
    },
  };
}
const stop = async (w: World) => {
  await w.client.stop();
  w.s.close();
};
const statuses = async (w: World) =>
  (await db.ds.query(`SELECT status FROM feed_entry WHERE "schoolId" = $1 ORDER BY id`, [w.schoolId])).map(
    (r: { status: string }) => r.status,
  );
const event = (seq: number, externalId: string, value: string, clientId?: string) => ({
  type: 'event',
  seq,
  id: `ev-${seq}`,
  event: 'mark.set',
  externalId,
  version: 1,
  updatedAt: '2026-11-23T06:00:05.000Z',
  changedAt: '2026-11-23T06:00:00.000Z',
  data: { student: 's1', subject: 'maths', workKind: 'oral', lesson: 'l1', teacher: 't1', date: TODAY, value },
  ...(clientId ? { clientId } : {}),
});

describe('protocol v2 and the upstream queue (a mock e-journal)', () => {
  it('submit → accepted → the event back: one row, the mother told once, the teacher nothing', async () => {
    const w = await world('mq-ok');
    try {
      await w.mark('l1', 's1', '5');
      await until(() => w.s.entries().length === 1, 'the entry');
      const [e] = w.s.entries();
      expect(e).toMatchObject({
        v: 2,
        type: 'entry',
        entry: 'mark.set',
        externalId: null,
        baseVersion: 0,
        teacher: 't1',
        data: { student: 's1', subject: 'maths', workKind: 'oral', lesson: 'l1', date: TODAY, value: '5' },
      });
      w.s.send({ type: 'entry.accepted', clientId: e.clientId, externalId: 'm-100', version: 1, seq: 1 });
      w.s.send(event(1, 'm-100', '5', e.clientId));
      await until(async () => (await statuses(w))[0] === 'applied', 'applied');
      // The same event again (at-least-once delivery) changes nothing.
      w.s.send(event(1, 'm-100', '5', e.clientId));
      await until(() => w.s.frames.some((f) => f.type === 'ack' && f.seq === 1), 'ack 1');
      expect(await db.ds.query(`SELECT value, "externalId" FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toEqual([
        { value: '5', externalId: 'm-100' },
      ]);
      await drain(db.ds);
      expect(await messagesTo(db.ds, w.chats.mother)).toHaveLength(1);
      expect(await messagesTo(db.ds, w.chats.teacher)).toEqual([]);
    } finally {
      await stop(w);
    }
  });

  it('acceptances arriving together, their events not yet: both accepted, linked and released, the mother told once', async () => {
    const w = await world('mq-group');
    try {
      await w.mark('l1', 's1', '5');
      await w.mark('l2', 's2', '4');
      await until(() => w.s.entries().length === 2, 'both entries (two lessons, two lanes)');
      const [a, b] = w.s.entries();
      w.s.send({ type: 'entry.accepted', clientId: a.clientId, externalId: 'm-201', version: 1, seq: 1 });
      w.s.send({ type: 'entry.accepted', clientId: b.clientId, externalId: 'm-202', version: 1, seq: 2 });
      await until(async () => (await statuses(w)).join() === 'accepted,accepted', 'both accepted');
      expect(
        await db.ds.query(`SELECT value, "externalId" FROM mark WHERE "schoolId" = $1 ORDER BY "externalId"`, [
          w.schoolId,
        ]),
      ).toEqual([
        { value: '5', externalId: 'm-201' },
        { value: '4', externalId: 'm-202' },
      ]);
      await drain(db.ds);
      const toMother = await messagesTo(db.ds, w.chats.mother);
      expect(toMother).toHaveLength(1);
      expect(toMother[0].text).toContain('<b>5</b>');
    } finally {
      await stop(w);
    }
  });

  it('rejected: the local value rolled back, the teacher told the reason, the mother nothing, a dead letter', async () => {
    const w = await world('mq-rej');
    try {
      await w.mark('l1', 's1', '2');
      await until(() => w.s.entries().length === 1, 'the entry');
      const reason = 'Отметка «2» за устный ответ в этой школе не ставится.';
      w.s.send({ type: 'entry.rejected', clientId: w.s.entries()[0].clientId, code: 'value_not_allowed', reason });
      await until(async () => (await statuses(w))[0] === 'rejected', 'rejected');
      expect(await db.ds.query(`SELECT value, deleted FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toEqual([
        { value: '2', deleted: true },
      ]);
      await drain(db.ds);
      expect(await messagesTo(db.ds, w.chats.mother)).toEqual([]);
      const told = (await messagesTo(db.ds, w.chats.teacher)).map((m: any) => m.text);
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('Математика, 5А, 23 ноября, 1-й урок — отметка: Иванова Анна «2».');
      expect(told[0]).toContain(`Причина: ${reason}`);
      expect(
        await count(db.ds, `SELECT count(*) n FROM feed_dead_letter WHERE "schoolId" = $1 AND reason LIKE $2`, [
          w.schoolId,
          `entry rejected (value_not_allowed): ${reason}`,
        ]),
      ).toBe(1);
    } finally {
      await stop(w);
    }
  });

  it('feed down: entries kept; on reconnect sent in order, one at a time per lesson; the teacher told once of the wait', async () => {
    const w = await world('mq-down');
    try {
      w.s.down = true;
      w.s.drop();
      await until(() => w.client.feeds[0].status !== 'live', 'the connection lost');
      for (const v of ['3', '4', '5'] as const) await w.mark('l1', 's2', v);
      await w.mark('l2', 's1', '4');
      await new Promise((r) => setTimeout(r, 300));
      expect(w.s.entries()).toEqual([]);
      expect(await statuses(w)).toEqual(['queued', 'queued', 'queued', 'queued']);
      // Waiting longer than FEED_STALE_MINUTES: the teacher is told once, whatever the number of looks.
      await db.ds.query(`UPDATE feed_entry SET "createdAt" = now() - interval '10 minutes' WHERE "schoolId" = $1`, [
        w.schoolId,
      ]);
      await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() });
      await notifyStaleEntries(db.ds, { staleMinutes: 5, now: new Date() });
      await drain(db.ds);
      const told = (await messagesTo(db.ds, w.chats.teacher)).map((m: any) => m.text);
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('4 записи ждут отправки в журнал школы дольше 5 мин.');
      w.s.down = false;
      // The first entry of each lesson goes, not the next one of the same lesson.
      await until(() => w.s.entries().length === 2, 'one entry per lesson', 30_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(w.s.entries().map((e) => [e.data.lesson, e.data.value])).toEqual([
        ['l1', '3'],
        ['l2', '4'],
      ]);
      const ofL1 = () => w.s.entries().filter((e) => e.data.lesson === 'l1');
      for (const n of [1, 2]) {
        w.s.send({ type: 'entry.accepted', clientId: ofL1().at(-1).clientId, externalId: 'm-l1', version: n });
        await until(() => ofL1().length === n + 1, `the next entry of l1 (${n})`);
      }
      expect(ofL1().map((e) => [e.data.value, e.externalId, e.baseVersion])).toEqual([
        ['3', null, 0],
        ['4', 'm-l1', 1],
        ['5', 'm-l1', 2],
      ]);
      expect(
        await count(db.ds, `SELECT count(*) n FROM mark WHERE "schoolId" = $1 AND NOT deleted`, [w.schoolId]),
      ).toBe(2);
    } finally {
      await stop(w);
    }
  });

  it('a v1 e-journal: the entry refused here with a clear message for the teacher, nothing sent or queued', async () => {
    const w = await world('mq-v1', 1);
    try {
      const refused = await w.mark('l1', 's1', '5').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(JournalReadOnlyError);
      expect(textsOf('today').plain(journalRefusal(refused)!)).toBe(
        'Электронный журнал школы пока не принимает записи отсюда: внесите это прямо в нём.',
      );
      expect(await count(db.ds, `SELECT count(*) n FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toBe(0);
      expect(await statuses(w)).toEqual([]);
      await new Promise((r) => setTimeout(r, 100));
      expect(w.s.frames.filter((f) => f.type === 'entry')).toEqual([]);
    } finally {
      await stop(w);
    }
  });
});
