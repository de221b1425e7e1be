import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { machine } from './support.js';

/**
 * The bot's start-up, from spawning the process to its first getUpdates (the
 * moment it takes updates), and its memory then, against the local fake Bot
 * API with an embedded PostgreSQL: the TypeScript sources run through tsx
 * (the tsx command as `npm start` was before issue 14, and `npm run
 * start:dev`) against the compiled JavaScript (`npm start`), in
 * turn, on a fresh data folder (initdb and migrations included) and on one
 * that already holds the demo school. Needs `npm run build` first.
 * `npm run bench -- startup [runs]` (default 5 of each).
 */
const TOKEN = '123456:BENCH-startup-token-0000000000';
const ROOT = path.resolve(import.meta.dirname, '..');
const MODES = {
  // How `npm start` ran before issue 14: the tsx command, a wrapper process around the bot's.
  'tsx wrapper (tsx main.ts)': ['node_modules/tsx/dist/cli.mjs', 'main.ts'],
  'sources (node --import tsx main.ts)': ['--import', 'tsx', 'main.ts'],
  'compiled (node dist/main.js)': ['dist/main.js'],
} as const;

/** VmRSS and VmHWM of a process, in MiB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Node processes in the bot's process tree (the bot itself, or a wrapper and the bot it started). */
function nodeProcesses(pid: number): number[] {
  const out = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).stdout;
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm }));
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
  }
  return rows.filter((r) => tree.has(r.pid) && r.comm === 'node').map((r) => r.pid);
}

async function startOnce(args: readonly string[], dataDir: string) {
  const fake = new FakeBotApi({ token: TOKEN });
  const apiRoot = await fake.start();
  const started = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      BACKUP_AT: 'off',
    },
    stdio: 'ignore',
  });
  try {
    await fake.waitForRequest((c) => c.method === 'getUpdates', 120_000);
    const ms = performance.now() - started;
    // Memory of every node process of the tree, added up.
    const pids = nodeProcesses(child.pid!);
    const mem = pids.map(memory);
    return {
      ms,
      rss: mem.reduce((a, m) => a + m.rss, 0),
      peak: mem.reduce((a, m) => a + m.peak, 0),
      processes: pids.length,
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await fake.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build`');
  const runs = Number(process.argv[3] ?? 5);
  console.log(`bot start-up to the first getUpdates, embedded PostgreSQL, ${runs} runs each — ${machine()}`);
  const existing = mkdtempSync(path.join(tmpdir(), 'dnevnik-startup-'));
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'seed'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: existing, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const results = new Map<string, { ms: number; rss: number; peak: number; processes: number }[]>();
  try {
    // In turn, A B A B …, so a drift of the machine's speed hits both alike.
    for (let i = 0; i < runs; i++)
      for (const [mode, args] of Object.entries(MODES))
        for (const folder of ['fresh', 'demo school'] as const) {
          const fresh = folder === 'fresh' ? mkdtempSync(path.join(tmpdir(), 'dnevnik-startup-')) : null;
          try {
            const r = await startOnce(args, fresh ?? existing);
            const key = `${mode}, ${folder} data folder`;
            results.set(key, [...(results.get(key) ?? []), r]);
          } finally {
            if (fresh) rmSync(fresh, { recursive: true, force: true });
          }
        }
  } finally {
    rmSync(existing, { recursive: true, force: true });
  }
  for (const [key, rs] of results) {
    const m = (f: (r: (typeof rs)[number]) => number) => median(rs.map(f));
    console.log(
      `${key}: start-up median ${(m((r) => r.ms) / 1000).toFixed(2)} s (min ${(Math.min(...rs.map((r) => r.ms)) / 1000).toFixed(2)}, max ${(Math.max(...rs.map((r) => r.ms)) / 1000).toFixed(2)}); RSS ${m((r) => r.rss).toFixed(0)} MiB, peak ${m((r) => r.peak).toFixed(0)} MiB (all node processes); node processes: ${m((r) => r.processes)}`,
    );
  }
}
