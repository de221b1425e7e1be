import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import type { DataSource } from 'typeorm';
import { loadAccessProfiles, type AccessProfile } from '../core/access/profile.js';
import { acknowledge, createAnnouncement, receipts, remindUnconfirmed } from '../core/announcements/index.js';
import { openDatabase, type Database } from '../db/database.js';
import { writeGrade, type Family } from './announcement-school.js';
import { machine, ms, percentiles, startWorker } from './support.js';

/**
 * An announcement to a whole grade (issue 8), through the real delivery
 * worker (main.ts with RUN_BOT=false) against the fake Bot API: `classes`
 * classes of `students`, each student with two guardians and its own account
 * (three chats). Measured: the write, the messages, the time to drain at
 * NOTIFY_RATE_PER_SECOND, the recipients stored, «Ознакомлен» from three
 * families in four and the live count, then the reminder to the
 * unconfirmed only.
 *   npm run bench -- announcement [--classes 4] [--students 28] [--rate 25]
 */
const TOKEN = '700010:BENCH-announce-token-00000000000';
const HASH_KEY = 'bench-announce-key-0123456789';
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
async function until(ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { classes: { type: 'string' }, students: { type: 'string' }, rate: { type: 'string' } },
  });
  return {
    classes: Number(values.classes ?? 4),
    perClass: Number(values.students ?? 28),
    rate: Number(values.rate ?? 25),
  };
}

type Sends = (prefix: string) => FakeBotApi['calls'];

/** Writes the announcement and waits until every chat has it. */
async function announce(ds: DataSource, deputy: AccessProfile, sendsOf: Sends, expected: number, rate: number) {
  const t0 = Date.now();
  const w0 = performance.now();
  const a = await createAnnouncement(
    ds,
    deputy,
    {
      scope: 'grade',
      grade: 8,
      text: 'Родительское собрание 8-х классов в четверг в 18:00, актовый зал.',
      file: null,
      urgent: false,
      sendAt: null,
    },
    { now: new Date() },
  );
  const writeMs = performance.now() - w0;
  await until(() => sendsOf('📣').length >= expected, 60_000 + (expected / rate) * 3000);
  const sent = sendsOf('📣');
  const firstAt = Math.min(...sent.map((c) => c.at));
  const lastAt = Math.max(...sent.map((c) => c.at));
  const perChat = new Map<number, number>();
  for (const c of sent) perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
  const [stored] = await ds.query(
    `SELECT count(*)::int AS n, count(DISTINCT "studentId")::int AS families FROM announcement_recipient WHERE "announcementId" = $1`,
    [a.id],
  );
  return { id: a.id, t0, writeMs, sent, firstAt, lastAt, perChat, stored: stored as { n: number; families: number } };
}

/** «Ознакомлен» from the first guardian of three families in four, then the live count. */
async function acknowledgeMost(ds: DataSource, families: Family[], announcementId: number) {
  const confirming = families.filter((_, i) => i % 4 !== 3);
  const profiles = await loadAccessProfiles(
    ds,
    confirming.map((x) => x.chats[0]),
    HASH_KEY,
  );
  const ackMs: number[] = [];
  for (const fam of confirming) {
    const t = performance.now();
    await acknowledge(ds, profiles.get(fam.chats[0])!, announcementId);
    ackMs.push(performance.now() - t);
  }
  const r0 = performance.now();
  const r = await receipts(ds, announcementId);
  const receiptsMs = performance.now() - r0;
  const [acks] = await ds.query(
    `SELECT count(*)::int AS n FROM announcement_recipient WHERE "announcementId" = $1 AND "acknowledgedAt" IS NOT NULL`,
    [announcementId],
  );
  return { confirming: confirming.length, ack: percentiles(ackMs), r, receiptsMs, acks: acks as { n: number } };
}

