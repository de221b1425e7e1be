import type { DataSource } from 'typeorm';
import type { BackupRun } from '../../db/entities/index.js';
import { pruneBackups, writeBackup, type BackupResult } from './backup.js';

/**
 * A backup as the school's record keeps it: every run in backup_run (started,
 * finished or failed, where it went, its checksum and size), old backups
 * pruned after a success. A scheduled run claims its slot, so with several
 * workers one of them makes it.
 */
export async function runBackup(
  ds: DataSource,
  o: { dir: string; keep: number; trigger: 'cli' | 'schedule'; slot?: string; now: Date },
): Promise<{ result: BackupResult; removed: string[]; runId: number } | null> {
  const [run] = await ds.query(
    `INSERT INTO backup_run (trigger, slot, status) VALUES ($1, $2, 'running') ON CONFLICT (slot) DO NOTHING RETURNING id`,
    [o.trigger, o.slot ?? null],
  );
  if (!run) return null;
  try {
    const result = await writeBackup(ds, o.dir, o.now);
    await ds.query(
      `UPDATE backup_run SET status = 'ok', "finishedAt" = now(), directory = $2, bytes = $3, sha256 = $4, migration = $5, tables = $6, rows = $7 WHERE id = $1`,
      [
        run.id,
        result.directory,
        result.bytes,
        result.sha256,
        result.manifest.migrations.at(-1) ?? null,
        result.manifest.tables.length,
        result.rows,
      ],
    );
    const removed = await pruneBackups(o.dir, o.keep);
    return { result, removed, runId: run.id };
  } catch (e) {
    await ds.query(`UPDATE backup_run SET status = 'failed', "finishedAt" = now(), error = $2 WHERE id = $1`, [
      run.id,
      String((e as Error).message ?? e).slice(0, 1000),
    ]);
    throw e;
  }
}

export interface BackupStatus {
  lastOk: BackupRun | null;
  lastFailed: BackupRun | null;
  running: number;
}

export async function backupStatus(ds: DataSource): Promise<BackupStatus> {
  const [ok] = await ds.query(
    `SELECT * FROM backup_run WHERE status = 'ok' ORDER BY "finishedAt" DESC, id DESC LIMIT 1`,
  );
  const [failed] = await ds.query(
    `SELECT * FROM backup_run WHERE status = 'failed' ORDER BY "finishedAt" DESC, id DESC LIMIT 1`,
  );
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM backup_run WHERE status = 'running'`);
  return { lastOk: ok ?? null, lastFailed: failed ?? null, running: n };
}

/** The last successful backup for the health endpoint: when, where, and its manifest's checksum. */
export async function lastBackup(
  ds: DataSource,
): Promise<{ at: string; directory: string | null; sha256: string | null } | null> {
  const [r] = await ds.query(
    `SELECT "finishedAt", directory, sha256 FROM backup_run WHERE status = 'ok' ORDER BY "finishedAt" DESC, id DESC LIMIT 1`,
  );
  return r ? { at: new Date(r.finishedAt).toISOString(), directory: r.directory, sha256: r.sha256 } : null;
}
