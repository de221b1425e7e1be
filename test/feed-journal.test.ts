import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchoolSet } from '../cli/school.js';
import { createLogger } from '../core/logger.js';
import { FeedConfigError } from '../core/school/journal.js';
import { upsertSchool } from '../core/school/structure.js';
import { startFeedClient } from '../jobs/feed-client/index.js';
import { captureIo } from './helpers/cli-io.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { FEED_TOKEN } from './helpers/feed.js';

/** The journal of record per school (issue 18): set by the administrator, a feed refused for an internal school. */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const newSchool = (externalId: string) =>
  db.ds.transaction((em) =>
    upsertSchool(
      em,
      { name: externalId, shortName: externalId, timezone: 'Europe/Moscow', externalId },
      { kind: 'cli', command: 'test' },
    ),
  );
const journal = async (id: number) => (await db.ds.query(`SELECT journal FROM school WHERE id = $1`, [id]))[0].journal;
const start = (school: string) =>
  startFeedClient({
    ds: db.ds,
    logger: createLogger('silent'),
    schools: [{ school, url: 'ws://127.0.0.1:9', token: FEED_TOKEN }],
    backoff: { baseMs: 1000, capMs: 1000 },
  });

describe('the journal of record', () => {
  it('is internal for a new school; a feed configured for it is refused at start-up with what to do', async () => {
    const s = await newSchool('j-internal');
    expect(await journal(s.id)).toBe('internal');
    const refused = start('j-internal');
    await expect(refused).rejects.toBeInstanceOf(FeedConfigError);
    await expect(refused).rejects.toThrow(
      /FEED_SCHOOLS names a school whose journal of record is internal: j-internal\. .*school set --school <externalId> --journal external/,
    );
    expect(await db.ds.query(`SELECT 1 FROM feed_state WHERE "schoolId" = $1`, [s.id])).toEqual([]);
  });

  it('`school set --journal external` lets the feed start; back to internal refuses it again; each change audited', async () => {
    const s = await newSchool('j-switch');
    const io = captureIo();
    await runSchoolSet(db.ds, io, { school: 'j-switch', journal: 'external' });
    expect(io.stdout[0]).toBe(
      `School ${s.id} j-switch: journal of record changed from internal to external (the school's e-journal is the record: it feeds this system (FEED_SCHOOLS) and teachers' entries are sent to it).`,
    );
    expect(await journal(s.id)).toBe('external');
    const client = await start('j-switch');
    expect(client.feeds.map((f) => f.schoolId)).toEqual([s.id]);
    await client.stop();
    await runSchoolSet(db.ds, captureIo(), { school: 'j-switch', journal: 'internal' });
    await expect(start('j-switch')).rejects.toBeInstanceOf(FeedConfigError);
    const audits = await db.ds.query(
      `SELECT details FROM audit_log WHERE action = 'school.journal' AND "entityId" = $1 ORDER BY id`,
      [String(s.id)],
    );
    expect(audits.map((a: { details: unknown }) => a.details)).toEqual([
      { from: 'internal', to: 'external' },
      { from: 'external', to: 'internal' },
    ]);
    await expect(runSchoolSet(db.ds, captureIo(), { school: 'nope', journal: 'external' })).rejects.toThrow(
      'no school with the external id nope',
    );
  });

  it('the migration makes a school that was already fed external, and leaves the others internal', async () => {
    const fed = await newSchool('j-fed');
    const other = await newSchool('j-other');
    await db.ds.query(`INSERT INTO feed_state ("schoolId", status) VALUES ($1, 'live')`, [fed.id]);
    // Back to before the migration that added the journal of record (later ones undone first), then forward.
    const applied = async () =>
      (await db.ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name as string;
    for (let last = await applied(); ; last = await applied()) {
      await db.ds.undoLastMigration({ transaction: 'each' });
      if (last === 'Upstream1764740000000') break;
    }
    await db.ds.runMigrations({ transaction: 'each' });
    expect([await journal(fed.id), await journal(other.id)]).toEqual(['external', 'internal']);
  });
});
