import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../db/data-source.js';
import '../../db/database.js';

export interface TestDb {
  ds: DataSource;
  url: string;
  name: string;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, dropped on close. */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const ds = createDataSource(url, { poolSize: 5 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    url,
    name,
    async close() {
      await ds.destroy();
      const a = new pg.Client(adminUrl);
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
