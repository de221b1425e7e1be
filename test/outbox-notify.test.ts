import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_UNTIL } from '../core/feed/entries/mode.js';
import { appendEvent } from '../core/unit-of-work.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';

/** The outbox wakes the worker (NOTIFY 'outbox') for every event it can act on, and not for held ones. */
let db: TestDb;
let f: SchoolFixture;
let listener: pg.Client;
const heard: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  listener = new pg.Client(db.url);
  await listener.connect();
  listener.on('notification', (m) => m.channel === 'outbox' && heard.push(m.payload ?? ''));
  await listener.query('LISTEN outbox');
});
afterAll(async () => {
  await listener.end();
  await db.close();
});

/** Writes one event and waits a moment for what the listener hears. */
async function write(opts: { availableAt?: Date }): Promise<string[]> {
  heard.length = 0;
  await db.ds.transaction((em) => appendEvent(em, f.school.id, 'feed.down', { asOf: '2026-11-25T10:00:00Z' }, opts));
  await listener.query('SELECT 1');
  await new Promise((r) => setTimeout(r, 100));
  return [...heard];
}

describe('the outbox trigger', () => {
  it('notifies for an event due now or later, not for one held for the school e-journal', async () => {
    expect(await write({})).toHaveLength(1);
    expect(await write({ availableAt: new Date('2027-01-10T08:00:00Z') })).toHaveLength(1);
    expect(await write({ availableAt: HELD_UNTIL })).toEqual([]);
    const [row] = await db.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE "availableAt" = $1`, [HELD_UNTIL]);
    expect(row.n).toBe(1);
  });
});
