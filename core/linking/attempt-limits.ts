import type { RateLimiter } from '../../db/stores/rate-limit.js';

/**
 * Brute-force limit on invitation codes: failed attempts per Telegram account
 * per hour, in a sliding window (the previous window weighted by how much of it
 * still overlaps the last hour), so a burst across a window edge still counts.
 *
 * There is no cap across all accounts: it let a dozen throw-away accounts lock
 * out every parent holding a valid code, and it buys nothing against guessing —
 * a code has 79 bits, so even 10,000 accounts at 5 tries an hour against
 * 100,000 open codes need about 10^14 hours for one expected hit.
 */
export interface AttemptLimits {
  perAccountPerHour: number;
}

export type LimitState = { blocked: false } | { blocked: true; retryAt: Date };

/** Sliding estimate of hits over the last `windowSeconds`, and when it falls below `limit` again. */
async function slidingWindow(rl: RateLimiter, key: string, windowSeconds: number, limit: number) {
  const [cur, prev] = await Promise.all([rl.peek(key, windowSeconds), rl.peek(key, windowSeconds, 1)]);
  const W = windowSeconds * 1000;
  const end = cur.resetsAt.getTime();
  // The limiter's windows run on the real time of its store (Redis TTLs, the counters table): its time, not ours.
  const elapsed = 1 - (end - cur.at.getTime()) / W;
  const count = cur.count + prev.count * Math.max(0, 1 - elapsed);
  if (count < limit) return { blocked: false as const };
  // Below the limit again once enough of the previous window has slid out.
  const retryAt =
    cur.count >= limit ? end + W * (1 - limit / cur.count) : end - W + W * (1 - (limit - cur.count) / prev.count);
  return { blocked: true as const, retryAt: new Date(Math.ceil(retryAt / 60_000) * 60_000) };
}

export async function checkAttemptLimits(
  rl: RateLimiter,
  accountHash: string,
  limits: AttemptLimits,
): Promise<LimitState> {
  return slidingWindow(rl, `code-fail:${accountHash}`, 3600, limits.perAccountPerHour);
}

export async function recordFailedAttempt(rl: RateLimiter, accountHash: string): Promise<void> {
  await rl.hit(`code-fail:${accountHash}`, 3600);
}
