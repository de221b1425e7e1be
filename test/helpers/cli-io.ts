import { createLogger } from '../../core/logger.js';
import type { Io } from '../../cli/io.js';

/** An Io that keeps what a command printed, for assertions. */
export function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(...text.split('\n')),
    err: (text) => stderr.push(...text.split('\n')),
    log: createLogger('silent'),
    env: {},
  };
}
