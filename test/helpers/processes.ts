import { createHash, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';

/** The repository root (where package.json and main.ts are). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Variables a child must not inherit from the test run: it gets exactly the ones a test gives. */
const STRIPPED = [
  'BOT_TOKEN',
  'BOT_API_ROOT',
  'BOT_MODE',
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
  'WEBHOOK_PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'REDIS_URL',
  'REDIS_PREFIX',
  'LOG_LEVEL',
  'CODE_HASH_KEY',
  'RUN_JOBS',
  'NODE_OPTIONS',
];

export interface Spawned {
  proc: ChildProcess;
  /** When spawn was called (ms since the epoch). */
  startedAt: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null if killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
}

const children = new Set<Spawned>();

/** Differs between runs, so a run never reads what an earlier one left in Redis. */
const RUN_SALT = randomBytes(4).toString('hex');

/**
 * This test file's keys in the shared Redis: test files run side by side (and, not isolated, one after
 * another in one process) with the same demo people (the same Telegram ids), and their processes must not
 * read each other's sessions. A file's own processes share it.
 */
export function redisPrefix(): string {
  const file = expect.getState().testPath ?? '';
  return `t${createHash('sha256').update(`${RUN_SALT}:${file}`).digest('hex').slice(0, 8)}:`;
}

/**
 * Starts `<script>` (main.ts, cli/index.ts…) compiled: the run's `npm run build` (test/global-setup.ts)
 * holds it as .js, so a start costs no TypeScript compiling. From the repository root, in a process group
 * of its own, so that killAll() can end it with everything it started (PostgreSQL included).
 */
export function spawnApp(script: string, env: Record<string, string | undefined>, args: string[] = []): Spawned {
  const base = { ...process.env };
  for (const k of STRIPPED) delete base[k];
  if (env.REDIS_URL) base.REDIS_PREFIX = redisPrefix();
  const entry = path.join(inject('appBuild'), script.replace(/\.ts$/, '.js'));
  const proc = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    // No scheduled backup into the repository's ./backups from a test's process (tests that want one say so).
    env: { BACKUP_AT: 'off', ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const child: Spawned = {
    proc,
    startedAt: Date.now(),
    stdout: () => out,
    stderr: () => err,
    exited,
    isRunning: () => running,
  };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

/** The exit of a child within `ms`, or an error that shows what it printed. */
export async function exitWithin(
  child: Spawned,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `process did not exit within ${ms} ms\n--- stdout ---\n${child.stdout().slice(-3000)}\n--- stderr ---\n${child.stderr().slice(-3000)}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every child still running, with its whole process group. For afterAll, whatever happened. */
export async function killAll(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const c of children) {
    if (!c.isRunning() || !c.proc.pid) continue;
    try {
      process.kill(-c.proc.pid, 'SIGKILL');
    } catch {
      c.proc.kill('SIGKILL');
    }
    waits.push(exitWithin(c, 5000).catch(() => undefined));
  }
  await Promise.all(waits);
}

/** A temporary folder, removed by the returned function. */
/**
 * The school day end-to-end tests live on: a Wednesday of the second quarter, 10:00 in Moscow. The
 * process gets it as CLOCK_START (its clock starts there and runs on), so a test passes on any real date.
 */
export const SCHOOL_DAY = '2026-11-25T10:00:00+03:00';

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a failing test should show: the last lines a child printed. */
export function tail(child: Spawned, n = 40): string {
  const lines = `${child.stdout()}\n${child.stderr()}`.trim().split('\n');
  return lines.slice(-n).join('\n');
}
