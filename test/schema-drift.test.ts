import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

describe('migrations and entities', () => {
  it('describe the same schema: TypeORM finds nothing to change after the migrations ran', async () => {
    const sql = await db.ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('roll back and forward again', async () => {
    const before: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    while (await db.ds.query(`SELECT 1 FROM migrations LIMIT 1`).then((r) => r.length))
      await db.ds.undoLastMigration({ transaction: 'each' });
    const empty: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(empty[0].n).toBe(1); // only TypeORM's own migrations table
    await db.ds.runMigrations({ transaction: 'each' });
    const after: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(after[0].n).toBe(before[0].n);
  });
});
