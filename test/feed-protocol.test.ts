import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSchool } from '../core/school/structure.js';
import { encode, type FeedChange } from '../core/feed/protocol.js';
import { backoffDelay, type SocketLike } from '../jobs/feed-client/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, FEED_TOKEN, feedClient, until } from './helpers/feed.js';

/**
 * The client against a scripted e-journal on mock-socket: every frame the
 * client sends is recorded, and each test plays the server's side by hand.
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const mockSocket = (url: string) => new MockWebSocket(url) as unknown as SocketLike;
const T = '2026-11-23T06:00:00.000Z';

/** A tiny school as the e-journal names it: a class, a subject, a work kind, a student and a lesson. */
const structure = (): Omit<FeedChange, 'version' | 'updatedAt' | 'changedAt'>[] =>
  [
    {
      event: 'class.set',
      externalId: 'c5a',
      data: { grade: 5, letter: 'А', year: { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' } },
    },
    { event: 'subject.set', externalId: 'maths', data: { name: 'Математика' } },
    { event: 'workKind.set', externalId: 'oral', data: { code: 'oral', name: 'Устный ответ', weight: 1 } },
    {
      event: 'staff.set',
      externalId: 't1',
      data: { lastName: 'Кузнецов', firstName: 'Олег', active: true, roles: [{ role: 'teacher' }] },
    },
    {
      event: 'student.set',
      externalId: 's1',
      data: { class: 'c5a', lastName: 'Иванова', firstName: 'Анна', active: true },
    },
    {
      event: 'lesson.set',
      externalId: 'l1',
      data: {
        class: 'c5a',
        subject: 'maths',
        teacher: 't1',
        date: '2026-11-23',
        slot: 1,
        startsAt: '08:30',
        endsAt: '09:15',
        cancelled: false,
      },
    },
  ] as never;
const mark = (externalId: string, value: string, version = 1) => ({
  event: 'mark.set',
  externalId,
  version,
  updatedAt: T,
  changedAt: new Date().toISOString(),
  data: { student: 's1', subject: 'maths', workKind: 'oral', lesson: 'l1', date: '2026-11-23', value },
});

interface Script {
  server: Server;
  url: string;
  frames: any[];
  connections: number;
  socket: any;
  /** Sends a server frame to the current connection. */
  send(m: Record<string, unknown> & { type: string }): void;
  sendRaw(raw: string): void;
  event(seq: number, change: Record<string, unknown>): void;
  stopAnswering: boolean;
}

let port = 0;
/** A mock e-journal: checks the token, answers the snapshot with the tiny school, pongs unless told not to. */
function script(school: string, onSubscribe?: (s: Script, since: number) => void): Script {
  const url = `ws://feed.test:${++port}`;
  const server = new Server(url);
  const s: Script = {
    server,
    url,
    frames: [],
    connections: 0,
    socket: null,
    stopAnswering: false,
    send: (m) => s.socket.send(encode(m)),
    sendRaw: (raw) => s.socket.send(raw),
    event: (seq, change) => s.send({ type: 'event', seq, id: `e${seq}`, ...change }),
  };
  server.on('connection', (socket) => {
    s.connections++;
    s.socket = socket;
    socket.on('message', (raw) => {
      const m = JSON.parse(raw as string); // the client sends text frames
      s.frames.push(m);
      if (s.stopAnswering) return;
      if (m.type === 'hello') {
        if (m.token !== FEED_TOKEN) {
          s.send({ type: 'error', code: 'auth_failed', message: 'wrong token' });
          return void socket.close({ code: 4001, reason: 'auth failed', wasClean: true });
        }
        s.send({ type: 'welcome', school, head: 0, serverTime: new Date().toISOString() });
      } else if (m.type === 'snapshot') {
        const items = structure();
        s.send({ type: 'snapshot.begin', seq: 0, count: items.length });
        for (const i of items) s.send({ type: 'snapshot.item', ...i, version: 1, updatedAt: T, changedAt: T });
        s.send({ type: 'snapshot.end', seq: 0, count: items.length });
      } else if (m.type === 'subscribe') {
        s.send({ type: 'subscribed', since: m.since, head: m.since });
        onSubscribe?.(s, m.since);
      } else if (m.type === 'ping') s.send({ type: 'pong', t: m.t });
    });
  });
  return s;
}

async function newSchool(externalId: string): Promise<number> {
  const school = await db.ds.transaction((em) =>
    upsertSchool(
      em,
      { name: externalId, shortName: externalId, timezone: 'Europe/Moscow', externalId },
      { kind: 'cli', command: 'test' },
    ),
  );
  return school.id;
}
const acks = (s: Script) => s.frames.filter((f) => f.type === 'ack').map((f) => f.seq);
const marksOf = (schoolId: number) =>
  db.ds.query(`SELECT "externalId", value, version FROM mark WHERE "schoolId" = $1 ORDER BY "externalId"`, [schoolId]);
const liveEvents = (schoolId: number) =>
  db.ds.query(`SELECT type, payload FROM outbox WHERE "schoolId" = $1 AND NOT silent ORDER BY id`, [schoolId]);
const stateOf = async (schoolId: number) =>
  (await db.ds.query(`SELECT * FROM feed_state WHERE "schoolId" = $1`, [schoolId]))[0];

/** Connects a client and waits for the first sync (snapshot) to be committed. */
async function synced(school: string, s: Script, extra = {}) {
  const client = await feedClient(db.ds, school, s.url, { socket: mockSocket, ...extra });
  await until(async () => !!(await stateOf(client.feeds[0].schoolId))?.liveSince, 'the first sync');
  await until(() => client.feeds[0].status === 'live', 'live');
  return client;
}

describe('feed protocol (client against a mock e-journal)', () => {
  it('handshake: hello with the school and token first; a refused token stops with authFailed, the token never stored', async () => {
    const schoolId = await newSchool('p-auth');
    const s = script('p-auth');
    const client = await feedClient(db.ds, 'p-auth', s.url, {
      socket: mockSocket,
      schools: [{ school: 'p-auth', url: s.url, token: 'wrong-token-0123456789' }],
    });
    try {
      await until(async () => (await stateOf(schoolId))?.status === 'authFailed', 'authFailed');
      expect(s.frames[0]).toEqual({
        v: 1,
        type: 'hello',
        school: 'p-auth',
        token: 'wrong-token-0123456789',
        client: 'dnevnik',
      });
      expect(s.frames.filter((f) => f.type !== 'hello')).toEqual([]);
      const st = await stateOf(schoolId);
      expect(st.lastError).toBe('auth_failed');
      expect(JSON.stringify(st)).not.toContain('wrong-token');
    } finally {
      await client.stop();
      s.server.close();
    }
    const ok = script('p-auth');
    const good = await synced('p-auth', ok);
    expect(ok.frames.map((f) => f.type).slice(0, 2)).toEqual(['hello', 'snapshot']);
    expect(await count(db.ds, `SELECT count(*) n FROM student WHERE "schoolId" = $1`, [schoolId])).toBe(1);
    await good.stop();
    ok.server.close();
  });

  it('resumes from the stored seq after a dropped connection', async () => {
    const schoolId = await newSchool('p-resume');
    const subscribes: number[] = [];
    const s = script('p-resume', (sc, since) => {
      subscribes.push(since);
      if (since === 2) sc.event(3, mark('m3', '3'));
    });
    const client = await synced('p-resume', s);
    try {
      s.event(1, mark('m1', '5'));
      s.event(2, mark('m2', '4'));
      await until(() => acks(s).includes(2), 'ack 2');
      expect(Number((await stateOf(schoolId)).lastSeq)).toBe(2);
      s.socket.close();
      await until(() => acks(s).includes(3), 'ack 3 after the reconnect');
      expect(s.connections).toBe(2);
      expect(subscribes).toEqual([2]);
      expect((await marksOf(schoolId)).map((m: any) => m.externalId)).toEqual(['m1', 'm2', 'm3']);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('duplicate and out-of-order events change nothing and notify no one twice', async () => {
    const schoolId = await newSchool('p-dup');
    const s = script('p-dup');
    const client = await synced('p-dup', s);
    try {
      s.event(1, mark('m1', '3', 1));
      s.event(2, mark('m1', '5', 3));
      s.event(2, mark('m1', '5', 3)); // the same event again
      s.event(3, mark('m1', '4', 2)); // an older version arriving late
      s.event(4, mark('m1', '5', 3)); // the same version under a new seq
      await until(() => acks(s).includes(4), 'ack 4');
      expect(await marksOf(schoolId)).toEqual([{ externalId: 'm1', value: '5', version: 2 }]);
      expect((await liveEvents(schoolId)).map((e: any) => [e.type, e.payload.value])).toEqual([
        ['mark.set', '3'],
        ['mark.changed', '5'],
      ]);
      expect(
        await count(
          db.ds,
          `SELECT count(*) n FROM mark_history h JOIN mark m ON m.id = h."markId" WHERE m."schoolId" = $1`,
          [schoolId],
        ),
      ).toBe(2);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('a roll call: «absent» then «present» for the same student in one batch ends with no absence', async () => {
    const schoolId = await newSchool('p-roll');
    const s = script('p-roll');
    const client = await synced('p-roll', s);
    const att = (status: string, version: number) => ({
      event: 'attendance.set',
      externalId: 'a1',
      version,
      updatedAt: T,
      changedAt: new Date().toISOString(),
      data: { lesson: 'l1', student: 's1', status },
    });
    try {
      s.event(1, att('absent', 1));
      s.event(2, att('present', 2));
      s.event(3, { ...att('present', 1), externalId: 'a2' });
      await until(() => acks(s).includes(3), 'ack 3');
      expect(await db.ds.query(`SELECT 1 FROM attendance WHERE "schoolId" = $1`, [schoolId])).toEqual([]);
      expect((await liveEvents(schoolId)).map((e: any) => [e.type, e.payload.status])).toEqual([
        ['absence.recorded', 'absent'],
      ]);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('a gap in seq leads to a resync of what was missed', async () => {
    const schoolId = await newSchool('p-gap');
    const s = script('p-gap', (sc, since) => {
      if (since === 1) {
        sc.event(2, mark('m2', '4'));
        sc.event(3, mark('m3', '5'));
      }
    });
    const client = await synced('p-gap', s);
    try {
      s.event(1, mark('m1', '3'));
      s.event(3, mark('m3', '5')); // seq 2 never arrived
      await until(() => acks(s).includes(3), 'ack 3');
      expect(s.frames.filter((f) => f.type === 'subscribe')).toEqual([
        { v: 1, type: 'subscribe', since: 1, versions: [1, 2] },
      ]);
      expect((await marksOf(schoolId)).map((m: any) => [m.externalId, m.value])).toEqual([
        ['m1', '3'],
        ['m2', '4'],
        ['m3', '5'],
      ]);
      expect(Number((await stateOf(schoolId)).lastSeq)).toBe(3);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('a malformed message and an event about an unknown entity go to the dead letters while the stream goes on', async () => {
    const schoolId = await newSchool('p-dead');
    const s = script('p-dead');
    const client = await synced('p-dead', s);
    try {
      s.event(1, mark('m1', '3'));
      s.sendRaw('{"v":1,"type":"event","seq":2,"id":"e2","event":"mark.set", broken');
      s.event(3, { ...mark('m3', '5'), data: { ...mark('m3', '5').data, student: 'nobody' } });
      s.event(4, { ...mark('m4', '7') });
      s.event(5, mark('m5', '4'));
      await until(() => acks(s).includes(5), 'ack 5');
      const dead = await db.ds.query(
        `SELECT seq, type, "externalId", reason FROM feed_dead_letter WHERE "schoolId" = $1 ORDER BY seq`,
        [schoolId],
      );
      expect(dead.map((d: any) => [Number(d.seq), d.type, d.externalId])).toEqual([
        [2, null, null],
        [3, 'mark.set', 'm3'],
        [4, null, null],
      ]);
      expect(dead[0].reason).toBe('not JSON');
      expect(dead[1].reason).toBe('unknown student nobody');
      expect(dead[2].reason).toMatch(/^data\.value: /);
      expect((await marksOf(schoolId)).map((m: any) => m.externalId)).toEqual(['m1', 'm5']);
      expect(Number((await stateOf(schoolId)).lastSeq)).toBe(5);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('a heartbeat timeout leads to a reconnect', async () => {
    await newSchool('p-beat');
    const s = script('p-beat');
    const client = await synced('p-beat', s, { heartbeatMs: 50, heartbeatTimeoutMs: 200 });
    try {
      s.stopAnswering = true;
      await until(() => s.connections === 2, 'a second connection');
      s.stopAnswering = false;
      await until(() => client.feeds[0].status === 'live', 'live again');
      expect(s.frames.filter((f) => f.type === 'hello').length).toBeGreaterThanOrEqual(2);
      expect(s.frames.filter((f) => f.type === 'ping').length).toBeGreaterThan(1);
    } finally {
      await client.stop();
      s.server.close();
    }
  });

  it('reconnects back off exponentially with full jitter, capped', () => {
    const b = { baseMs: 1000, capMs: 60_000 };
    expect([0, 1, 2, 3, 5, 6, 7, 40].map((n) => backoffDelay(n, b, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 31999, 59999, 59999, 59999,
    ]);
    expect(backoffDelay(10, b, () => 0)).toBe(0);
    expect(backoffDelay(3, b, () => 0.5)).toBe(4000);
  });
});
