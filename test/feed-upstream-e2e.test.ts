import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalReadOnlyError } from '../core/feed/entries/mode.js';
import { saveMark } from '../core/today/saves.js';
import { createDataSource } from '../db/data-source.js';
import type { DataSource } from 'typeorm';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, feedClient, until } from './helpers/feed.js';
import { done, entries as upstreamEntries, structure, TODAY, world as upstreamWorld } from './helpers/upstream.js';

/**
 * Teachers' entries for an external school, end to end: /today's saveMark → the durable queue → the
 * reference e-journal over a real WebSocket → its answer and its event back → one row, one notification.
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const world = (school: string, protocol: 1 | 2 = 2, clientDs: DataSource = db.ds) =>
  upstreamWorld(db.ds, school, protocol, clientDs);
const entries = (schoolId: number) => upstreamEntries(db.ds, schoolId);
const familyEvents = (schoolId: number) =>
  db.ds.query(
    `SELECT type, payload->>'value' AS value, silent, "availableAt" <= now() AS due FROM outbox
      WHERE "schoolId" = $1 AND type LIKE 'mark.%' ORDER BY id`,
    [schoolId],
  );
const now = () => new Date('2026-11-23T09:00:00+03:00');

describe('teachers’ entries to the school e-journal (protocol v2, reference server over a real WebSocket)', () => {
  it('accepted: the e-journal has it, the event comes back, one row, one notification, released', async () => {
    const w = await world('up-ok');
    try {
      await saveMark(
        db.ds,
        w.teacher,
        await w.lesson('l1'),
        { studentId: w.ids.s1, workKindId: w.ids.oral, value: '5' },
        now(),
      );
      // Until the e-journal accepts, families are told nothing.
      const held = await familyEvents(w.schoolId);
      expect(held.map((e: any) => [e.type, e.value, e.silent])).toEqual([['mark.set', '5', false]]);
      await until(async () => (await entries(w.schoolId))[0]?.status === 'applied', 'the entry applied');
      const [e] = await entries(w.schoolId);
      expect(w.server.entries.map((x) => x.clientId)).toEqual([e.clientId]);
      expect(await db.ds.query(`SELECT value, "externalId" FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toEqual([
        { value: '5', externalId: `mark-${e.clientId}` },
      ]);
      expect(await familyEvents(w.schoolId)).toEqual([{ type: 'mark.set', value: '5', silent: false, due: true }]);
      expect(
        await count(
          db.ds,
          `SELECT count(*) n FROM mark_history h JOIN mark m ON m.id = h."markId" WHERE m."schoolId" = $1`,
          [w.schoolId],
        ),
      ).toBe(1);
    } finally {
      await done(w);
    }
  });

  it('rejected: the teacher sees the reason, families are told nothing, the local value is rolled back', async () => {
    const w = await world('up-rej');
    try {
      await saveMark(
        db.ds,
        w.teacher,
        await w.lesson('l-old'),
        { studentId: w.ids.s1, workKindId: w.ids.oral, value: '4' },
        now(),
      );
      await until(async () => (await entries(w.schoolId))[0]?.status === 'rejected', 'the rejection');
      const [e] = await entries(w.schoolId);
      expect([e.code, e.reason]).toEqual(['period_closed', 'Период закрыт: изменения за 20.10.2026 не принимаются.']);
      expect(await db.ds.query(`SELECT value, deleted FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toEqual([
        { value: '4', deleted: true },
      ]);
      const events = await db.ds.query(
        `SELECT type, silent, "processedAt" IS NOT NULL AS done FROM outbox WHERE "schoolId" = $1 AND type LIKE 'mark.%' ORDER BY id`,
        [w.schoolId],
      );
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((x: any) => x.silent)).toBe(true);
    } finally {
      await done(w);
    }
  });

  it('feed down: entries are kept, then sent in order on reconnect; nothing lost', async () => {
    const w = await world('up-down');
    try {
      w.server.pause();
      w.server.dropConnections();
      const l1 = await w.lesson('l1');
      for (const value of ['3', '4', '5'] as const)
        await saveMark(db.ds, w.teacher, l1, { studentId: w.ids.s2, workKindId: w.ids.oral, value }, now());
      await new Promise((r) => setTimeout(r, 400));
      expect((await entries(w.schoolId)).map((e: any) => e.status)).toEqual(['queued', 'queued', 'queued']);
      w.server.resume();
      await until(
        async () => (await entries(w.schoolId)).every((e: any) => e.status === 'applied'),
        'all applied',
        30_000,
      );
      const ids = (await entries(w.schoolId)).map((e: any) => e.clientId);
      expect([...new Set(w.server.entries.map((x) => x.clientId))]).toEqual(ids);
      expect(w.server.entries.map((x) => (x.data as { value: string }).value).slice(-3)).toEqual(['3', '4', '5']);
      expect(await db.ds.query(`SELECT value FROM mark WHERE "schoolId" = $1 AND NOT deleted`, [w.schoolId])).toEqual([
        { value: '5' },
      ]);
    } finally {
      await done(w);
    }
  });

  // A crash is the process gone at once: its socket dropped and its database sessions closed by PostgreSQL (whatever
  // transaction it had open rolls back). So the client that dies runs on a pool of its own, and its sessions are
  // terminated on the server, as PostgreSQL does for a dead process; nothing it had in flight gets to commit.
  it('a client killed between submit and answer: resubmitted with the same client id, applied once', async () => {
    const own = createDataSource(db.url, { poolSize: 3, applicationName: 'feed-client-that-dies' });
    await own.initialize();
    const w = await world('up-kill', 2, own);
    try {
      w.server.dropAnswers = true;
      const crash: { seen?: boolean } = {};
      w.server.onEntry = () => {
        crash.seen = true;
      };
      await saveMark(
        db.ds,
        w.teacher,
        await w.lesson('l2'),
        { studentId: w.ids.s1, workKindId: w.ids.oral, value: '2' },
        now(),
      );
      await until(() => crash.seen === true, 'the entry at the e-journal');
      // The process dies before the answer arrives (the server drops it): no goodbye, the lease left to expire.
      const killed = w.client.feeds[0].kill();
      await db.ds.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'feed-client-that-dies' AND datname = current_database()`,
      );
      await own.destroy().catch(() => {});
      await killed;
      w.server.dropAnswers = false;
      w.server.onEntry = undefined;
      // The next process takes over once the dead one's lease (1.5 s here) has expired.
      w.client = await feedClient(db.ds, 'up-kill', w.server.url, { uplinkPollMs: 30, holder: 'after-the-crash' });
      await until(
        async () => (await entries(w.schoolId))[0]?.status === 'applied',
        'applied after the restart',
        30_000,
      );
      const [e] = await entries(w.schoolId);
      // Submitted again under the same client id if the event had not come back first; carried out once either way.
      expect(new Set(w.server.entries.map((x) => x.clientId))).toEqual(new Set([e.clientId]));
      expect(w.server.head('up-kill')).toBe(structure.length + 1);
      expect(await count(db.ds, `SELECT count(*) n FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toBe(1);
      expect((await familyEvents(w.schoolId)).map((x: any) => [x.type, x.value, x.due])).toEqual([
        ['mark.set', '2', true],
      ]);
      // The dead process's lease expired and the new one holds it.
      const holder = async () =>
        (await db.ds.query(`SELECT holder FROM feed_state WHERE "schoolId" = $1`, [w.schoolId]))[0].holder;
      await until(async () => (await holder()) === 'after-the-crash', 'the lease taken over');
    } finally {
      await done(w);
      if (own.isInitialized) await own.destroy();
    }
  });

  it('a conflict: both values kept for the teacher, the e-journal value stands', async () => {
    const w = await world('up-conflict');
    try {
      const data = {
        student: 's1',
        subject: 'maths',
        workKind: 'oral',
        lesson: 'l1',
        date: TODAY,
        value: '3' as const,
      };
      w.server.publish('up-conflict', { event: 'mark.set', externalId: 'm9', data });
      await until(
        async () => (await count(db.ds, `SELECT count(*) n FROM mark WHERE "externalId" = 'm9'`)) === 1,
        'm9',
      );
      w.server.pause();
      w.server.dropConnections();
      w.server.publish('up-conflict', { event: 'mark.set', externalId: 'm9', data: { ...data, value: '2' } });
      await saveMark(
        db.ds,
        w.teacher,
        await w.lesson('l1'),
        { studentId: w.ids.s1, workKindId: w.ids.oral, value: '4' },
        now(),
      );
      w.server.resume();
      await until(async () => (await entries(w.schoolId))[0]?.status === 'conflict', 'the conflict', 30_000);
      const [e] = await entries(w.schoolId);
      expect([e.after.value, e.theirs.data.value, e.reason]).toEqual([
        '4',
        '2',
        'В журнале школы это значение уже изменили.',
      ]);
      await until(
        async () => (await db.ds.query(`SELECT value FROM mark WHERE "externalId" = 'm9'`))[0].value === '2',
        'theirs',
      );
    } finally {
      await done(w);
    }
  });

  it('a v1 e-journal: read-only, the entry refused here with a clear error, nothing written', async () => {
    const w = await world('up-v1', 1);
    try {
      await expect(
        saveMark(
          db.ds,
          w.teacher,
          await w.lesson('l1'),
          { studentId: w.ids.s1, workKindId: w.ids.oral, value: '5' },
          now(),
        ),
      ).rejects.toBeInstanceOf(JournalReadOnlyError);
      expect(await count(db.ds, `SELECT count(*) n FROM mark WHERE "schoolId" = $1`, [w.schoolId])).toBe(0);
      expect(await entries(w.schoolId)).toEqual([]);
    } finally {
      await done(w);
    }
  });
});
