import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import type { AccessProfile } from '../core/access/profile.js';
import { deliver, type Planned } from '../core/notifications/deliveries.js';
import { startNotifications } from '../jobs/notifications/index.js';
import { connectRedis } from '../db/stores/redis.js';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../db/data-source.js';
import { makeSchool } from '../test/helpers/fixtures.js';
import { bigClass, NOTIFY_HASH_KEY } from '../test/helpers/notifications.js';
import { machine } from './support.js';

/**
 * `npm run bench -- worker [--chats 5000] [--concurrency 8] [--latency MS]`: the delivery worker's own
 * ceiling. A broadcast to `chats` families is queued, then one in-process worker drains it to the fake Bot
 * API on loopback (no limits; each send answered after `latency` ms, 0 by default) with
 * NOTIFY_RATE_PER_SECOND=1000 (the most the pacer allows), on a fresh
 * database of the PostgreSQL server (DATABASE_URL, required) and the Redis pacer when REDIS_URL is set.
 * Prints deliveries/s over the drain. Last line: unpaced_per_s=<n> lost=<n> duplicates=<n>
 */
const TOKEN = '700040:BENCH-worker-token-00000000000';

/** A fresh, migrated database on the server, dropped on close. */
export async function freshDatabase(adminUrl: string) {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const ds = createDataSource(u.toString());
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    url: u.toString(),
    async close() {
      await ds.destroy();
      const a = new pg.Client(adminUrl);
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface UnpacedResult {
  deliveries: number;
  perSecond: number;
  /** CPU of this process (worker and fake Bot API) per delivery: less noisy than the rate on a shared machine. */
  cpuMsPerDelivery: number;
  lost: number;
  duplicates: number;
  pacer: 'Redis' | 'PostgreSQL';
}

/** Queues a broadcast to `chats` families on a fresh database and drains it with one in-process worker. */
export async function measureUnpaced(o: {
  adminUrl: string;
  redisUrl?: string;
  chats: number;
  concurrency: string;
  /** Milliseconds the fake Bot API takes to answer each send (0: loopback; Telegram's own is tens of ms). */
  latencyMs?: number;
}): Promise<UnpacedResult> {
  const n = o.chats;
  const db = await freshDatabase(o.adminUrl);
  const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
  if (o.latencyMs) fake.delayNext('sendMessage', o.latencyMs, Number.MAX_SAFE_INTEGER);
  const redis = o.redisUrl ? await connectRedis(o.redisUrl, `bench${Date.now()}:`) : undefined;
  try {
    const f = await makeSchool(db.ds);
    const { chats } = await bigClass(db.ds, f.school.id, f.year.id, n, 8_500_000);
    const links: { id: number; chatId: string; accountHash: string }[] = await db.ds.query(
      `SELECT id, "chatId", "accountHash" FROM link WHERE "chatId" = ANY($1)`,
      [chats],
    );
    const planned: Planned[] = links.map((l) => ({
      key: 'bench:worker',
      schoolId: f.school.id,
      kind: 'lessons',
      preference: null,
      recipient: {
        linkId: l.id,
        messenger: 'telegram',
        chatId: String(l.chatId),
        accountHash: l.accountHash,
        schoolId: f.school.id,
        student: null,
        profile: {} as AccessProfile,
      },
      text: 'Завтра 2-й урок отменён.',
    }));
    await deliver(db.ds, planned, { timezone: 'Europe/Moscow', defaultQuietHours: 'off', now: new Date() });
    const config = loadConfig({
      NOTIFY_QUIET_HOURS: 'off',
      NOTIFY_RATE_PER_SECOND: '1000',
      NOTIFY_CONCURRENCY: o.concurrency,
      NOTIFY_POLL_SECONDS: '0.5',
    });
    const started = Date.now();
    const cpu = process.cpuUsage();
    const worker = await startNotifications({
      ds: db.ds,
      config,
      logger: createLogger('warn'),
      token: TOKEN,
      apiRoot: fake.url,
      hashKey: NOTIFY_HASH_KEY,
      databaseUrl: db.url,
      schedules: false,
      ...(redis ? { redis } : {}),
    });
    const sends = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);
    while (sends().length < n && Date.now() - started < 300_000) await new Promise((r) => setTimeout(r, 100));
    const used = process.cpuUsage(cpu);
    await worker.stop();
    const sent = sends();
    const at = sent.map((c) => c.at);
    const perSecond = (sent.length - 1) / ((Math.max(...at) - Math.min(...at)) / 1000);
    const distinct = new Set(sent.map((c) => c.params.chat_id)).size;
    return {
      deliveries: n,
      perSecond,
      cpuMsPerDelivery: (used.user + used.system) / 1000 / n,
      lost: n - distinct,
      duplicates: sent.length - distinct,
      pacer: redis ? 'Redis' : 'PostgreSQL',
    };
  } finally {
    await redis?.quit();
    await fake.stop();
    await db.close();
  }
}

export async function run(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { chats: { type: 'string' }, concurrency: { type: 'string' }, latency: { type: 'string' } },
  });
  const concurrency = values.concurrency ?? '8';
  const latencyMs = Number(values.latency ?? 0);
  if (!process.env.DATABASE_URL)
    throw new Error('set DATABASE_URL (a PostgreSQL server): the bench makes its own database there');
  const r = await measureUnpaced({
    adminUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    chats: Number(values.chats ?? 5000),
    concurrency,
    latencyMs,
  });
  console.log(`worker drain: ${machine()}, PostgreSQL server, pacer ${r.pacer}`);
  console.log(
    `  ${r.deliveries} deliveries, NOTIFY_CONCURRENCY=${concurrency}, Bot API latency ${latencyMs} ms: ${r.perSecond.toFixed(0)} deliveries/s, ${r.cpuMsPerDelivery.toFixed(2)} ms CPU per delivery in this process (worker + fake Bot API)`,
  );
  console.log(`unpaced_per_s=${r.perSecond.toFixed(0)} lost=${r.lost} duplicates=${r.duplicates}`);
}
