import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { FORMAT, SKIPPED_TABLES, type Manifest, type ManifestTable } from './manifest.js';
import { quote, tablesInLoadOrder, withClient } from './tables.js';

/**
 * Backups of the whole database (seed 001 §3.4.6: at least twice a year; the
 * school keeps two copies, 000 §5.5). No pg_dump: one REPEATABLE READ, READ
 * ONLY transaction through the driver, `COPY … TO STDOUT` per table in
 * foreign-key order, gzipped, with a manifest (schema migrations, columns,
 * row counts, checksums) and a SHA256SUMS file that `sha256sum -c` checks.
 * Works the same on the embedded server and on a PostgreSQL server.
 * docs/backup.md describes the format. The manifest and its check are in
 * manifest.ts, the restore in restore.ts.
 */

const NAME = /^dnevnik-\d{8}T\d{6}Z$/;

export interface BackupResult {
  directory: string;
  manifest: Manifest;
  sha256: string;
  bytes: number;
  rows: number;
  ms: number;
}

/** Counts the rows of COPY's text output (one line per row; newlines inside values are escaped) while passing it on. */
function rowCounter(): Transform & { rows: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) t.rows++;
      done(null, chunk);
    },
  }) as Transform & { rows: number };
  t.rows = 0;
  return t;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Writes a backup into `<dir>/dnevnik-<UTC time>/` (first into a `.partial`
 * folder, renamed when complete, so a crash leaves no folder that looks whole).
 */
export async function writeBackup(ds: DataSource, dir: string, now: Date): Promise<BackupResult> {
  const started = performance.now();
  const name = `dnevnik-${stamp(now)}`;
  const final = path.resolve(dir, name);
  const partial = `${final}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    const manifest = await withClient(ds, async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const serverVersion = (await c.query('SHOW server_version')).rows[0].server_version as string;
        const migrations = (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map(
          (r: { name: string }) => r.name,
        );
        const tables: ManifestTable[] = [];
        for (const t of await tablesInLoadOrder(c)) {
          const file = `${t.name}.copy.gz`;
          const counter = rowCounter();
          const hash = createHash('sha256');
          let bytes = 0;
          const tap = new Transform({
            transform(chunk: Buffer, _e, done) {
              hash.update(chunk);
              bytes += chunk.length;
              done(null, chunk);
            },
          });
          const source = c.query(copyTo(`COPY ${quote(t.name)} (${t.columns.map(quote).join(', ')}) TO STDOUT`));
          await pipeline(source, counter, createGzip({ level: 6 }), tap, createWriteStream(path.join(partial, file)));
          tables.push({
            name: t.name,
            columns: t.columns,
            rows: counter.rows,
            file,
            bytes,
            sha256: hash.digest('hex'),
          });
        }
        await c.query('COMMIT');
        return {
          format: FORMAT,
          version: 1,
          createdAt: now.toISOString(),
          serverVersion,
          migrations,
          tables,
          skipped: SKIPPED_TABLES,
        } satisfies Manifest;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(path.join(partial, 'manifest.json'), manifestText);
    const sha256 = createHash('sha256').update(manifestText).digest('hex');
    const sums = [...manifest.tables.map((t) => `${t.sha256}  ${t.file}`), `${sha256}  manifest.json`].join('\n');
    await writeFile(path.join(partial, 'SHA256SUMS'), `${sums}\n`);
    await rename(partial, final);
    const bytes = manifest.tables.reduce((n, t) => n + t.bytes, 0) + Buffer.byteLength(manifestText);
    return {
      directory: final,
      manifest,
      sha256,
      bytes,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      ms: Math.round(performance.now() - started),
    };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Keeps the newest `keep` complete backups in `dir` (folders named by this module only); returns what it removed. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const complete: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !NAME.test(e.name)) continue;
    const ok = await stat(path.join(dir, e.name, 'manifest.json')).then(
      () => true,
      () => false,
    );
    if (ok) complete.push(e.name);
  }
  const old = complete.sort().reverse().slice(keep);
  for (const name of old) await rm(path.join(dir, name), { recursive: true, force: true });
  return old.map((n) => path.join(dir, n));
}
