import pino from 'pino';
import { createLogger, type Logger } from '../core/logger.js';

/**
 * Where a command writes: `out` is its result (stdout, nothing else goes
 * there, so `--json` output can be piped), `err` is for people (stderr), and
 * `log` is the structured log, also on stderr. No personal data in `log`.
 */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  log: Logger;
  env: NodeJS.ProcessEnv;
}

/** A failure the user can fix; its message is one line and is shown as is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function logLevel(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL ?? '';
  return LEVELS.has(level) ? level : 'info';
}

export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    log: createLogger(logLevel(env), pino.destination({ dest: 2, sync: true })),
    env,
  };
}
