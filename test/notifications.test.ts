import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { manualClock, systemClock, type Clock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { loadAccessProfile } from '../core/access/profile.js';
import {
  deleteMark,
  recordAttendance,
  setHomework,
  setMark,
  setPeriodMark,
  upsertLesson,
} from '../core/journal/index.js';
import { reportCompromise } from '../core/linking/account.js';
import { setAbsenceStreak, setAverageBelow, setQuietHours } from '../core/notifications/preferences.js';
import { addDays, wallClock, zonedInstant } from '../core/calendar.js';
import { hashAccount } from '../core/linking/codes.js';
import { createLogger } from '../core/logger.js';
import { startNotifications, type Notifications } from '../jobs/notifications/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { annaMathsTest, makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { addLink, bigClass, NOTIFY_HASH_KEY } from './helpers/notifications.js';
import { captureIo } from './helpers/cli-io.js';
import { runDeliveriesFailed } from '../cli/deliveries.js';

const TOKEN = '700001:NOTIFY-in-process-test-token-000';
const actor = { kind: 'staff' as const, staffId: 1 };
let db: TestDb;
let f: SchoolFixture;
let fake: FakeBotApi;
let running: Notifications | undefined;
const MOTHER = 5_100_001;
const ANNA = 5_100_002;
const BORIS_FATHER = 5_100_003;
const PETROVA = 5_100_004;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  await addLink(db.ds, {
    schoolId: f.school.id,
    userId: MOTHER,
    role: 'guardian',
    studentId: f.anna.id,
    guardianId: f.mother.id,
  });
  await addLink(db.ds, {
    schoolId: f.school.id,
    userId: MOTHER,
    role: 'guardian',
    studentId: f.pavel.id,
    guardianId: f.mother.id,
  });
  await addLink(db.ds, { schoolId: f.school.id, userId: ANNA, role: 'student', studentId: f.anna.id });
  await addLink(db.ds, {
    schoolId: f.school.id,
    userId: BORIS_FATHER,
    role: 'guardian',
    studentId: f.boris.id,
    guardianId: f.borisFather.id,
  });
  await addLink(db.ds, { schoolId: f.school.id, userId: PETROVA, role: 'classTeacher', staffId: f.petrova.id });
  fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  fake.clearFailures();
});
afterAll(async () => {
  await fake.stop();
  await db.close();
});

async function start(env: Record<string, string> = {}, clock: Clock = systemClock): Promise<Notifications> {
  const config = loadConfig({
    NOTIFY_QUIET_HOURS: 'off',
    NOTIFY_CORRECTION_WINDOW_SECONDS: '1',
    NOTIFY_RATE_PER_SECOND: '100',
    NOTIFY_POLL_SECONDS: '0.5',
    ...env,
  });
  running = await startNotifications({
    ds: db.ds,
    config,
    logger: createLogger(process.env.NTF_LOG ?? 'silent'),
    token: TOKEN,
    apiRoot: fake.url,
    hashKey: NOTIFY_HASH_KEY,
    databaseUrl: db.url,
    clock,
    schedules: false,
    ...(process.env.REDIS_URL
      ? {
          redis: await import('../db/stores/redis.js').then((m) =>
            m.connectRedis(process.env.REDIS_URL!, `t${Date.now()}:`),
          ),
        }
      : {}),
  });
  return running;
}

const sentTo = (chat: number) =>
  fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === chat && c.response?.ok);
const textsTo = (chat: number) => fake.botMessagesFor(chat).map((m) => m.text);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mark = (value: '2' | '3' | '4' | '5', extra: { comment?: string } = {}) =>
  setMark(db.ds, annaMathsTest(f, value, extra), actor);

