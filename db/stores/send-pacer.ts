import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { GroupCommit } from './group-commit.js';

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
/**
 * Every acquire, release and pause check the worker's senders asked for meanwhile, in one call, in the
 * order asked: ARGV holds each step's letter and arguments, KEYS its keys; the answer is a pair per step.
 * a (acquire) — keys lane, chat, pause; args global interval, lookahead, lease: the state and its wait.
 * r (release) — key chat; arg interval: 'ok', 0.  p (pause check) — key pause: 'p' and the ms it lasts.
 */
const STEPS = `${NOW}
local out, ki, ai = {}, 1, 1
local function put(state, ms) out[#out + 1] = state; out[#out + 1] = ms end
local function acquire(lane, chat, pause, interval, lookahead, lease)
  local paused = tonumber(redis.call('GET', pause) or '0')
  if paused > now then return put('paused', math.ceil(paused - now)) end
  local c = tonumber(redis.call('GET', chat) or '0')
  if c > now then return put('chat', math.ceil(c - now)) end
  local s = math.max(now, tonumber(redis.call('GET', lane) or '0'))
  if s > now + lookahead then return put('wait', math.ceil(s - now - lookahead)) end
  redis.call('SET', lane, tostring(s + interval), 'PX', 60000)
  redis.call('SET', chat, tostring(s + lease), 'PX', math.ceil(lease) + 60000)
  put('go', math.floor(s - now))
end
while ai <= #ARGV do
  local op = ARGV[ai]
  if op == 'a' then
    acquire(KEYS[ki], KEYS[ki + 1], KEYS[ki + 2], tonumber(ARGV[ai + 1]), tonumber(ARGV[ai + 2]), tonumber(ARGV[ai + 3]))
    ki, ai = ki + 3, ai + 4
  elseif op == 'r' then
    local interval = tonumber(ARGV[ai + 1])
    redis.call('SET', KEYS[ki], tostring(now + interval), 'PX', math.ceil(interval) + 60000)
    put('ok', 0)
    ki, ai = ki + 1, ai + 2
  else
    local p = tonumber(redis.call('GET', KEYS[ki]) or '0')
    put('p', p > now and math.ceil(p - now) or 0)
    ki, ai = ki + 1, ai + 1
  end
end
return out`;
const PAUSE = `${NOW}
local till = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if till > cur then redis.call('SET', KEYS[1], tostring(till), 'PX', math.ceil(tonumber(ARGV[1])) + 1000) end
return 1`;

/** One step of STEPS: its keys and its letter with arguments. */
type Step = { keys: string[]; args: (string | number)[] };

/**
 * The same on Redis, timed by the Redis server's clock (replicas' clocks may differ). The steps a worker's
 * senders ask for while one call is on its way go together in the next (a group commit): at full speed
 * one Redis round trip serves every sender instead of two or three per delivery, each step still applied
 * alone and in order, so the pacing is the same as one call each. Keys carry the bot's id: Telegram limits
 * each bot, and one Redis may serve several.
 */
export function redisSendPacer(redis: Redis, botId: string, o: PacerOptions): SendPacer {
  const k = (s: string) => `ntf:${botId}:${s}`;
  const steps = luaScript(redis, STEPS);
  const pause = luaScript(redis, PAUSE);
  const batch = new GroupCommit<Step, [string, number]>(async (list) => {
    const keys = list.flatMap((s) => s.keys);
    const out = (await steps(keys.length, ...keys, ...list.flatMap((s) => s.args))) as (string | number)[];
    return list.map((_, i) => [String(out[2 * i]), Number(out[2 * i + 1])]);
  }, 200);
  return {
    async acquire(chat, lane = 'free') {
      const l = laneOf(o, lane);
      const [state, waitMs] = await batch.submit({
        keys: [k(l.key), k(`chat:${chat}`), k(l.pause)],
        args: ['a', l.intervalMs, l.lookaheadMs, o.leaseMs],
      });
      return { state, waitMs } as Acquired;
    },
    async release(chat, intervalMs) {
      await batch.submit({ keys: [k(`chat:${chat}`)], args: ['r', intervalMs] });
    },
    async pause(ms, lane) {
      await pause(1, k(pauseKey(lane)), ms);
    },
    async pausedFor(lane) {
      return (await batch.submit({ keys: [k(pauseKey(lane))], args: ['p'] }))[1];
    },
  };
}

/**
 * A Lua script run by its SHA1 (EVALSHA): the body goes over the wire and through Redis's compiler once,
 * not on every call (sending the acquire script twice per delivery was a quarter of the worker's CPU). After
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
