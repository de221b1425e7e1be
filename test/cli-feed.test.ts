import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeadLetters, runStatus } from '../cli/feed/index.js';
import { runEntries } from '../cli/feed/entries.js';
import { deadLetter, feedMetricsText, feedStatus } from '../core/feed/state.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { captureIo } from './helpers/cli-io.js';

let db: TestDb;
let f: SchoolFixture;
beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
});
afterAll(() => db.close());

describe('CLI: feed status and dead letters', () => {
  it('says when no school has a feed', async () => {
    const io = captureIo();
    await runStatus(db.ds, io, false);
    expect(io.stdout).toEqual(['No school has a journal feed yet (set FEED_SCHOOLS and start the bot or a worker).']);
  });

  it('shows state, seq, head, lag and dead letters per school; JSON for scripts', async () => {
    await db.ds.query(`UPDATE school SET journal = 'external' WHERE id = $1`, [f.school.id]);
    await db.ds.query(
      `INSERT INTO feed_state ("schoolId", status, "lastSeq", head, "liveSince", "syncedAt", holder, "leaseUntil", "lastError")
       VALUES ($1, 'live', 1040, 1043, now() - interval '1 day', now() - interval '20 seconds', 'worker-1', now() + interval '20 seconds', NULL)`,
      [f.school.id],
    );
    await deadLetter(db.ds, {
      schoolId: f.school.id,
      seq: 1041,
      eventId: 'e1041',
      type: 'mark.set',
      externalId: 'm-9',
      reason: 'unknown student s-404',
      message: '{}',
    });
    for (const [clientId, status] of [
      ['e-pending-0001', 'queued'],
      ['e-rejected-001', 'rejected'],
      ['e-applied-0001', 'applied'],
    ])
      await db.ds.query(
        `INSERT INTO feed_entry ("schoolId", "clientId", lane, kind, "targetType", message, after, status, code, reason)
         VALUES ($1, $2, 'lesson:1', 'mark.set', 'mark', '{}', '{}', $3, $4, $5)`,
        [
          f.school.id,
          clientId,
          status,
          status === 'rejected' ? 'period_closed' : null,
          status === 'rejected' ? 'Период закрыт.' : null,
        ],
      );
    const io = captureIo();
    await runStatus(db.ds, io, false);
    expect(feedMetricsText(await feedStatus(db.ds))).toContain(
      `dnevnik_feed_entries_rejected{school="${f.school.id}"} 1`,
    );
    const rejected = captureIo();
    await runEntries(db.ds, rejected, { school: f.school.id, rejected: true, limit: 50, json: false });
    expect(rejected.stdout).toHaveLength(2);
    expect(rejected.stdout[1]).toMatch(
      /mark\.set\s+rejected\s+—\s+—\s+0\s+e-rejected-001\s+period_closed: Период закрыт\.$/,
    );
    expect(io.stdout[0]).toMatch(
      /^school\s+journal\s+status\s+seq\s+head\s+lag\s+synced at \(UTC\)\s+dead letters\s+entries\s+holder\s+last error$/,
    );
    expect(io.stdout[1]).toMatch(
      new RegExp(
        `^${f.school.id} СОШ № 1\\s+external\\s+live\\s+1040\\s+1043\\s+3 ev, 2\\d s\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+1\\s+1 pending, 1 rejected\\s+worker-1$`,
      ),
    );
    const json = captureIo();
    await runStatus(db.ds, json, true);
    expect(JSON.parse(json.stdout[0])[0]).toMatchObject({
      schoolId: f.school.id,
      status: 'live',
      lastSeq: 1040,
      head: 1043,
      lagEvents: 3,
      stale: false,
      deadLetters: 1,
    });

    const dl = captureIo();
    await runDeadLetters(db.ds, dl, { limit: 50, json: false });
    expect(dl.stdout[1]).toMatch(
      new RegExp(`^\\d+\\s+${f.school.id}\\s+1041\\s+\\S+ \\S+\\s+mark.set\\s+m-9\\s+unknown student s-404$`),
    );
    const dlJson = captureIo();
    await runDeadLetters(db.ds, dlJson, { school: f.school.id, limit: 5, json: true });
    expect(JSON.parse(dlJson.stdout[0])).toMatchObject([
      { seq: 1041, type: 'mark.set', externalId: 'm-9', reason: 'unknown student s-404' },
    ]);
  });
});
