import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimNext } from '../core/feed/entries/sending.js';
import { upsertSchool } from '../core/school/structure.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { until } from './helpers/feed.js';

/**
 * The upstream queue's sending pass racing a feed batch on the same entry (as after a reconnect: the entry queued
 * again, its event replayed at once). The batch settles the entry while the pass waits on its row; the pass must
 * not put it back to `sent`.
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

it('an entry settled while the sending pass waits on its row is not sent again', async () => {
  const school = await db.ds.transaction((em) =>
    upsertSchool(
      em,
      { name: 'claim', shortName: 'claim', timezone: 'Europe/Moscow', externalId: 'claim' },
      { kind: 'cli', command: 'test' },
    ),
  );
  await db.ds.query(
    `INSERT INTO feed_entry ("schoolId", "clientId", lane, kind, "targetType", message, after, status)
     VALUES ($1, 'e-settled-0001', 'lesson:1', 'mark.set', 'mark', $2, '{}', 'queued')`,
    [school.id, JSON.stringify({ clientId: 'e-settled-0001', entry: 'mark.set', externalId: null, data: {} })],
  );
  // The feed batch applying the entry's event holds the row until it commits.
  const batch = db.ds.createQueryRunner();
  await batch.connect();
  await batch.startTransaction();
  await batch.query(`UPDATE feed_entry SET status = 'applied' WHERE "clientId" = 'e-settled-0001'`);
  const claimed = claimNext(db.ds, school.id, 10);
  await until(
    async () =>
      (
        await db.ds.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).length > 0,
    'the sending pass waiting on the row',
  );
  await batch.commitTransaction();
  await batch.release();
  expect(await claimed).toEqual([]);
  expect(await db.ds.query(`SELECT status, attempts FROM feed_entry WHERE "clientId" = 'e-settled-0001'`)).toEqual([
    { status: 'applied', attempts: 0 },
  ]);
});
