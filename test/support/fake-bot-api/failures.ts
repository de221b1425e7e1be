import type { ServerResponse } from 'node:http';
import { ApiError, type FailureOptions } from './types.js';

/** The failures a test asked for: the next calls of a method answer an error, lose their connection or wait. */
interface Interceptor {
  method: string;
  times: number;
  kind: 'error' | 'reset' | 'delay';
  code?: number;
  description?: string;
  retryAfter?: number;
  delayMs?: number;
}

export class Failures {
  private interceptors: Interceptor[] = [];

  /** The next calls of `method` ('*' = any) answer an error: 500 by default, or 429 with retry_after. */
  failNext(method: string, opts: FailureOptions = {}): void {
    const code = opts.code ?? 500;
    this.interceptors.push({
      method: method.toLowerCase(),
      times: opts.times ?? 1,
      kind: 'error',
      code,
      description:
        opts.description ??
        (code === 429
          ? `Too Many Requests: retry after ${opts.retryAfter ?? 1}`
          : code >= 500
            ? 'Internal Server Error'
            : 'Bad Request'),
      retryAfter: code === 429 ? (opts.retryAfter ?? 1) : opts.retryAfter,
    });
  }

  /** The next calls of `method` lose their connection without an answer (a network error for the bot). */
  resetNext(method: string, times = 1): void {
    this.interceptors.push({ method: method.toLowerCase(), times, kind: 'reset' });
  }

  /** The next calls of `method` are answered only after `ms`. */
  delayNext(method: string, ms: number, times = 1): void {
    this.interceptors.push({ method: method.toLowerCase(), times, kind: 'delay', delayMs: ms });
  }

  clear(): void {
    this.interceptors = [];
  }

  /** What happens to this call: an error to answer, a dropped connection, or nothing (after a delay, if asked). */
  async intercept(method: string, res: ServerResponse): Promise<ApiError | 'reset' | undefined> {
    const lower = method.toLowerCase();
    const i = this.interceptors.findIndex((x) => x.times > 0 && (x.method === lower || x.method === '*'));
    if (i < 0) return undefined;
    const x = this.interceptors[i];
    if (--x.times <= 0) this.interceptors.splice(i, 1);
    if (x.kind === 'reset') {
      res.socket?.destroy();
      return 'reset';
    }
    if (x.kind === 'delay') {
      await new Promise((r) => setTimeout(r, x.delayMs));
      return undefined;
    }
    return new ApiError(
      x.code!,
      x.description!,
      x.retryAfter !== undefined ? { retry_after: x.retryAfter } : undefined,
    );
  }
}
