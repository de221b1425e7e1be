import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import pg from 'pg';

// DATE columns come back as 'YYYY-MM-DD' strings rather than JS Dates shifted by a time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export interface Database {
  dataSource: DataSource;
  /** Connection URL in use (the embedded server's when DATABASE_URL is unset). */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL: the server at DATABASE_URL, or an embedded one in DATA_DIR.
 * Runs pending migrations unless told not to.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  migrate?: boolean;
  poolSize?: number;
  /** The process clock's distance from the system clock (CLOCK_START); 0 when absent. */
  clockOffsetMs?: number;
  onLog?: (line: string) => void;
}): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    server = await startEmbeddedPostgres(opts.dataDir, { onLog: opts.onLog });
    url = server.urlFor('dnevnik');
    await ensureDatabase(server.url, 'dnevnik');
  }
  const dataSource = createDataSource(url, { poolSize: opts.poolSize, clockOffsetMs: opts.clockOffsetMs });
  try {
    await dataSource.initialize();
    if (opts.migrate !== false) await migrateAlone(dataSource);
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server?.stop();
    throw e;
  }
  let closed = false;
  return {
    dataSource,
    url,
    embedded: !!server,
    async close() {
      if (closed) return;
      closed = true;
      if (dataSource.isInitialized) await dataSource.destroy();
      await server?.stop();
    },
  };
}

/** Creates a database on the server unless it exists. */
export async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client(maintenanceUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** Any number fixed for the deployment: the advisory lock every process takes to migrate. */
const MIGRATION_LOCK = 4_217_730_001;

/**
 * Runs pending migrations holding a PostgreSQL advisory lock: replicas and workers starting together
 * take turns (TypeORM itself does not lock), and the ones after the first find nothing left to run.
 */
async function migrateAlone(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
