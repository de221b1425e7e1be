import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { FakeMaxApi } from '../test/support/fake-max-api/index.js';
import { addDays, wallClock } from '../core/calendar.js';
import { openDatabase } from '../db/database.js';
import { writeClass } from './fanout-school.js';
import { machine, startWorker, stopWorker } from './support.js';

/**
 * `npm run bench -- fanout --messenger max|mixed [--chats 600] [--per-chat 2] [--rate 25] [--max-rate 25]`:
 * `per-chat` messages waiting for each of `chats` families (all on MAX, or every other one on MAX and
 * the rest on Telegram), drained by the real worker process (main.ts, RUN_BOT=false, MAX_BOT_TOKEN set)
 * to the fake Bot API and the fake MAX API (which refuses beyond MAX's 30 requests a second). The rows
 * are written straight into the queue: this measures the senders and their pacing, not the planning.
 * Per messenger, last lines: <messenger> ratio=<achieved/its configured rate> per_chat_violations=<n>
 * lost=<n> duplicates=<n> (and MAX's 429 answers).
 */
const TOKEN = '700010:BENCH-fanout-max-token-0000000000';
const MAX_TOKEN = 'bench-fanout-max-token-000000000';
const HASH_KEY = 'bench-fanout-key-0123456789';

interface Send {
  chat: string;
  text: string;
  at: number;
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      messenger: { type: 'string' },
      chats: { type: 'string' },
      'per-chat': { type: 'string' },
      rate: { type: 'string' },
      'max-rate': { type: 'string' },
    },
  });
  const messenger = values.messenger === 'mixed' ? 'mixed' : 'max';
  return {
    messenger,
    chats: Number(values.chats ?? 600),
    perChat: Number(values['per-chat'] ?? 2),
    rate: Number(values.rate ?? 25),
    maxRate: Number(values['max-rate'] ?? 25),
  } as const;
}

function measure(sends: Send[], expected: number, rate: number) {
  if (!sends.length) return { achieved: 0, ratio: 0, violations: 0, lost: expected, duplicates: 0, seconds: 0 };
  const at = sends.map((s) => s.at);
  const seconds = (Math.max(...at) - Math.min(...at)) / 1000;
  const achieved = seconds > 0 ? (sends.length - 1) / seconds : 0;
  const byChat = new Map<string, number[]>();
  for (const s of sends) byChat.set(s.chat, [...(byChat.get(s.chat) ?? []), s.at]);
  let violations = 0;
  for (const list of byChat.values()) {
    list.sort((a, b) => a - b);
    for (let i = 1; i < list.length; i++) if (list[i] - list[i - 1] < 1000) violations++;
  }
  const distinct = new Set(sends.map((s) => `${s.chat}\n${s.text}`)).size;
  return {
    achieved,
    ratio: achieved / rate,
    violations,
    lost: Math.max(0, expected - distinct),
    duplicates: sends.length - distinct,
    seconds,
  };
}

export async function runMessengers(): Promise<void> {
  const o = options();
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-fanout-max-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const ds = db.dataSource;
  const tg = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await tg.start();
  const max = await new FakeMaxApi({ token: MAX_TOKEN, rps: 30 }).start();
  let worker: ChildProcess | undefined;
  try {
    const today = wallClock('Europe/Moscow', new Date()).date;
    const f = await writeClass(ds, o.chats, HASH_KEY, today, addDays(today, 1));
    const onMax = o.messenger === 'max' ? f.chatIds : f.chatIds.filter((_, i) => i % 2 === 0);
    await ds.query(`UPDATE link SET messenger = 'max' WHERE "chatId" = ANY($1::bigint[])`, [onMax]);
    await ds.query(
      `INSERT INTO notification_delivery ("schoolId", "dedupeKey", kind, messenger, "chatId", "linkId", text, priority)
       SELECT l."schoolId", 'bench:' || l."chatId" || ':' || k, 'announcement', l.messenger, l."chatId", l.id,
              'Объявление ' || k || ' — <b>' || l."chatId" || '</b>', 0
         FROM link l CROSS JOIN generate_series(1, $2) k WHERE l."chatId" = ANY($1::bigint[]) ORDER BY k, l.id`,
      [f.chatIds, o.perChat],
    );
    const expectMax = onMax.length * o.perChat;
    const expectTg = (f.chatIds.length - onMax.length) * o.perChat;
    const maxSends = (): Send[] => max.allSent().map((m) => ({ chat: m.chat, text: m.text ?? '', at: m.at }));
    const tgSends = (): Send[] =>
      tg.calls
        .filter((c) => c.method === 'sendMessage' && c.response?.ok)
        .map((c) => ({ chat: String(c.params.chat_id), text: String(c.params.text), at: c.at }));
    worker = startWorker(
      { token: TOKEN, apiRoot: tg.url, databaseUrl: db.url, hashKey: HASH_KEY, rate: o.rate },
      { MAX_BOT_TOKEN: MAX_TOKEN, MAX_API_ROOT: max.url, MAX_NOTIFY_RATE_PER_SECOND: String(o.maxRate) },
    );
    const timeout = 60_000 + (Math.max(expectMax / o.maxRate, expectTg / o.rate) + o.perChat) * 3000;
    const end = Date.now() + timeout;
    while (maxSends().length < expectMax || tgSends().length < expectTg) {
      if (Date.now() > end) throw new Error(`fanout --messenger: gave up after ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const m = measure(maxSends(), expectMax, o.maxRate);
    const t = measure(tgSends(), expectTg, o.rate);
    const refused = max.calls.filter((c) => c.path === '/messages' && c.status === 429).length;
    console.log(
      `fanout --messenger ${o.messenger} on ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}${process.env.REDIS_URL ? ' + Redis' : ''}; ${machine()}`,
    );
    console.log(
      `  ${o.chats} families × ${o.perChat} messages: ${onMax.length} on MAX (MAX_NOTIFY_RATE_PER_SECOND=${o.maxRate}), ${f.chatIds.length - onMax.length} on Telegram (NOTIFY_RATE_PER_SECOND=${o.rate})`,
    );
    console.log(
      `  MAX: ${expectMax} messages in ${m.seconds.toFixed(2)} s, ${m.achieved.toFixed(2)} msg/s; 429 answers ${refused}`,
    );
    if (expectTg)
      console.log(`  Telegram: ${expectTg} messages in ${t.seconds.toFixed(2)} s, ${t.achieved.toFixed(2)} msg/s`);
    console.log(
      `max ratio=${m.ratio.toFixed(3)} per_chat_violations=${m.violations} lost=${m.lost} duplicates=${m.duplicates} refused_429=${refused}`,
    );
    if (expectTg)
      console.log(
        `telegram ratio=${t.ratio.toFixed(3)} per_chat_violations=${t.violations} lost=${t.lost} duplicates=${t.duplicates}`,
      );
  } finally {
    await stopWorker(worker);
    await max.stop();
    await tg.stop();
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
