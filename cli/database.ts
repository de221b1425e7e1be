import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../core/config.js';
import { openDatabase } from '../db/database.js';
import type { Io } from './io.js';

/**
 * Opens the database the way the bot does (DATABASE_URL, or the embedded
 * PostgreSQL in DATA_DIR), runs `fn`, and always closes it again.
 */
export async function withDatabase<T>(
  io: Io,
  fn: (ds: DataSource, config: Config) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig(io.env);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrate: opts.migrate,
    poolSize: 4,
    onLog: (line) => io.log.trace({ source: 'embedded-postgres' }, line),
  });
  io.log.debug({ embedded: db.embedded }, 'database open');
  try {
    return await fn(db.dataSource, config);
  } finally {
    await db.close();
  }
}
