import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

/**
 * Telegram's send limits, shared by every worker and replica: Redis when
 * configured, the notification_throttle table otherwise. One call decides when
 * a message may go, honouring in this order the pause after a 429 (no worker
 * sends at all), the chat's own pace (one send in flight per chat, then its
 * interval after the answer), and the global rate (slots `globalIntervalMs`
 * apart, handed out at most `lookaheadMs` ahead).
 */
export type Acquired =
  /** Sleep `waitMs`, then send. The slot is taken. */
  | { state: 'go'; waitMs: number }
  /** The global rate is used up: ask again in `waitMs`. */
  | { state: 'wait'; waitMs: number }
  /** This chat is busy or too soon: try it again in `waitMs` (send something else meanwhile). */
  | { state: 'chat'; waitMs: number }
  /** Everyone waits after a 429: ask again in `waitMs`. */
  | { state: 'paused'; waitMs: number };

/**
 * Whose global slots a send takes: Telegram's free rate, its paid broadcasts' (allow_paid_broadcast), or
 * MAX's (its own rate and its own pause after a 429: the two messengers never share one budget).
 */
export type Lane = 'free' | 'paid' | 'max';

export interface SendPacer {
  acquire(chat: string, lane?: Lane): Promise<Acquired>;
  /** After the answer (or a failure): the chat may take its next message `intervalMs` from now. */
  release(chat: string, intervalMs: number): Promise<void>;
  /** A 429: nobody sends for `ms` (on MAX's lane when `lane` is 'max', else on Telegram's). */
  pause(ms: number, lane?: Lane): Promise<void>;
  /** How long the pause still lasts (0: not paused). */
  pausedFor(lane?: Lane): Promise<number>;
}

export interface PacerOptions {
  /** 1000 / messages per second. */
  globalIntervalMs: number;
  /** How far ahead a global slot may be handed out (keeps several senders busy). */
  lookaheadMs: number;
  /** How long a chat stays "in flight" if its sender dies before release. */
  leaseMs: number;
  /** The paid lane: 1000 / paid messages per second, and its lookahead (NOTIFY_PAID_BROADCAST). */
  paid?: { globalIntervalMs: number; lookaheadMs: number };
  /** MAX's lane: 1000 / MAX_NOTIFY_RATE_PER_SECOND, and its lookahead (absent: MAX takes Telegram's figures). */
  max?: { globalIntervalMs: number; lookaheadMs: number };
}

/** The global key, slot gap and lookahead of a lane. */
const laneOf = (o: PacerOptions, lane: Lane) =>
  lane === 'max'
    ? {
        key: 'max',
        pause: 'pause:max',
        intervalMs: o.max?.globalIntervalMs ?? o.globalIntervalMs,
        lookaheadMs: o.max?.lookaheadMs ?? o.lookaheadMs,
      }
    : lane === 'paid' && o.paid
      ? { key: 'paid', pause: 'pause', intervalMs: o.paid.globalIntervalMs, lookaheadMs: o.paid.lookaheadMs }
      : { key: 'global', pause: 'pause', intervalMs: o.globalIntervalMs, lookaheadMs: o.lookaheadMs };
const pauseKey = (lane?: Lane) => (lane === 'max' ? 'pause:max' : 'pause');

export function postgresSendPacer(ds: DataSource, o: PacerOptions): SendPacer {
  return {
    async acquire(chat, lane = 'free') {
      const l = laneOf(o, lane);
      const [r] = await ds.query(`SELECT state, wait_ms FROM notification_acquire($1, $2, $3, $4, $5, $6)`, [
        `chat:${chat}`,
        l.intervalMs,
        l.lookaheadMs,
        o.leaseMs,
        l.key,
        l.pause,
      ]);
      return { state: r.state, waitMs: Number(r.wait_ms) };
    },
    async release(chat, intervalMs) {
      await ds.query(
        `UPDATE notification_throttle SET "nextAt" = clock_timestamp() + $2 * interval '1 millisecond' WHERE key = $1`,
        [`chat:${chat}`, intervalMs],
      );
    },
    async pause(ms, lane) {
      await ds.query(
        `INSERT INTO notification_throttle (key, "nextAt") VALUES ($2, clock_timestamp() + $1 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET "nextAt" = GREATEST(notification_throttle."nextAt", EXCLUDED."nextAt")`,
        [ms, pauseKey(lane)],
      );
    },
    async pausedFor(lane) {
      const [r] = await ds.query(
        `SELECT GREATEST(0, ceil(extract(epoch FROM "nextAt" - clock_timestamp()) * 1000))::int AS ms FROM notification_throttle WHERE key = $1`,
        [pauseKey(lane)],
      );
      return r ? Number(r.ms) : 0;
    },
  };
}

