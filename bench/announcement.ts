import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { loadAccessProfile, loadAccessProfiles } from '../core/access/profile.js';
import { acknowledge, createAnnouncement, receipts, remindUnconfirmed } from '../core/announcements/index.js';
import { hashAccount } from '../core/linking/codes.js';
import * as s from '../core/school/structure.js';
import { openDatabase } from '../db/database.js';
import { machine, ms, percentiles } from './support.js';

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
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = '700010:BENCH-announce-token-00000000000';
const HASH_KEY = 'bench-announce-key-0123456789';
const actor = { kind: 'cli' as const, command: 'bench' };
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
async function until(ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

export async function run(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { classes: { type: 'string' }, students: { type: 'string' }, rate: { type: 'string' } },
  });
  const classes = Number(values.classes ?? 4);
  const perClass = Number(values.students ?? 28);
  const rate = Number(values.rate ?? 25);
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-announce-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const ds = db.dataSource;
  const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
  let worker: ChildProcess | undefined;
  try {
    const letters = 'АБВГДЕЖИКЛМН';
    const f = await ds.transaction(async (em) => {
      const school = await s.upsertSchool(
        em,
        { name: `Announcement bench ${Date.now()}`, shortName: 'Bench', timezone: 'Europe/Moscow' },
        actor,
      );
      const year = await s.upsertAcademicYear(
        em,
        { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
        actor,
      );
      const cls = [];
      for (let i = 0; i < classes; i++)
        cls.push(
          await s.upsertClass(
            em,
            { schoolId: school.id, academicYearId: year.id, grade: 8, letter: letters[i] },
            actor,
          ),
        );
      const deputy = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Завучева', firstName: 'Мария' }, actor);
      await s.addStaffRole(em, { schoolId: school.id, staffId: deputy.id, role: 'deputy' }, actor);
      return { school, cls, deputy };
    });
    const base = 900_000_000 + Math.floor(Math.random() * 100_000) * 1000;
    let next = base;
    const families: { studentId: number; chats: number[] }[] = [];
    for (const c of f.cls) {
      const students: { id: number }[] = await ds.query(
        `INSERT INTO student ("schoolId", "classId", "lastName", "firstName") SELECT $1, $2, 'Ученик' || i, 'Имя' || i FROM generate_series(1, $3) i RETURNING id`,
        [f.school.id, c.id, perClass],
      );
      for (const st of students) {
        const chats = [next++, next++, next++];
        families.push({ studentId: st.id, chats });
        const guardians: { id: number }[] = await ds.query(
          `INSERT INTO guardian ("schoolId", "lastName", "firstName") VALUES ($1, 'Родитель', 'Мама'), ($1, 'Родитель', 'Папа') RETURNING id`,
          [f.school.id],
        );
        await ds.query(
          `INSERT INTO student_guardian ("studentId", "guardianId", relation) VALUES ($1, $2, 'mother'), ($1, $3, 'father')`,
          [st.id, guardians[0].id, guardians[1].id],
        );
        const people: [string, number | null][] = [
          ['guardian', guardians[0].id],
          ['guardian', guardians[1].id],
          ['student', null],
        ];
        for (let k = 0; k < 3; k++) {
          const [inv] = await ds.query(
            `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "guardianId", "issuedBy", "expiresAt", "usedAt")
             VALUES ($1, md5(random()::text), $2, $3, $4, 'cli:bench', now() + interval '1 day', now()) RETURNING id`,
            [f.school.id, people[k][0], st.id, people[k][1]],
          );
          await ds.query(
            `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "guardianId", "invitationId") VALUES ($1, $2, $2, $3, $4, $5, $6, $7)`,
            [f.school.id, chats[k], hashAccount(chats[k], HASH_KEY), people[k][0], st.id, people[k][1], inv.id],
          );
        }
      }
    }
    const deputyChat = next++;
    const [inv] = await ds.query(
      `INSERT INTO invitation ("schoolId", "codeHash", role, "staffId", "issuedBy", "expiresAt", "usedAt") VALUES ($1, md5(random()::text), 'deputy', $2, 'cli:bench', now() + interval '1 day', now()) RETURNING id`,
      [f.school.id, f.deputy.id],
    );
    await ds.query(
      `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "staffId", "invitationId") VALUES ($1, $2, $2, $3, 'deputy', $4, $5)`,
      [f.school.id, deputyChat, hashAccount(deputyChat, HASH_KEY), f.deputy.id, inv.id],
    );
    const deputy = await loadAccessProfile(ds, deputyChat, HASH_KEY);
    const expected = families.length * 3;

    worker = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
      env: {
        ...process.env,
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: fake.url,
        RUN_BOT: 'false',
        DATABASE_URL: db.url,
        LOG_LEVEL: 'error',
        CODE_HASH_KEY: HASH_KEY,
        NOTIFY_RATE_PER_SECOND: String(rate),
        NOTIFY_QUIET_HOURS: 'off',
        NOTIFY_POLL_SECONDS: '1',
        NOTIFY_DIGEST_TIME: '03:33',
        NOTIFY_PERIODS_TIME: '03:34',
        NOTIFY_WEEKLY_AT: 'sun 03:35',
      },
    });
    await sleep(6000); // the worker's start (migrations, LISTEN)
    const sendsOf = (prefix: string) =>
      fake.calls.filter(
        (c) => c.method === 'sendMessage' && c.response?.ok && String(c.params.text).startsWith(prefix),
      );

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

    // «Ознакомлен» from the first guardian of three families in four.
    const confirming = families.filter((_, i) => i % 4 !== 3);
    const profiles = await loadAccessProfiles(
      ds,
      confirming.map((x) => x.chats[0]),
      HASH_KEY,
    );
    const ackMs: number[] = [];
    for (const fam of confirming) {
      const t = performance.now();
      await acknowledge(ds, profiles.get(fam.chats[0])!, a.id);
      ackMs.push(performance.now() - t);
    }
    const r0 = performance.now();
    const r = await receipts(ds, a.id);
    const receiptsMs = performance.now() - r0;
    const [acks] = await ds.query(
      `SELECT count(*)::int AS n FROM announcement_recipient WHERE "announcementId" = $1 AND "acknowledgedAt" IS NOT NULL`,
      [a.id],
    );

    const m0 = Date.now();
    const reminded = await remindUnconfirmed(ds, deputy, a.id, { now: new Date() });
    const unconfirmedChats = new Set(families.filter((_, i) => i % 4 === 3).flatMap((x) => x.chats));
    await until(() => sendsOf('🔔').length >= unconfirmedChats.size, 60_000 + (unconfirmedChats.size / rate) * 3000);
    await sleep(1500);
    const reminders = sendsOf('🔔');
    const wrong = reminders.filter((c) => !unconfirmedChats.has(Number(c.params.chat_id))).length;
    const remindLast = Math.max(...reminders.map((c) => c.at));

    const ack = percentiles(ackMs);
    console.log(
      `Announcement to a whole grade (${machine()}; ${db.embedded ? 'embedded PostgreSQL' : 'PostgreSQL server'})`,
    );
    console.log(
      `  grade 8: ${classes} classes × ${perClass} students, 3 chats per family (2 guardians + the student) = ${expected} chats; NOTIFY_RATE_PER_SECOND=${rate}`,
    );
    console.log(`  write (announcement + outbox event): ${ms(writeMs)}`);
    console.log(
      `  messages sent: ${sent.length} (expected ${expected}; chats with more than one: ${[...perChat.values()].filter((n) => n > 1).length})`,
    );
    console.log(
      `  first message ${((firstAt - t0) / 1000).toFixed(2)} s after the write; drained ${((lastAt - t0) / 1000).toFixed(2)} s after it; rate ${((sent.length - 1) / ((lastAt - firstAt) / 1000)).toFixed(2)} msg/s`,
    );
    console.log(`  recipients stored: ${stored.n} rows, ${stored.families} families`);
    console.log(
      `  «Ознакомлен» ×${confirming.length}: p50 ${ms(ack.p50)}, p95 ${ms(ack.p95)}; receipts stored ${acks.n}; live count ${r.confirmed} of ${r.families} families in ${ms(receiptsMs)}`,
    );
    console.log(
      `  reminder to the unconfirmed: ${reminded} families, ${reminders.length} messages (expected ${unconfirmedChats.size}, to confirmed chats: ${wrong}), drained in ${((remindLast - m0) / 1000).toFixed(2)} s`,
    );
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
