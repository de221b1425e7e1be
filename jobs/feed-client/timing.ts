import WebSocket from 'ws';
import type { SocketFactory } from './options.js';

/** The connection's socket factory and its waits: the reconnect backoff and an interruptible sleep. */

export const wsFactory: SocketFactory = (url) =>
  new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 16 * 2 ** 20 });

/** The wait before reconnect number `attempt` (from 0): full jitter, a random time up to base·2^attempt, capped. */
export function backoffDelay(
  attempt: number,
  b: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 30)));
}

export const sleep = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.wake = undefined;
      resolve();
    }
    signal.wake = done;
  });
