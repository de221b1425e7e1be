import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { verifyBackup } from './manifest.js';
import { quote, tablesInLoadOrder, withClient } from './tables.js';

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
