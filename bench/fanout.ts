import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FakeBotApi, type ApiCall } from '../test/support/fake-bot-api/index.js';
import type { DataSource } from 'typeorm';
import { recordAttendance } from '../core/journal/index.js';
import { addDays, wallClock } from '../core/calendar.js';
import { openDatabase } from '../db/database.js';
import { actor, writeClass, writeWorkload, type FanoutClass } from './fanout-school.js';
import { machine, ms, percentiles, startWorker, stopWorker } from './support.js';
import { runMessengers } from './fanout-messengers.js';

/**
 * `npm run bench -- fanout [--chats 2000] [--rate 25] [--repeat 50]`: four absences for each of
 * `repeat` children, then a broadcast (tomorrow's lesson cancelled for a class of `chats` families),
 * delivered by the real worker process (main.ts, RUN_BOT=false) to the fake Bot API on loopback
 * with NOTIFY_RATE_PER_SECOND=`rate`. The rate is measured over the whole drain (first to last
 * message the fake received); violations of 1 message/s per chat from the fake's arrival times.
 * Then, idle, the latency from a committed absence to its message. Last line:
 * ratio=<achieved/configured> per_chat_violations=<n> lost=<n> duplicates=<n>
 * `--messenger max|mixed`: MAX's sender alone or beside Telegram's (bench/fanout-messengers.ts).
 */
const TOKEN = '700009:BENCH-fanout-token-000000000000';
const HASH_KEY = 'bench-fanout-key-0123456789';

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      chats: { type: 'string' },
      rate: { type: 'string' },
      repeat: { type: 'string' },
      messenger: { type: 'string' },
    },
  });
  const chats = Number(values.chats ?? 2000);
  return { chats, rate: Number(values.rate ?? 25), repeat: Math.min(chats, Number(values.repeat ?? 50)) };
}

/** Waits for every message, then measures the drain: rate, per-chat pacing, losses and duplicates. */
async function drain(fake: FakeBotApi, expected: number, rate: number) {
  const sends = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);
  await until(() => sends().length >= expected, 30_000 + (expected / rate) * 3000);
  await new Promise((r) => setTimeout(r, 1500));
  const drained = sends();
  const firstAt = Math.min(...drained.map((c) => c.at));
  const lastAt = Math.max(...drained.map((c) => c.at));
  const achieved = (drained.length - 1) / ((lastAt - firstAt) / 1000);
  if (process.env.FANOUT_TIMELINE) {
    const bins = new Map<number, number>();
    for (const c of drained)
      bins.set(Math.floor((c.at - firstAt) / 500), (bins.get(Math.floor((c.at - firstAt) / 500)) ?? 0) + 1);
    console.error(
      [...bins]
        .sort((a, b) => a[0] - b[0])
        .map(([k, v]) => `${k / 2}s:${v}`)
        .join(' '),
    );
  }
  const byChat = new Map<number, ApiCall[]>();
  for (const c of drained) byChat.set(Number(c.params.chat_id), [...(byChat.get(Number(c.params.chat_id)) ?? []), c]);
  let violations = 0;
  for (const list of byChat.values()) {
    const at = list.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 1; i < at.length; i++) if (at[i] - at[i - 1] < 1000) violations++;
  }
  const distinct = new Set(drained.map((c) => `${c.params.chat_id}\n${c.params.text}`));
  const duplicates = drained.length - distinct.size;
  const lost = Math.max(0, expected - distinct.size);
  return { seconds: (lastAt - firstAt) / 1000, achieved, violations, duplicates, lost };
}

/** Latency when idle: one absence at a time, from its commit to the message at the fake. */
async function idleLatency(ds: DataSource, fake: FakeBotApi, f: FanoutClass, repeat: number) {
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    const student = f.students[repeat + i];
    const chat = f.chatIds[repeat + i];
    const before = fake.botMessagesFor(chat).length;
    await new Promise((r) => setTimeout(r, 150));
    const committed = performance.now();
    await recordAttendance(
      ds,
      { schoolId: f.school.id, studentId: student.id, lessonId: f.lessons[0].id, status: 'late', reason: 'unknown' },
      actor,
    );
    await fake.waitForMessage(chat, () => fake.botMessagesFor(chat).length > before, 10_000);
    latencies.push(performance.now() - committed);
  }
  return percentiles(latencies);
}

function report(
  o: ReturnType<typeof options>,
  expected: number,
  d: Awaited<ReturnType<typeof drain>>,
  lat: ReturnType<typeof percentiles>,
): void {
  const { chats, rate, repeat } = o;
  console.log(
    `fanout on ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}${process.env.REDIS_URL ? ' + Redis' : ''}; ${machine()}`,
  );
  console.log(
    `  ${chats} chats (broadcast) + ${repeat} chats × 4 absences = ${expected} messages at NOTIFY_RATE_PER_SECOND=${rate}`,
  );
  console.log(`  drain ${d.seconds.toFixed(2)} s; achieved ${d.achieved.toFixed(2)} msg/s`);
  console.log(
    `  idle latency, absence commit → message at the fake (30 samples): p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}`,
  );
  console.log(
    `ratio=${(d.achieved / rate).toFixed(3)} per_chat_violations=${d.violations} lost=${d.lost} duplicates=${d.duplicates}`,
  );
}

export async function run(): Promise<void> {
  // MAX alone or both messengers: bench/fanout-messengers.ts.
  const m = process.argv.indexOf('--messenger');
  const messenger = m > 0 ? process.argv[m + 1] : process.argv.find((a) => a.startsWith('--messenger='))?.slice(12);
  if (messenger && messenger !== 'telegram') return runMessengers();
  const o = options();
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-fanout-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const ds = db.dataSource;
  const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
  let worker: ChildProcess | undefined;
  try {
    const today = wallClock('Europe/Moscow', new Date()).date;
    const tomorrow = addDays(today, 1);
    const f = await writeClass(ds, o.chats, HASH_KEY, today, tomorrow);
    await writeWorkload(ds, f, o.repeat, tomorrow);
    worker = startWorker({ token: TOKEN, apiRoot: fake.url, databaseUrl: db.url, hashKey: HASH_KEY, rate: o.rate });
    const expected = o.chats + o.repeat * 4;
    const d = await drain(fake, expected, o.rate);
    const lat = await idleLatency(ds, fake, f, o.repeat);
    report(o, expected, d, lat);
  } finally {
    await stopWorker(worker);
    await fake.stop();
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`fanout: gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
