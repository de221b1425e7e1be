import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import type { Io } from './io.js';

/** Applies pending migrations and says how many were applied. */
export async function runMigrate(ds: DataSource, io: Io): Promise<{ applied: string[] }> {
  const applied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  io.out(
    applied.length
      ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`
      : 'Applied 0 migrations: the database is up to date.',
  );
  return { applied };
}

export const command: CliCommand = {
  summary: 'apply pending database migrations',
  usage: 'migrate',
  async main(argv, io) {
    parseCommandArgs(argv, {}, z.object({}));
    await withDatabase(io, (ds) => runMigrate(ds, io), { migrate: false });
  },
};
