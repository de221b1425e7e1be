import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { SKIPPED_TABLES } from './manifest.js';

/**
 * The database side shared by backup and restore: a raw client, quoted names,
 * the tables in load order.
 */

export type Client = pg.PoolClient;

/** Runs `fn` on one connection of the data source's pool (COPY needs the raw client). */
export async function withClient<T>(ds: DataSource, fn: (c: Client) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner('master');
  await qr.connect();
  try {
    return await fn((qr as unknown as { databaseConnection: Client }).databaseConnection);
  } finally {
    await qr.release();
  }
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

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
