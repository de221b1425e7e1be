import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { upsertLesson } from '../core/journal/index.js';
import { addDays, wallClock } from '../core/calendar.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { bigClass, NOTIFY_HASH_KEY } from './helpers/notifications.js';
import { killAll, spawnApp, tail, type Spawned } from './helpers/processes.js';

/**
 * Crash safety with the real worker process (main.ts, RUN_BOT=false): a
 * broadcast to 500 families is under way when the process is SIGKILLed; a new
 * process finishes it. Every family gets the message, and the only repeats
 * are sends that had reached Telegram when the process died (claimed rows
 * whose text the fake Bot API had already received).
 */
const TOKEN = '700002:NOTIFY-crash-test-token-0000000';
const N = 500;
let db: TestDb;
let f: SchoolFixture;
let fake: FakeBotApi;

const hhmm = (d: Date) => wallClock('Europe/Moscow', d).time;
/** Schedules placed where none is due while the test runs (only the broadcast is sent). */
function quietSchedules(): Record<string, string> {
  const now = new Date();
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const weekday = days[new Date(`${addDays(wallClock('Europe/Moscow', now).date, 3)}T12:00:00Z`).getUTCDay()];
  return {
    NOTIFY_DIGEST_TIME: hhmm(new Date(now.getTime() + 6 * 3600_000)),
    NOTIFY_PERIODS_TIME: hhmm(new Date(now.getTime() + 14 * 3600_000)),
    NOTIFY_WEEKLY_AT: `${weekday} 12:00`,
  };
}

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  RUN_BOT: 'false',
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: NOTIFY_HASH_KEY,
  NOTIFY_QUIET_HOURS: 'off',
  NOTIFY_RATE_PER_SECOND: '100',
  NOTIFY_POLL_SECONDS: '1',
  NOTIFY_SEND_TIMEOUT_SECONDS: '2',
  ...quietSchedules(),
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
});
afterAll(async () => {
  await killAll();
  await fake.stop();
  await db.close();
});

const delivered = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);
async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string, child?: Spawned): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms${child ? `\n${tail(child)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('delivery survives SIGKILL of the worker process', () => {
  it('a 500-message broadcast killed half-way: every message arrives, duplicates at most the sends in flight', async () => {
    const { classId, chats } = await bigClass(db.ds, f.school.id, f.year.id, N, 7_300_000);
    const first = spawnApp('main.ts', env());
    await until(
      async () =>
        (await db.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7001`))[0]
          .n > 0,
      60_000,
      'worker start',
      first,
    );
    const tomorrow = addDays(wallClock('Europe/Moscow', new Date()).date, 1);
    const l = await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 2,
        startsAt: '09:00',
        endsAt: '09:45',
      },
      { kind: 'cli', command: 'test' },
    );
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 2,
        startsAt: '09:00',
        endsAt: '09:45',
        cancelled: true,
        lessonId: l.lesson.id,
      },
      { kind: 'cli', command: 'test' },
    );

    await until(() => delivered().length >= N / 2, 60_000, 'half the broadcast', first);
    process.kill(-first.proc.pid!, 'SIGKILL');
    await first.exited;
    const atCrash = delivered().length;
    expect(atCrash).toBeLessThan(N);
    // Claimed but not recorded as sent: in flight. Of those, the ones Telegram (the fake) had received may repeat.
    const claimed: { chatId: string; text: string }[] = await db.ds.query(
      `SELECT "chatId", text FROM notification_delivery WHERE status = 'sending'`,
    );
    const inFlightSent = claimed.filter((d) =>
      delivered().some((c) => c.params.chat_id === Number(d.chatId) && c.params.text === d.text),
    ).length;

    const second = spawnApp('main.ts', env());
    await until(
      () => new Set(delivered().map((c) => c.params.chat_id)).size >= N,
      90_000,
      'the whole broadcast',
      second,
    );
    await until(
      async () =>
        (await db.ds.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'sent'`))[0].n === 0,
      10_000,
      'all rows sent',
      second,
    );

    const perChat = new Map<number, number>();
    for (const c of delivered()) perChat.set(c.params.chat_id, (perChat.get(c.params.chat_id) ?? 0) + 1);
    expect([...perChat.keys()].sort()).toEqual([...chats].sort());
    const duplicates = delivered().length - N;
    expect(duplicates).toBeLessThanOrEqual(inFlightSent);
    expect(
      delivered().every((c) =>
        /^🗓 Завтра, .*: изменения в расписании — <b>Имя\d+ Ученик\d+<\/b>, 9Ж\n❌ 2-й урок, Математика — отменён\.$/.test(
          c.params.text,
        ),
      ),
    ).toBe(true);
    process.kill(-second.proc.pid!, 'SIGTERM');
    await second.exited;
  }, 180_000);
});
