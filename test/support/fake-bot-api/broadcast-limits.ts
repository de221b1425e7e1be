import { ApiError, type BroadcastLimitOptions } from './types.js';

const SEND = /^send(?!chataction$)/i;

/**
 * Counts sends over the last second: a send without allow_paid_broadcast past
 * the free limit, or one with it past the paid limit, answers 429 (retry after
 * 1 s) as Telegram does. Only when a test asks for it: other tests send fast.
 */
export class BroadcastLimits {
  private free: number[] = [];
  private all: number[] = [];
  /** Sends that went with allow_paid_broadcast. */
  paidSent = 0;
  /** Sends refused with 429. */
  refused = 0;
  private readonly freePerSecond: number;
  private readonly paidPerSecond: number;

  constructor(o: BroadcastLimitOptions) {
    this.freePerSecond = o.freePerSecond ?? 30;
    this.paidPerSecond = o.paidPerSecond ?? 1000;
  }

  check(method: string, params: Record<string, unknown>, now = Date.now()): void {
    if (!SEND.test(method)) return;
    const since = now - 1000;
    while (this.free.length && this.free[0] <= since) this.free.shift();
    while (this.all.length && this.all[0] <= since) this.all.shift();
    const paid = params.allow_paid_broadcast === true;
    if (paid ? this.all.length >= this.paidPerSecond : this.free.length >= this.freePerSecond) {
      this.refused++;
      throw new ApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    }
    this.all.push(now);
    if (paid) this.paidSent++;
    else this.free.push(now);
  }
}
