import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../core/logger.js';
import { runSeed, type SeedResult } from '../cli/seed/index.js';

/** The machine, named in every report: figures mean little without it. */
export function machine(): string {
  const c = cpus();
  return `${c[0]?.model.trim() ?? 'unknown CPU'}, ${c.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** A database with the demo school: DATABASE_URL's server, or an embedded PostgreSQL in a temp folder. */
export async function benchDatabase(): Promise<{
  db: Database;
  seed: SeedResult;
  mode: string;
  close: () => Promise<void>;
}> {
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const log = createLogger('silent', pino.destination({ dest: 2, sync: true }));
  const seed = await runSeed(db.dataSource, { json: true }, { out: () => {}, err: () => {}, log, env: process.env });
  return {
    db,
    seed,
    mode: db.embedded ? 'embedded PostgreSQL' : 'PostgreSQL server',
    async close() {
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The delivery worker: main.ts with RUN_BOT=false against a fake Bot API, in a process group of its own. */
export function startWorker(
  o: { token: string; apiRoot: string; databaseUrl: string; hashKey: string; rate: number },
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      BOT_TOKEN: o.token,
      BOT_API_ROOT: o.apiRoot,
      RUN_BOT: 'false',
      DATABASE_URL: o.databaseUrl,
      LOG_LEVEL: 'error',
      CODE_HASH_KEY: o.hashKey,
      NOTIFY_RATE_PER_SECOND: String(o.rate),
      NOTIFY_QUIET_HOURS: 'off',
      ...env,
      NOTIFY_DIGEST_TIME: '03:33',
      NOTIFY_PERIODS_TIME: '03:34',
      NOTIFY_WEEKLY_AT: 'sun 03:35',
    },
  });
}

/** Ends a worker started by startWorker (its whole process group) and waits for it to exit. */
export async function stopWorker(worker: ChildProcess | undefined): Promise<void> {
  if (!worker?.pid) return;
  try {
    process.kill(-worker.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once('exit', r)));
}

/** Every statement the pool sends while a collector is open; restore() puts pg's query back. */
export function statementTap() {
  const tap: { collected: string[] | null; restore: () => void } = { collected: null, restore: () => {} };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back by restore() and called with the client as `this`
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string };
    if (tap.collected) tap.collected.push(typeof q === 'string' ? q : q.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  tap.restore = () => {
    pg.Client.prototype.query = original;
  };
  return tap;
}

/** From now until the returned function is called: the statements the tap saw and this process's CPU time. */
export function phaseCost(tap: ReturnType<typeof statementTap>): () => { statements: number; cpuMs: number } {
  tap.collected = [];
  const cpu0 = process.cpuUsage();
  return () => {
    const statements = tap.collected?.length ?? 0;
    tap.collected = null;
    const c = process.cpuUsage(cpu0);
    return { statements, cpuMs: (c.user + c.system) / 1000 };
  };
}
