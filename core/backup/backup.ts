import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

/**
 * Backups of the whole database (seed 001 §3.4.6: at least twice a year; the
 * school keeps two copies, 000 §5.5). No pg_dump: one REPEATABLE READ, READ
 * ONLY transaction through the driver, `COPY … TO STDOUT` per table in
 * foreign-key order, gzipped, with a manifest (schema migrations, columns,
 * row counts, checksums) and a SHA256SUMS file that `sha256sum -c` checks.
 * Works the same on the embedded server and on a PostgreSQL server.
 * docs/backup.md describes the format.
 */

export const FORMAT = 'dnevnik-backup';
/** State that is not the journal's: sessions, rate limits, send pacing, and the backup log itself. */
export const SKIPPED_TABLES = [
  'migrations',
  'backup_run',
  'bot_session',
  'rate_limit_counter',
  'notification_throttle',
  'typeorm_metadata',
];
const NAME = /^dnevnik-\d{8}T\d{6}Z$/;

export interface ManifestTable {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}
export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  serverVersion: string;
  /** Every migration applied to the database the backup is of, in order; a restore needs the same. */
  migrations: string[];
  /** In the order to load them (a table after every table it references). */
  tables: ManifestTable[];
  skipped: string[];
}

export interface BackupResult {
  directory: string;
  manifest: Manifest;
  sha256: string;
  bytes: number;
  rows: number;
  ms: number;
}

type Client = pg.PoolClient;

/** Runs `fn` on one connection of the data source's pool (COPY needs the raw client). */
async function withClient<T>(ds: DataSource, fn: (c: Client) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner('master');
  await qr.connect();
  try {
    return await fn((qr as unknown as { databaseConnection: Client }).databaseConnection);
  } finally {
    await qr.release();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sha256File = async (file: string) => {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
};

/** The public tables in an order where each comes after the tables its foreign keys point to. */
export async function tablesInLoadOrder(c: Client | DataSource): Promise<{ name: string; columns: string[] }[]> {
  const q = async <T>(sql: string): Promise<T[]> =>
    'query' in c && !('manager' in c) ? (await c.query(sql)).rows : await c.query(sql);
  const tables = (
    await q<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    )
  )
    .map((t) => t.name)
    .filter((t) => !SKIPPED_TABLES.includes(t));
  const deps = await q<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`,
  );
  const columns = await q<{ table: string; column: string }>(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`,
  );
  const pending = new Set(tables);
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending].filter(
      (t) => !deps.some((d) => d.child === t && d.parent !== t && pending.has(d.parent)),
    );
    if (!ready.length) throw new Error(`foreign keys form a cycle among: ${[...pending].join(', ')}`);
    for (const t of ready.sort()) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order.map((name) => ({ name, columns: columns.filter((c) => c.table === name).map((c) => c.column) }));
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

/** Reads a backup's manifest and checks every file against SHA256SUMS and the manifest. */
export async function verifyBackup(directory: string): Promise<Manifest> {
  const manifestText = await readFile(path.join(directory, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  if (manifest.format !== FORMAT || manifest.version !== 1)
    throw new Error(`${directory} is not a ${FORMAT} of version 1`);
  const sums = new Map(
    (await readFile(path.join(directory, 'SHA256SUMS'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => {
        const [hash, file] = l.split(/\s+/);
        return [file, hash] as const;
      }),
  );
  if (sums.get('manifest.json') !== createHash('sha256').update(manifestText).digest('hex'))
    throw new Error('manifest.json does not match its checksum');
  for (const t of manifest.tables) {
    const actual = await sha256File(path.join(directory, t.file));
    if (actual !== t.sha256 || sums.get(t.file) !== t.sha256) throw new Error(`${t.file} does not match its checksum`);
  }
  return manifest;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  counts: Record<string, number>;
  ms: number;
}

/**
 * Loads a backup into an empty database whose migrations are exactly the
 * backup's, in one transaction: every table by COPY … FROM STDIN in the
 * manifest's order, sequences moved past the loaded ids, then every table's
 * row count compared with the manifest. Any difference rolls it all back.
 */
export async function restoreBackup(ds: DataSource, directory: string): Promise<RestoreResult> {
  const started = performance.now();
  const manifest = await verifyBackup(directory);
  return withClient(ds, async (c) => {
    const migrations = (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map(
      (r: { name: string }) => r.name,
    );
    if (migrations.join(',') !== manifest.migrations.join(','))
      throw new Error(
        `the backup's schema (${manifest.migrations.at(-1)}, ${manifest.migrations.length} migrations) differs from this database's (${migrations.at(-1)}, ${migrations.length})`,
      );
    const present = new Set((await tablesInLoadOrder(c)).map((t) => t.name));
    const missing = manifest.tables.filter((t) => !present.has(t.name));
    if (missing.length) throw new Error(`this database has no table ${missing.map((t) => t.name).join(', ')}`);
    for (const t of manifest.tables) {
      const { rows } = await c.query(`SELECT EXISTS (SELECT 1 FROM ${quote(t.name)}) AS any`);
      if (rows[0].any)
        throw new Error(
          `the database is not empty: table ${t.name} has rows; restore needs an empty, migrated database`,
        );
    }
    await c.query('BEGIN');
    try {
      for (const t of manifest.tables) {
        if (!t.rows) continue;
        const sink = c.query(copyFrom(`COPY ${quote(t.name)} (${t.columns.map(quote).join(', ')}) FROM STDIN`));
        await pipeline(createReadStream(path.join(directory, t.file)), createGunzip(), sink);
      }
      const serials = (
        await c.query(
          `SELECT c.table_name AS t, c.column_name AS col, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
           FROM information_schema.columns c WHERE c.table_schema = 'public' AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL`,
        )
      ).rows as { t: string; col: string; seq: string }[];
      for (const s of serials.filter((x) => manifest.tables.some((t) => t.name === x.t)))
        await c.query(`SELECT setval($1, coalesce((SELECT max(${quote(s.col)}) FROM ${quote(s.t)}), 0) + 1, false)`, [
          s.seq,
        ]);
      const counts: Record<string, number> = {};
      for (const t of manifest.tables) {
        counts[t.name] = Number((await c.query(`SELECT count(*) AS n FROM ${quote(t.name)}`)).rows[0].n);
        if (counts[t.name] !== t.rows)
          throw new Error(`table ${t.name}: ${counts[t.name]} rows loaded, the backup has ${t.rows}`);
      }
      await c.query('COMMIT');
      return {
        tables: manifest.tables.length,
        rows: Object.values(counts).reduce((a, b) => a + b, 0),
        counts,
        ms: Math.round(performance.now() - started),
      };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
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