/** The reminder to the unconfirmed only, and whether it reached anyone else. */
async function remind(
  ds: DataSource,
  deputy: AccessProfile,
  families: Family[],
  announcementId: number,
  sendsOf: Sends,
  rate: number,
) {
  const m0 = Date.now();
  const reminded = await remindUnconfirmed(ds, deputy, announcementId, { now: new Date() });
  const unconfirmedChats = new Set(families.filter((_, i) => i % 4 === 3).flatMap((x) => x.chats));
  await until(() => sendsOf('🔔').length >= unconfirmedChats.size, 60_000 + (unconfirmedChats.size / rate) * 3000);
  await sleep(1500);
  const reminders = sendsOf('🔔');
  const wrong = reminders.filter((c) => !unconfirmedChats.has(Number(c.params.chat_id))).length;
  const remindLast = Math.max(...reminders.map((c) => c.at));
  return { reminded, messages: reminders.length, expected: unconfirmedChats.size, wrong, drainMs: remindLast - m0 };
}

function report(
  db: Database,
  o: ReturnType<typeof options>,
  expected: number,
  sent: Awaited<ReturnType<typeof announce>>,
  acked: Awaited<ReturnType<typeof acknowledgeMost>>,
  reminder: Awaited<ReturnType<typeof remind>>,
): void {
  const { t0, firstAt, lastAt, stored, ack, r } = { ...sent, ...acked };
  console.log(
    `Announcement to a whole grade (${machine()}; ${db.embedded ? 'embedded PostgreSQL' : 'PostgreSQL server'})`,
  );
  console.log(
    `  grade 8: ${o.classes} classes × ${o.perClass} students, 3 chats per family (2 guardians + the student) = ${expected} chats; NOTIFY_RATE_PER_SECOND=${o.rate}`,
  );
  console.log(`  write (announcement + outbox event): ${ms(sent.writeMs)}`);
  console.log(
    `  messages sent: ${sent.sent.length} (expected ${expected}; chats with more than one: ${[...sent.perChat.values()].filter((n) => n > 1).length})`,
  );
  console.log(
    `  first message ${((firstAt - t0) / 1000).toFixed(2)} s after the write; drained ${((lastAt - t0) / 1000).toFixed(2)} s after it; rate ${((sent.sent.length - 1) / ((lastAt - firstAt) / 1000)).toFixed(2)} msg/s`,
  );
  console.log(`  recipients stored: ${stored.n} rows, ${stored.families} families`);
  console.log(
    `  «Ознакомлен» ×${acked.confirming}: p50 ${ms(ack.p50)}, p95 ${ms(ack.p95)}; receipts stored ${acked.acks.n}; live count ${r.confirmed} of ${r.families} families in ${ms(acked.receiptsMs)}`,
  );
  console.log(
    `  reminder to the unconfirmed: ${reminder.reminded} families, ${reminder.messages} messages (expected ${reminder.expected}, to confirmed chats: ${reminder.wrong}), drained in ${(reminder.drainMs / 1000).toFixed(2)} s`,
  );
}

export async function run(): Promise<void> {
  const o = options();
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-announce-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const ds = db.dataSource;
  const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
  let worker: ChildProcess | undefined;
  try {
    const { families, deputy } = await writeGrade(ds, o.classes, o.perClass, HASH_KEY);
    const expected = families.length * 3;
    worker = startWorker(
      { token: TOKEN, apiRoot: fake.url, databaseUrl: db.url, hashKey: HASH_KEY, rate: o.rate },
      { NOTIFY_POLL_SECONDS: '1' },
    );
    await sleep(6000); // the worker's start (migrations, LISTEN)
    const sendsOf: Sends = (prefix) =>
      fake.calls.filter(
        (c) => c.method === 'sendMessage' && c.response?.ok && String(c.params.text).startsWith(prefix),
      );
    const sent = await announce(ds, deputy, sendsOf, expected, o.rate);
    const acked = await acknowledgeMost(ds, families, sent.id);
    const reminder = await remind(ds, deputy, families, sent.id, sendsOf, o.rate);
    report(db, o, expected, sent, acked, reminder);
  } finally {
    if (worker?.pid) {
      try {
        process.kill(-worker.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await sleep(1500);
    }
    await fake.stop();
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
