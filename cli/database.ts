import { processClock } from '../core/clock.js';
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
    clockOffsetMs: processClock(config).offsetMs,
    onLog: (line) => io.log.trace({ source: 'embedded-postgres' }, line),
  }).catch((e: Error) => {
    const where = config.DATABASE_URL
      ? 'the PostgreSQL server at DATABASE_URL'
      : `the embedded PostgreSQL in DATA_DIR (${config.DATA_DIR})`;
    throw new Error(`cannot open ${where}: ${e.message}`, { cause: e });
  });
  io.log.debug({ embedded: db.embedded }, 'database open');
  try {
    return await fn(db.dataSource, config);
  } finally {
    await db.close();
  }
}
