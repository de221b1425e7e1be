import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder main.ts (or, built, main.js) is in: two up from here. */
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const APP_ROOT = path.resolve(HERE, '..', '..');
const FROM_SOURCES = import.meta.url.endsWith('.ts');

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** One process of the cluster (a bot replica or a worker), restartable with the same settings. */
export interface ClusterProcess {
  name: string;
  pid(): number | undefined;
  isRunning(): boolean;
  /** The last lines it printed (stdout and stderr). */
  tail(lines?: number): string;
  /** Sends a signal to its process group; resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Starts it again (after kill) with the same settings. */
  restart(): void;
  /** Resolves when the running process has exited. */
  exited(): Promise<Exit>;
}

const KEEP_CHARS = 64 * 1024;

/**
 * Starts main.ts (with tsx's loader from the sources, or main.js when built, or
 * `build`/main.js when given) in a process group of its own, so a kill ends it
 * with anything it started.
 */
export function startProcess(
  name: string,
  env: NodeJS.ProcessEnv,
  onLine?: (name: string, line: string) => void,
  build?: string,
): ClusterProcess {
  let child: ChildProcess;
  let output = '';
  let exit: Promise<Exit>;
  let running = false;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-KEEP_CHARS);
    if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(name, line);
  };
  const start = () => {
    const args = build ? [path.resolve(build, 'main.js')] : FROM_SOURCES ? ['--import', 'tsx', 'main.ts'] : ['main.js'];
    child = spawn(process.execPath, args, { cwd: APP_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = true;
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    exit = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      }),
    );
  };
  start();
  return {
    name,
    pid: () => child.pid,
    isRunning: () => running,
    tail: (lines = 30) => output.trim().split('\n').slice(-lines).join('\n'),
    exited: () => exit,
    async kill(signal = 'SIGTERM') {
      if (running && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          child.kill(signal);
        }
      }
      return exit;
    },
    restart() {
      if (running) throw new Error(`${name} is still running`);
      start();
    },
  };
}
