import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FakeBotApi, type ApiCall } from '../test/support/fake-bot-api/index.js';
import { recordAttendance, upsertLesson } from '../core/journal/index.js';
import { hashAccount } from '../core/linking/codes.js';
import { addDays, wallClock } from '../core/calendar.js';
import * as s from '../core/school/structure.js';
import { openDatabase } from '../db/database.js';
import { machine, ms, percentiles } from './support.js';

/**
 * `npm run bench -- fanout [--chats 2000] [--rate 25] [--repeat 50]`: four absences for each of
 * `repeat` children, then a broadcast (tomorrow's lesson cancelled for a class of `chats` families),
 * delivered by the real worker process (main.ts, RUN_BOT=false) to the fake Bot API on loopback
 * with NOTIFY_RATE_PER_SECOND=`rate`. The rate is measured over the whole drain (first to last
 * message the fake received); violations of 1 message/s per chat from the fake's arrival times.
 * Then, idle, the latency from a committed absence to its message. Last line:
 * ratio=<achieved/configured> per_chat_violations=<n> lost=<n> duplicates=<n>
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = '700009:BENCH-fanout-token-000000000000';
const HASH_KEY = 'bench-fanout-key-0123456789';
const actor = { kind: 'cli' as const, command: 'bench' };

export async function run(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { chats: { type: 'string' }, rate: { type: 'string' }, repeat: { type: 'string' } },
  });
  const chats = Number(values.chats ?? 2000);
  const rate = Number(values.rate ?? 25);
  const repeat = Math.min(chats, Number(values.repeat ?? 50));
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'dnevnik-fanout-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const ds = db.dataSource;
  const fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
  let worker: ChildProcess | undefined;
  try {
    const today = wallClock('Europe/Moscow', new Date()).date;
    const tomorrow = addDays(today, 1);
    const f = await ds.transaction(async (em) => {
      const school = await s.upsertSchool(
        em,
        { name: `Fan-out bench ${Date.now()}`, shortName: 'Bench', timezone: 'Europe/Moscow' },
        actor,
      );
      const year = await s.upsertAcademicYear(
        em,
        { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
        actor,
      );
      const c = await s.upsertClass(em, { schoolId: school.id, academicYearId: year.id, grade: 9, letter: 'Ф' }, actor);
      const subject = await s.upsertSubject(em, { schoolId: school.id, name: 'Физика' }, actor);
      const teacher = await s.upsertStaff(em, { schoolId: school.id, lastName: 'Ньютонов', firstName: 'Исаак' }, actor);
      return { school, c, subject, teacher };
    });
    const firstChat = 800_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
    const chatIds = Array.from({ length: chats }, (_, i) => firstChat + i);
    const students: { id: number }[] = await ds.query(
      `INSERT INTO student ("schoolId", "classId", "lastName", "firstName") SELECT $1, $2, 'Фамилия' || i, 'Ученик' || i FROM generate_series(1, $3) i RETURNING id`,
      [f.school.id, f.c.id, chats],
    );
    const invitations: { id: number }[] = await ds.query(
      `INSERT INTO invitation ("schoolId", "codeHash", role, "studentId", "issuedBy", "expiresAt", "usedAt")
       SELECT $1, md5(random()::text || s), 'student', s, 'cli:bench', now() + interval '1 day', now() FROM unnest($2::int[]) s RETURNING id`,
      [f.school.id, students.map((x) => x.id)],
    );
    await ds.query(
      `INSERT INTO link ("schoolId", "telegramUserId", "chatId", "accountHash", role, "studentId", "invitationId")
       SELECT $1, u, u, h, 'student', s, inv FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[]) AS x(u, h, s, inv)`,
      [
        f.school.id,
        chatIds,
        chatIds.map((u) => hashAccount(u, HASH_KEY)),
        students.map((x) => x.id),
        invitations.map((x) => x.id),
      ],
    );
    const lessons = [];
    for (let slot = 1; slot <= 6; slot++)
      lessons.push(
        (
          await upsertLesson(
            ds,
            {
              schoolId: f.school.id,
              classId: f.c.id,
              subjectId: f.subject.id,
              teacherId: f.teacher.id,
              date: slot === 6 ? tomorrow : today,
              slot,
              startsAt: `${String(7 + slot).padStart(2, '0')}:00`,
              endsAt: `${String(7 + slot).padStart(2, '0')}:45`,
            },
            actor,
          )
        ).lesson,
      );

    // The workload is written before the worker starts, so the drain is the worker's alone:
    // absences first (several messages per chat, paced 1 s apart), then the broadcast.
    for (let i = 0; i < repeat; i++)
      for (const l of lessons.slice(1, 5))
        await recordAttendance(
          ds,
          { schoolId: f.school.id, studentId: students[i].id, lessonId: l.id, status: 'absent', reason: 'unknown' },
          actor,
        );
    await upsertLesson(
      ds,
      {
        schoolId: f.school.id,
        classId: f.c.id,
        subjectId: f.subject.id,
        teacherId: f.teacher.id,
        date: tomorrow,
        slot: 6,
        startsAt: '13:00',
        endsAt: '13:45',
        cancelled: true,
        lessonId: lessons[5].id,
      },
      actor,
    );
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
        NOTIFY_DIGEST_TIME: '03:33',
        NOTIFY_PERIODS_TIME: '03:34',
        NOTIFY_WEEKLY_AT: 'sun 03:35',
      },
    });
    const sends = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);

    const expected = chats + repeat * 4;
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

    // Latency when idle: one absence at a time, from its commit to the message at the fake.
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const student = students[repeat + i];
      const chat = chatIds[repeat + i];
      const before = fake.botMessagesFor(chat).length;
      await new Promise((r) => setTimeout(r, 150));
      const committed = performance.now();
      await recordAttendance(
        ds,
        { schoolId: f.school.id, studentId: student.id, lessonId: lessons[0].id, status: 'late', reason: 'unknown' },
        actor,
      );
      await fake.waitForMessage(chat, () => fake.botMessagesFor(chat).length > before, 10_000);
      latencies.push(performance.now() - committed);
    }
    const lat = percentiles(latencies);
    console.log(
      `fanout on ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}${process.env.REDIS_URL ? ' + Redis' : ''}; ${machine()}`,
    );
    console.log(
      `  ${chats} chats (broadcast) + ${repeat} chats × 4 absences = ${expected} messages at NOTIFY_RATE_PER_SECOND=${rate}`,
    );
    console.log(`  drain ${((lastAt - firstAt) / 1000).toFixed(2)} s; achieved ${achieved.toFixed(2)} msg/s`);
    console.log(
      `  idle latency, absence commit → message at the fake (30 samples): p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}`,
    );
    console.log(
      `ratio=${(achieved / rate).toFixed(3)} per_chat_violations=${violations} lost=${lost} duplicates=${duplicates}`,
    );
  } finally {
    if (worker?.pid) {
      try {
        process.kill(-worker.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => (worker!.exitCode !== null ? r(null) : worker!.once('exit', r)));
    }
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
