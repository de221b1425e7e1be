import type { DataSource } from 'typeorm';
import { runCity } from '../cli/seed/city.js';
import { manualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { recordAttendance } from '../core/journal/index.js';
import { createLogger } from '../core/logger.js';
import { runEveningDigest } from '../core/notifications/evening-digest.js';
import { connectRedis } from '../db/stores/redis.js';
import { startNotifications } from '../jobs/notifications/index.js';
import { FakeBotApi, type ApiCall } from '../test/support/fake-bot-api/index.js';
import { benchBot } from './bot.js';
import { percentiles } from './support.js';
import { freshDatabase } from './worker.js';

/**
 * The city's 19:00 evening digest (bench/cluster.ts): `seed --city` on a fresh database of the server, the
 * digest planned for every school, then drained by the real worker to the fake Bot API enforcing Telegram's
 * broadcast limits — first a sample at the free rate, then the rest with paid broadcasts — while personal
 * alerts are written in the middle of it. Then the diary's /marks on that database.
 */
export const TODAY = '2026-11-25';
const SLOT_AT = new Date('2026-11-25T16:00:00Z'); // 19:00 in Moscow
const TOKEN = '700041:BENCH-cluster-token-0000000000';
const KEY = process.env.CODE_HASH_KEY ?? 'dnevnik-dev-key-change-me';
const EVENING = '🌙';
const ACTOR = { kind: 'cli', command: 'bench' } as const;

export interface CityOptions {
  adminUrl: string;
  redisUrl: string;
  schools: number;
  students: number;
  freeRate: number;
  paidRate: number;
  freeSampleSeconds: number;
  alerts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rateOf = (calls: ApiCall[]) =>
  calls.length < 2 ? 0 : (calls.length - 1) / ((calls.at(-1)!.at - calls[0].at) / 1000);

function workerConfig(o: CityOptions, paid: boolean) {
  return loadConfig({
    NOTIFY_QUIET_HOURS: 'off',
    NOTIFY_RATE_PER_SECOND: String(o.freeRate),
    NOTIFY_CONCURRENCY: '8',
    NOTIFY_POLL_SECONDS: '0.5',
    ...(paid
      ? {
          NOTIFY_PAID_BROADCAST: 'true',
          NOTIFY_PAID_RATE_PER_SECOND: String(o.paidRate),
          NOTIFY_PAID_DAILY_STARS: '1000000',
        }
      : {}),
  });
}

/** Personal alerts (a late arrival) written one every 200 ms; latency from commit to the message at the fake. */
async function alertsDuring(ds: DataSource, fake: FakeBotApi, n: number): Promise<number[]> {
  const picks: { studentId: number; schoolId: number; lessonId: number; chat: string }[] = await ds.query(
    `SELECT DISTINCT ON (l."studentId") l."studentId", l."schoolId", ls.id AS "lessonId", l."chatId"::text AS chat
       FROM link l JOIN student st ON st.id = l."studentId"
       JOIN lesson ls ON ls."classId" = st."classId" AND ls.date = $1 AND ls.slot = 5
      WHERE l."studentId" % 97 = 0 ORDER BY l."studentId" LIMIT $2`,
    [TODAY, n],
  );
  // Personal messages by chat, indexed as they arrive (scanning every call each poll would starve the worker).
  const personal = new Map<string, number[]>();
  let seen = 0;
  const index = setInterval(() => {
    for (; seen < fake.calls.length; seen++) {
      const c = fake.calls[seen];
      if (!c.response) break;
      if (c.method !== 'sendMessage' || !c.response.ok || String(c.params.text).startsWith(EVENING)) continue;
      const chat = String(c.params.chat_id);
      personal.set(chat, [...(personal.get(chat) ?? []), c.at]);
    }
  }, 20);
  const waits = picks.map(async (p, i) => {
    await sleep(i * 200);
    await recordAttendance(
      ds,
      { schoolId: p.schoolId, studentId: p.studentId, lessonId: p.lessonId, status: 'late', reason: 'unknown' },
      ACTOR,
    );
    const committed = Date.now();
    while (Date.now() < committed + 60_000) {
      const got = personal.get(p.chat)?.find((at) => at >= committed);
      if (got) return got - committed;
      await sleep(20);
    }
    return 60_000;
  });
  try {
    return await Promise.all(waits);
  } finally {
    clearInterval(index);
  }
}

/** Per chat, sends closer than 1 s to the one before (Telegram's limit for a private chat). */
function perChatViolations(calls: ApiCall[]): number {
  const byChat = new Map<string, number[]>();
  for (const c of calls) byChat.set(String(c.params.chat_id), [...(byChat.get(String(c.params.chat_id)) ?? []), c.at]);
  let n = 0;
  for (const at of byChat.values()) {
    at.sort((a, b) => a - b);
    for (let i = 1; i < at.length; i++) if (at[i] - at[i - 1] < 1000) n++;
  }
  return n;
}

/** The diary's /marks through the whole bot for `n` guardians of the city (the first 10 are warm-up). */
async function marksLatency(ds: DataSource, n: number): Promise<number[]> {
  const sim = benchBot(ds, manualClock(SLOT_AT));
  const users: { u: string }[] = await ds.query(
    `SELECT "telegramUserId"::text AS u FROM link WHERE id % 7 = 3 ORDER BY id LIMIT $1`,
    [n + 10],
  );
  const times: number[] = [];
  for (const [i, { u }] of users.entries()) {
    const t = performance.now();
    await sim.bot.handleUpdate(sim.message(Number(u), '/marks'));
    if (i >= 10) times.push(performance.now() - t);
  }
  return times;
}

export async function measureCity(o: CityOptions) {
  const db = await freshDatabase(o.adminUrl);
  const fake = new FakeBotApi({
    token: TOKEN,
    allowUnknownChats: true,
    broadcastLimits: { freePerSecond: 30, paidPerSecond: 1000 },
  });
  await fake.start();
  const redis = await connectRedis(o.redisUrl, `bench-city${Date.now()}:`);
  const log = createLogger('silent');
  try {
    const io = { out: () => {}, err: () => {}, log, env: { CODE_HASH_KEY: KEY } };
    const seed = await runCity(db.ds, { schools: o.schools, students: o.students, weeks: 8, today: TODAY }, io);
    let t = performance.now();
    const ctx = { ds: db.ds, hashKey: KEY, now: SLOT_AT, timezone: 'Europe/Moscow', defaultQuietHours: 'off' };
    const planned = await runEveningDigest(ctx, TODAY, SLOT_AT);
    const planSeconds = (performance.now() - t) / 1000;
    const messages = planned.messages;
    const deps = { ds: db.ds, logger: log, token: TOKEN, apiRoot: fake.url, hashKey: KEY, databaseUrl: db.url };
    // Counted as they are answered: filtering every call each 100 ms poll took the worker's share of the CPU.
    const digest: ApiCall[] = [];
    let seen = 0;
    const digestSends = () => {
      for (; seen < fake.calls.length; seen++) {
        const c = fake.calls[seen];
        if (!c.response) break;
        if (c.method === 'sendMessage' && c.response.ok && String(c.params.text).startsWith(EVENING)) digest.push(c);
      }
      return digest;
    };
    // A sample at the free rate: the whole digest at 25/s would take messages / 25 seconds.
    const free = await startNotifications({ ...deps, config: workerConfig(o, false), schedules: false, redis });
    await sleep(o.freeSampleSeconds * 1000);
    await free.stop();
    const freeSent = [...digestSends()];
    // The rest with paid broadcasts, personal alerts written when about half of it is out.
    t = performance.now();
    const paid = await startNotifications({ ...deps, config: workerConfig(o, true), schedules: false, redis });
    const half = freeSent.length + (messages - freeSent.length) / 2;
    while (digestSends().length < half && performance.now() - t < 900_000) await sleep(100);
    const alertMs = await alertsDuring(db.ds, fake, o.alerts);
    while (digestSends().length < messages && performance.now() - t < 1_800_000) await sleep(100);
    await sleep(1500);
    await paid.stop();
    const all = digestSends();
    const paidSent = all.slice(freeSent.length);
    const distinct = new Set(all.map((c) => `${c.params.chat_id}\n${c.params.text}`)).size;
    const sent = fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);
    const personalRows: { kind: string; status: string; n: number }[] = await db.ds.query(
      `SELECT kind, status, count(*)::int AS n FROM notification_delivery WHERE kind <> 'evening' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const marksMs = await marksLatency(db.ds, 200);
    return {
      seed,
      messages,
      planSeconds,
      free: { sent: freeSent.length, rate: rateOf(freeSent) },
      paid: { sent: paidSent.length, rate: rateOf(paidSent), seconds: (paidSent.at(-1)!.at - paidSent[0].at) / 1000 },
      paidStars: fake.limits?.paidSent ?? 0,
      refused429: fake.limits?.refused ?? 0,
      violations: perChatViolations(sent),
      lost: messages - distinct,
      duplicates: all.length - distinct,
      alert: percentiles(alertMs),
      alerts: alertMs.length,
      personalRows,
      marks: percentiles(marksMs),
    };
  } finally {
    await redis.quit();
    await fake.stop();
    await db.close();
  }
}
