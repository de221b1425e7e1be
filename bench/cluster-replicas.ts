import { randomBytes, randomInt } from 'node:crypto';
import type { Update } from 'grammy/types';
import { startCluster } from '../cli/cluster/index.js';
import { FakeBotApi, type ApiCall } from '../test/support/fake-bot-api/index.js';
import { percentiles } from './support.js';

/**
 * Bot replicas side by side (issue 17): for each count, that many replicas in
 * webhook mode behind the round-robin forwarder (cli/cluster), on the
 * PostgreSQL server and Redis given, no workers. `UPDATES` updates from as many
 * users (/start, which reads the session and the user's links and answers the
 * greeting) are POSTed to the forwarder, `CONCURRENCY` at a time, as Telegram
 * does with max_connections; an update counts when the bot's answer reaches
 * the fake Bot API. Reported: updates answered per second, and the p95 from the
 * POST to the answer. Used by `npm run bench -- cluster`.
 */
const TOKEN = '700018:BENCH-cluster-token-0000000000';
const UPDATES = 600;
const WARM_UP = 30;
const CONCURRENCY = 32;

export interface ReplicaFigures {
  replicas: number;
  updatesPerSec: number;
  p95Ms: number;
  /** Every user's /start got its answer, and only once. */
  answeredOnce: boolean;
  /** Users whose answer never came (within ANSWER_TIMEOUT_MS). */
  lost: number;
  /** Answers beyond the one each /start makes. */
  duplicates: number;
}
const ANSWER_TIMEOUT_MS = 60_000;
/** After the last answer: how long late (duplicate) answers are still counted. */
const SETTLE_MS = 1_500;

function startUpdate(updateId: number, user: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      text: '/start',
      chat: { id: user, type: 'private', first_name: 'Тест' },
      from: { id: user, is_bot: false, first_name: 'Тест', language_code: 'ru' },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

/** POSTs until 200 (a 503 or a refused connection: again, as Telegram does). */
async function post(url: string, secret: string, update: Update): Promise<void> {
  for (;;) {
    const status = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    }).then(
      async (r) => (await r.text(), r.status),
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends `n` updates from new users, `CONCURRENCY` at a time; the time each took from its POST to its answer. */
async function drive(fake: FakeBotApi, url: string, secret: string, n: number, firstUser: number) {
  const answered = new Map<number, number>();
  const answers = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  const onCall = (c: ApiCall) => {
    if (c.method !== 'sendMessage') return;
    const chat = Number(c.params.chat_id);
    answers.set(chat, (answers.get(chat) ?? 0) + 1);
    if (!answered.has(chat)) answered.set(chat, performance.now());
    waiting.get(chat)?.();
  };
  fake.on('call', onCall);
  const took: number[] = [];
  let next = 0;
  let updateId = randomInt(1_000_000, 1_000_000_000);
  const lane = async () => {
    while (next < n) {
      const user = firstUser + next++;
      const t0 = performance.now();
      const answer = new Promise<void>((resolve) => {
        waiting.set(user, resolve);
        setTimeout(resolve, ANSWER_TIMEOUT_MS).unref();
      });
      await post(url, secret, startUpdate(updateId++, user));
      if (!answered.has(user)) await answer;
      waiting.delete(user);
      if (answered.has(user)) took.push(answered.get(user)! - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  fake.off('call', onCall);
  const users = Array.from({ length: n }, (_, i) => firstUser + i);
  return { seconds, took, counts: users.map((u) => answers.get(u) ?? 0) };
}

export async function measureReplicas(opts: {
  databaseUrl: string;
  redisUrl: string;
  counts: number[];
}): Promise<ReplicaFigures[]> {
  const out: ReplicaFigures[] = [];
  for (const replicas of opts.counts) {
    const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
    await fake.start();
    const secret = randomBytes(16).toString('hex');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: undefined,
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.url,
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      // Its own keys: sessions and handled update ids of another run do not count here.
      REDIS_PREFIX: `bench${randomBytes(4).toString('hex')}:`,
      LOG_LEVEL: 'warn',
      BACKUP_AT: 'off',
    };
    const cluster = await startCluster({ replicas, workers: 0, env, webhookSecret: secret });
    try {
      const base = randomInt(100_000_000, 900_000_000);
      // The warm-up also tells how many messages one /start answers with (the usual count per user).
      const warm = await drive(fake, cluster.forwarderUrl, secret, WARM_UP, base);
      const perStart = Math.min(...warm.counts.filter((c) => c > 0));
      const { seconds, took, counts } = await drive(fake, cluster.forwarderUrl, secret, UPDATES, base + WARM_UP);
      const lost = counts.filter((c) => c === 0).length;
      const duplicates = counts.reduce((sum, c) => sum + Math.max(0, c - perStart), 0);
      out.push({
        replicas,
        updatesPerSec: Math.round((UPDATES / seconds) * 10) / 10,
        p95Ms: Math.round(percentiles(took).p95 * 10) / 10,
        answeredOnce: lost === 0 && duplicates === 0,
        lost,
        duplicates,
      });
    } finally {
      await cluster.stop();
      await fake.stop();
    }
  }
  return out;
}
