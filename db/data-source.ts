import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

export type { EntityManager };

/** The one way to build a DataSource: same entities and migrations for the bot, jobs, CLI and tests. */
export function createDataSource(
  url: string,
  opts: { poolSize?: number; applicationName?: string; clockOffsetMs?: number } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'dnevnik',
    // Dates stay strings ('2026-11-25'): a school day has no time zone.
    // dnevnik.clock_offset_ms: how far the process's clock is from the server's (CLOCK_START), so the times
    // the database stamps (the outbox's) agree with the process's clock; 0 in production.
    extra: { options: `-c timezone=UTC -c dnevnik.clock_offset_ms=${Math.round(opts.clockOffsetMs ?? 0)}` },
    // A null in a find's where means SQL NULL (a student without a middle name), never "any value".
    invalidWhereValuesBehavior: { null: 'sql-null' },
  });
}