/** Purges chat pacing rows nobody needs any more (PostgreSQL pacer). */
export async function purgeThrottle(ds: DataSource): Promise<void> {
  await ds.query(`DELETE FROM notification_throttle WHERE key LIKE 'chat:%' AND "nextAt" < now() - interval '1 hour'`);
}

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
const ACQUIRE = `${NOW}
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {'paused', math.ceil(paused - now)} end
local c = tonumber(redis.call('GET', KEYS[2]) or '0')
if c > now then return {'chat', math.ceil(c - now)} end
local g = tonumber(redis.call('GET', KEYS[1]) or '0')
local s = math.max(now, g)
local lookahead = tonumber(ARGV[2])
if s > now + lookahead then return {'wait', math.ceil(s - now - lookahead)} end
redis.call('SET', KEYS[1], tostring(s + tonumber(ARGV[1])), 'PX', 60000)
redis.call('SET', KEYS[2], tostring(s + tonumber(ARGV[3])), 'PX', math.ceil(tonumber(ARGV[3])) + 60000)
return {'go', math.floor(s - now)}`;
const RELEASE = `${NOW}
redis.call('SET', KEYS[1], tostring(now + tonumber(ARGV[1])), 'PX', math.ceil(tonumber(ARGV[1])) + 60000)
return 1`;
const PAUSE = `${NOW}
local till = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if till > cur then redis.call('SET', KEYS[1], tostring(till), 'PX', math.ceil(tonumber(ARGV[1])) + 1000) end
return 1`;
const PAUSED_FOR = `${NOW}
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
if p > now then return math.ceil(p - now) end
return 0`;

/**
 * The same on Redis, each step one Lua script timed by the Redis server's
 * clock (replicas' clocks may differ). Keys carry the bot's id: Telegram
 * limits each bot, and one Redis may serve several.
 */
export function redisSendPacer(redis: Redis, botId: string, o: PacerOptions): SendPacer {
  const k = (s: string) => `ntf:${botId}:${s}`;
  const [acquire, release, pause, pausedFor] = [ACQUIRE, RELEASE, PAUSE, PAUSED_FOR].map((body) =>
    luaScript(redis, body),
  );
  return {
    async acquire(chat, lane = 'free') {
      const l = laneOf(o, lane);
      const [state, wait] = (await acquire(
        3,
        k(l.key),
        k(`chat:${chat}`),
        k(l.pause),
        l.intervalMs,
        l.lookaheadMs,
        o.leaseMs,
      )) as [string, number];
      return { state, waitMs: Number(wait) } as Acquired;
    },
    async release(chat, intervalMs) {
      await release(1, k(`chat:${chat}`), intervalMs);
    },
    async pause(ms, lane) {
      await pause(1, k(pauseKey(lane)), ms);
    },
    async pausedFor(lane) {
      return Number(await pausedFor(1, k(pauseKey(lane))));
    },
  };
}

/**
 * A Lua script run by its SHA1 (EVALSHA): the body goes over the wire and through Redis's compiler once,
 * not on every call (sending the ACQUIRE body twice per delivery was a quarter of the worker's CPU). After
 * a Redis restart or SCRIPT FLUSH the server answers NOSCRIPT: then it is sent once more with EVAL.
 */
function luaScript(redis: Redis, body: string) {
  const sha = createHash('sha1').update(body).digest('hex');
  return async (keys: number, ...args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys, ...args);
    } catch (e) {
      if (!String((e as Error).message).startsWith('NOSCRIPT')) throw e;
      return redis.eval(body, keys, ...args);
    }
  };
}