describe('marks after the correction window', () => {
  it('a mark fixed at once reaches the family only with its final value, in one message naming the child', async () => {
    await start();
    const before = textsTo(MOTHER).length;
    const m = await mark('2', { comment: 'Не решена задача 3' });
    await setMark(db.ds, annaMathsTest(f, '5', { comment: 'Молодец', markId: m.mark.id }), actor);
    await setMark(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.anna.id,
        subjectId: f.russian.id,
        workKindId: f.oral.id,
        date: '2026-11-23',
        value: '4',
      },
      actor,
    );
    const msg = await fake.waitForMessage(MOTHER, (x) => !!x.text?.startsWith('📘'), 10_000);
    expect(msg.text).toBe(
      '📘 Отметки — Анна Иванова\n• Математика: 5 — контрольная работа, 23 ноября\n  💬 Молодец\n• Русский язык: 4 — устный ответ, 23 ноября',
    );
    expect((await fake.waitForMessage(ANNA, (x) => !!x.text?.startsWith('📘'), 5000)).text).toBe(msg.text);
    await settle(1500);
    expect(textsTo(MOTHER).slice(before)).toEqual([msg.text]);
    expect(textsTo(MOTHER).join('\n')).not.toContain(': 2 —');
    expect(sentTo(BORIS_FATHER)).toHaveLength(0);
  });

  it('a mark set and deleted within the window is never told; a change of an old mark says old → new', async () => {
    await start({ NOTIFY_CORRECTION_WINDOW_SECONDS: '2' });
    const old = await mark('3');
    await settle(3000);
    const before = textsTo(MOTHER).length;
    const typo = await mark('2');
    await deleteMark(db.ds, { schoolId: f.school.id, markId: typo.mark.id }, actor);
    await setMark(db.ds, annaMathsTest(f, '4', { markId: old.mark.id }), actor);
    const msg = await fake.waitForMessage(MOTHER, (x) => !!x.text?.includes('исправлена'), 10_000);
    expect(msg.text).toBe('📘 Отметки — Анна Иванова\n• Математика: исправлена отметка за 23 ноября: 3 → 4');
    await settle(500);
    expect(textsTo(MOTHER).slice(before)).toEqual([msg.text]);
    const rows = await db.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE "processedAt" IS NULL`);
    expect(rows[0].n).toBe(0);
  });

  it('a period mark is told to the family; a silent event to nobody', async () => {
    await start();
    await setPeriodMark(
      db.ds,
      { schoolId: f.school.id, studentId: f.boris.id, subjectId: f.maths.id, periodId: f.q2.id, value: '4' },
      actor,
    );
    await setPeriodMark(
      db.ds,
      { schoolId: f.school.id, studentId: f.boris.id, subjectId: f.russian.id, periodId: f.q2.id, value: '5' },
      actor,
      { silent: true },
    );
    const msg = await fake.waitForMessage(BORIS_FATHER, (x) => !!x.text?.startsWith('🏁'), 10_000);
    expect(msg.text).toBe('🏁 Отметки за период — Борис Борисов\n• Математика: 4 — 2 четверть');
  });
});

describe('attendance, timetable, staff', () => {
  it('an absence names the child, the lesson and the reason', async () => {
    await start();
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.pavel.id,
        lessonId: f.mathsLesson6b.id,
        status: 'absent',
        reason: 'illness',
      },
      actor,
    );
    const msg = await fake.waitForMessage(MOTHER, (x) => !!x.text?.startsWith('🚪'), 10_000);
    expect(msg.text).toBe('🚪 Пропуск урока — Павел Иванов\nМатематика, 23 ноября, 1-й урок (по болезни).');
  });

  it('a lesson cancelled for tomorrow is told to the class; a change next month is not', async () => {
    await start();
    const tomorrow = addDays(wallClock('Europe/Moscow', new Date()).date, 1);
    const l = await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 3,
        startsAt: '10:00',
        endsAt: '10:45',
      },
      actor,
    );
    const later = await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: addDays(tomorrow, 30),
        slot: 3,
        startsAt: '10:00',
        endsAt: '10:45',
      },
      actor,
    );
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: addDays(tomorrow, 30),
        slot: 3,
        startsAt: '10:00',
        endsAt: '10:45',
        cancelled: true,
        lessonId: later.lesson.id,
      },
      actor,
    );
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 3,
        startsAt: '10:00',
        endsAt: '10:45',
        cancelled: true,
        lessonId: l.lesson.id,
      },
      actor,
    );
    const day = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long' }).format(
      new Date(`${tomorrow}T12:00:00Z`),
    );
    const msg = await fake.waitForMessage(BORIS_FATHER, (x) => !!x.text?.startsWith('🗓'), 10_000);
    expect(msg.text).toBe(
      `🗓 Завтра, ${day}: изменения в расписании — Борис Борисов, 5А\n❌ 3-й урок, Математика — отменён.`,
    );
    expect((await fake.waitForMessage(MOTHER, (x) => !!x.text?.startsWith('🗓'), 5000)).text).toContain(
      'Анна Иванова, 5А',
    );
    await settle(800);
    expect(textsTo(BORIS_FATHER).filter((t) => t?.startsWith('🗓'))).toHaveLength(1);
  });

  it('homework waits for the evening digest by default (nothing at once)', async () => {
    await start();
    const before = sentTo(BORIS_FATHER).length;
    await setHomework(
      db.ds,
      {
        schoolId: f.school.id,
        lessonId: f.russianLesson5a.id,
        homework: 'Упр. 5 <стр. 10>',
        setAt: new Date('2026-11-23T10:00:00Z'),
      },
      actor,
    );
    await settle(1500);
    expect(sentTo(BORIS_FATHER)).toHaveLength(before);
    const items = await db.ds.query(
      `SELECT line FROM notification_digest_item i JOIN link l ON l.id = i."linkId" WHERE l."telegramUserId" = $1`,
      [BORIS_FATHER],
    );
    expect(items.map((i: { line: string }) => i.line)).toEqual(['Задано: Русский язык на 23 ноября']);
  });

  it('a compromise report reaches the class teacher through delivery', async () => {
    const stranger = 5_100_099;
    await addLink(db.ds, {
      schoolId: f.school.id,
      userId: stranger,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    await start();
    const p = await loadAccessProfile(db.ds, stranger, NOTIFY_HASH_KEY);
    // The report's time is the caller's clock, whatever the real date (it was the real one once).
    await reportCompromise(db.ds, p, new Date('2026-11-24T16:05:00Z'));
    const msg = await fake.waitForMessage(PETROVA, (x) => !!x.text?.includes('Компрометация'), 10_000);
    expect(msg.text).toMatch(
      /^⚠️ Компрометация доступа\n24 ноября в 19:05 поступило сообщение, что доступ к дневнику мог попасть к посторонним: Борис Борисов, 5А\.\nВсе привязки этого аккаунта отменены \(1\)/,
    );
    expect(sentTo(stranger)).toHaveLength(0);
  });
});

describe('threshold alerts', () => {
  it("an average falling below the parent's threshold and unexcused absences in a row are told once", async () => {
    const hash = hashAccount(BORIS_FATHER, NOTIFY_HASH_KEY);
    await setAverageBelow(db.ds, hash, f.boris.id, 3.5);
    await setAbsenceStreak(db.ds, hash, f.boris.id, 2);
    await start();
    await setMark(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        subjectId: f.russian.id,
        workKindId: f.test.id,
        date: '2026-11-23',
        value: '2',
      },
      actor,
    );
    const avg = await fake.waitForMessage(BORIS_FATHER, (x) => !!x.text?.startsWith('📉'), 10_000);
    expect(avg.text).toBe(
      '📉 Борис Борисов: средний балл по предмету «Русский язык» — 2,00, ниже вашего порога 3,50 (2 четверть).',
    );
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        lessonId: f.mathsLesson5a.id,
        status: 'absent',
        reason: 'unexcused',
      },
      actor,
    );
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        lessonId: f.russianLesson5a.id,
        status: 'absent',
        reason: 'unexcused',
      },
      actor,
    );
    const streak = await fake.waitForMessage(BORIS_FATHER, (x) => !!x.text?.startsWith('🚨'), 10_000);
    expect(streak.text).toBe('🚨 Борис Борисов: 2 пропуска подряд без уважительной причины, начиная с 23 ноября.');
    await setAverageBelow(db.ds, hash, f.boris.id, null);
    await setAbsenceStreak(db.ds, hash, f.boris.id, null);
  });
});

describe('quiet hours', () => {
  it('a message in quiet hours waits and goes out when they end', async () => {
    const tomorrow = addDays(wallClock('Europe/Moscow', new Date()).date, 1);
    const clock = manualClock(zonedInstant(tomorrow, '22:30', 'Europe/Moscow'));
    await setQuietHours(db.ds, hashAccount(MOTHER, NOTIFY_HASH_KEY), '22:00-07:00');
    const w = await start({}, clock);
    const before = sentTo(MOTHER).length;
    await recordAttendance(
      db.ds,
      { schoolId: f.school.id, studentId: f.pavel.id, lessonId: f.mathsLesson6b.id, status: 'late', reason: 'unknown' },
      actor,
    );
    await settle(1500);
    expect(sentTo(MOTHER)).toHaveLength(before);
    const [row] = await db.ds.query(
      `SELECT status, "notBefore" FROM notification_delivery WHERE "chatId" = $1 ORDER BY id DESC LIMIT 1`,
      [MOTHER],
    );
    expect(row.status).toBe('pending');
    expect(new Date(row.notBefore).toISOString()).toBe(
      zonedInstant(addDays(tomorrow, 1), '07:00', 'Europe/Moscow').toISOString(),
    );
    clock.set(zonedInstant(addDays(tomorrow, 1), '07:01', 'Europe/Moscow'));
    w.worker.wake();
    const msg = await fake.waitForMessage(MOTHER, (x) => !!x.text?.startsWith('⏰'), 10_000);
    expect(msg.text).toBe('⏰ Опоздание — Павел Иванов\nМатематика, 23 ноября, 1-й урок (причина пока не указана).');
    await setQuietHours(db.ds, hashAccount(MOTHER, NOTIFY_HASH_KEY), 'off');
  });
});

describe('Telegram limits and refusals', () => {
  it('429 pauses every send for retry_after; 403 marks the chat inactive; the rest is delivered once; nothing retried forever', async () => {
    const n = 40;
    const { classId, chats } = await bigClass(db.ds, f.school.id, f.year.id, n, 6_200_000);
    const blocked = chats.slice(0, 3);
    for (const c of blocked) fake.blockUser(c);
    await start({ NOTIFY_RATE_PER_SECOND: '50', NOTIFY_MAX_ATTEMPTS: '3' });
    const since = fake.calls.length;
    fake.failNext('sendMessage', { code: 429, retryAfter: 2 });
    const tomorrow = addDays(wallClock('Europe/Moscow', new Date()).date, 1);
    const l = await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 1,
        startsAt: '08:00',
        endsAt: '08:45',
      },
      actor,
    );
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: tomorrow,
        slot: 1,
        startsAt: '08:00',
        endsAt: '08:45',
        cancelled: true,
        lessonId: l.lesson.id,
      },
      actor,
    );
    const deadline = Date.now() + 20_000;
    const made = async () =>
      (await db.ds.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE "chatId" = ANY($1)`, [chats]))[0]
        .n;
    while ((await made()) < n && Date.now() < deadline) await settle(100);
    const open = async () =>
      (
        await db.ds.query(
          `SELECT count(*)::int AS n FROM notification_delivery WHERE "chatId" = ANY($1) AND status IN ('pending','sending')`,
          [chats],
        )
      )[0].n;
    while ((await open()) > 0 && Date.now() < deadline) await settle(200);
    const calls = fake.calls.slice(since).filter((c) => c.method === 'sendMessage');
    const throttled = calls.find((c) => c.response?.ok === false && c.response.error_code === 429)!;
    expect(throttled).toBeTruthy();
    const answeredAt = throttled.at;
    // Only sends already past their pause check when the 429 came may still arrive — at most the other
    // concurrent senders (NOTIFY_CONCURRENCY = 8), however slow the machine; no new send starts until retry_after ends.
    const during = calls.filter((c) => c.at > answeredAt && c.at < answeredAt + 2000 - 50);
    expect(during.length).toBeLessThan(8);
    expect(calls.filter((c) => c.at >= answeredAt + 1950).length).toBeGreaterThan(0);
    for (const c of chats.slice(3)) expect(sentTo(c)).toHaveLength(1);
    for (const c of blocked) expect(sentTo(c)).toHaveLength(0);
    const links = await db.ds.query(
      `SELECT "chatId", "inactiveReason" FROM link WHERE "chatId" = ANY($1) ORDER BY "chatId"`,
      [chats],
    );
    expect(
      links
        .filter((r: { inactiveReason: string | null }) => r.inactiveReason === 'blocked')
        .map((r: { chatId: string }) => Number(r.chatId)),
    ).toEqual(blocked);
    const statuses = await db.ds.query(
      `SELECT status, count(*)::int AS n FROM notification_delivery WHERE "chatId" = ANY($1) GROUP BY status ORDER BY status`,
      [chats],
    );
    expect(statuses).toEqual([
      { status: 'blocked', n: 3 },
      { status: 'sent', n: n - 3 },
    ]);
    // A chat that keeps failing with 5xx ends as failed after the retry budget, its reason kept.
    fake.failNext('sendMessage', { code: 502, times: 1000, description: 'Bad Gateway' });
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.pavel.id,
        lessonId: f.mathsLesson6b.id,
        status: 'absent',
        reason: 'unknown',
      },
      actor,
    );
    const failDeadline = Date.now() + 20_000;
    let failed: { attempts: number; lastError: string }[] = [];
    while (!failed.length && Date.now() < failDeadline) {
      await settle(300);
      failed = await db.ds.query(
        `SELECT attempts, "lastError" FROM notification_delivery WHERE "chatId" = $1 AND status = 'failed'`,
        [MOTHER],
      );
    }
    expect(failed).toEqual([{ attempts: 3, lastError: '502 Bad Gateway (after 3 attempts)' }]);
    fake.clearFailures();
    for (const c of blocked) fake.blockUser(c, false);
  }, 60_000);
});

describe('ops', () => {
  it('staff see failed deliveries with their reasons; /health and /metrics answer', async () => {
    const io = captureIo();
    await runDeliveriesFailed(db.ds, { limit: 10, json: false }, io);
    expect(io.stdout[0]).toBe('Failed deliveries (1, newest first):');
    expect(io.stdout[1]).toMatch(
      /^ {2}#\d+ {2}\S+ {2}absence {2}school \d+ {2}link \d+ {2}student \d+ {2}attempts 3 {2}502 Bad Gateway \(after 3 attempts\)$/,
    );
    const w = await start({ METRICS_PORT: '0' });
    const base = `http://127.0.0.1:${w.ops!.port}`;
    await settle(300);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      redis: process.env.REDIS_URL ? 'ok' : 'not configured',
      worker: 'ok',
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE dnevnik_notification_deliveries gauge');
    expect(metrics).toMatch(/^dnevnik_notification_deliveries\{status="failed"\} 1$/m);
    expect(metrics).toMatch(/^dnevnik_notification_deliveries\{status="blocked"\} 3$/m);
    expect(metrics).toMatch(/^dnevnik_notification_lag_seconds \d+\.\d{3}$/m);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
