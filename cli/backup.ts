import { systemClock } from '../core/clock.js';
import { z } from 'zod';
import { restoreBackup } from '../core/backup/restore.js';
import { backupStatus, runBackup } from '../core/backup/runs.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError } from './io.js';

/** `backup`, `backup status` and `restore` (docs/backup.md). */
export const backupCommand: CliCommand = {
  summary: 'back up the whole database (consistent snapshot, manifest, checksums); `backup status` shows the last ones',
  usage: 'backup [--dir <folder>] [--json] | backup status [--json]',
  async main(argv, io) {
    if (argv[0] === 'status') {
      const a = parseCommandArgs(
        argv.slice(1),
        { json: { type: 'boolean' } },
        z.object({ json: z.boolean().default(false) }),
      );
      const s = await withDatabase(io, (ds) => backupStatus(ds));
      if (a.json) return void io.out(JSON.stringify(s));
      io.out(
        s.lastOk
          ? `last successful backup: ${s.lastOk.finishedAt!.toISOString()} → ${s.lastOk.directory} (${s.lastOk.tables} tables, ${s.lastOk.rows} rows, ${s.lastOk.bytes} bytes, manifest sha256 ${s.lastOk.sha256})`
          : 'no successful backup yet',
      );
      if (s.lastFailed) io.out(`last failed backup: ${s.lastFailed.finishedAt?.toISOString()}: ${s.lastFailed.error}`);
      if (s.running) io.out(`running now: ${s.running}`);
      return s.lastOk ? 0 : 3;
    }
    const a = parseCommandArgs(
      argv,
      { dir: { type: 'string' }, json: { type: 'boolean' } },
      z.object({ dir: z.string().optional(), json: z.boolean().default(false) }),
    );
    const done = await withDatabase(io, (ds, config) =>
      runBackup(ds, {
        dir: a.dir ?? config.BACKUP_DIR,
        keep: config.BACKUP_KEEP,
        trigger: 'cli',
        now: systemClock.now(),
      }),
    );
    const r = done!.result;
    if (a.json)
      return void io.out(
        JSON.stringify({
          directory: r.directory,
          sha256: r.sha256,
          bytes: r.bytes,
          rows: r.rows,
          tables: r.manifest.tables.length,
          migration: r.manifest.migrations.at(-1),
          ms: r.ms,
          removed: done!.removed,
        }),
      );
    io.out(`backup written: ${r.directory}`);
    io.out(
      `  ${r.manifest.tables.length} tables, ${r.rows} rows, ${r.bytes} bytes in ${r.ms} ms; schema ${r.manifest.migrations.at(-1)}; manifest sha256 ${r.sha256}`,
    );
    io.out('  check it with: sha256sum -c SHA256SUMS (in that folder)');
    for (const old of done!.removed) io.out(`  removed old backup ${old}`);
  },
};

export const restoreCommand: CliCommand = {
  summary: 'load a backup into an empty database (DATABASE_URL or the embedded one) and verify its row counts',
  usage: 'restore --from <backup folder> [--json]',
  async main(argv, io) {
    const a = parseCommandArgs(
      argv,
      { from: { type: 'string' }, json: { type: 'boolean' } },
      z.object({
        from: z.string({ error: 'is required: the backup folder (with manifest.json)' }),
        json: z.boolean().default(false),
      }),
    );
    const r = await withDatabase(io, (ds) => restoreBackup(ds, a.from)).catch((e: Error) => {
      throw new CliError(e.message);
    });
    if (a.json) return void io.out(JSON.stringify(r));
    io.out(
      `restored ${r.tables} tables, ${r.rows} rows in ${r.ms} ms; every table's row count matches the backup's manifest`,
    );
  },
};
