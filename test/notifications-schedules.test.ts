import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { setHomework, setMark, upsertLesson } from '../core/journal/index.js';
import { createLogger } from '../core/logger.js';
import { processMarkWindows, processNextEvents } from '../core/notifications/outbox.js';
import { announcesTest } from '../core/notifications/digests.js';
import { dueSlot } from '../core/notifications/schedule.js';
import { zonedInstant } from '../core/calendar.js';
import { startSchedules } from '../jobs/notifications/schedules.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { addLink, NOTIFY_HASH_KEY } from './helpers/notifications.js';

const TZ = 'Europe/Moscow';
const DAY = '2026-12-01'; // a Tuesday
const at = (date: string, time: string) => zonedInstant(date, time, TZ);
/** The fixture's journal is written at noon of DAY by the test's clock, whatever the real date. */
const WRITTEN = { at: at(DAY, '12:00') };
const actor = { kind: 'cli' as const, command: 'test' };
const MOTHER = 5_300_001;
const BORIS_FATHER = 5_300_002;
let db: TestDb;
let f: SchoolFixture;
const config = loadConfig({ NOTIFY_QUIET_HOURS: 'off' });

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
    userId: BORIS_FATHER,
    role: 'guardian',
    studentId: f.boris.id,
    guardianId: f.borisFather.id,
  });
  const lesson = (slot: number, subjectId: number, topic?: string) =>
    upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId,
        teacherId: f.mathTeacher.id,
        date: '2026-12-02',
        slot,
        startsAt: `0${7 + slot}:00`,
        endsAt: `0${7 + slot}:45`,
        topic,
      },
      actor,
      WRITTEN,
    ).then((r) => r.lesson);
  const maths = await lesson(1, f.maths.id);
  await lesson(2, f.russian.id, 'Диктант по теме «Имя существительное»');
  await setHomework(
    db.ds,
    { schoolId: f.school.id, lessonId: maths.id, homework: 'Задачи 1–5', setAt: WRITTEN.at },
    actor,
    WRITTEN,
  );
  await setMark(
    db.ds,
    {
      schoolId: f.school.id,
      studentId: f.boris.id,
      subjectId: f.maths.id,
      workKindId: f.oral.id,
      date: '2026-11-23',
      value: '4',
    },
    actor,
    WRITTEN,
  );
  const deps = {
    ds: db.ds,
    clock: manualClock(at(DAY, '18:00')),
    timezone: TZ,
    hashKey: NOTIFY_HASH_KEY,
    defaultQuietHours: 'off',
    correctionWindowMs: 0,
  };
  // Boris's father takes marks in the evening digest.
  await db.ds.query(
    `INSERT INTO notification_preference ("accountHash", "studentId", modes) SELECT "accountHash", "studentId", '{"marks":"digest"}' FROM link WHERE "telegramUserId" = $1`,
    [BORIS_FATHER],
  );
  while (await processNextEvents(deps));
  await processMarkWindows(deps);
});
afterAll(() => db.close());

const digests = () =>
  db.ds.query<{ chat: number; text: string; dedupeKey: string }[]>(
    `SELECT "chatId"::int AS chat, text, "dedupeKey" FROM notification_delivery WHERE kind = 'evening' ORDER BY "chatId", id`,
  );

function schedules(clock: ReturnType<typeof manualClock>) {
  return startSchedules(
    { ds: db.ds, config, logger: createLogger('silent'), clock, hashKey: NOTIFY_HASH_KEY },
    { cron: false },
  );
}

describe('schedule slots', () => {
  it('a slot is due from its time until its grace ends', () => {
    const spec = { job: 'x', time: '19:00', graceMinutes: 180 };
    expect(dueSlot(spec, at(DAY, '18:59'), TZ)).toBeNull();
    expect(dueSlot(spec, at(DAY, '19:00'), TZ)?.key).toBe('2026-12-01T19:00');
    expect(dueSlot(spec, at(DAY, '21:59'), TZ)?.key).toBe('2026-12-01T19:00');
    expect(dueSlot(spec, at(DAY, '22:01'), TZ)).toBeNull();
    expect(
      dueSlot({ ...spec, weekday: 6, time: '12:00', graceMinutes: 1440 }, at('2026-12-05', '12:30'), TZ)?.key,
    ).toBe('2026-12-05T12:00');
    expect(dueSlot({ ...spec, weekday: 6, time: '12:00', graceMinutes: 1440 }, at(DAY, '12:30'), TZ)).toBeNull();
    expect(announcesTest('Контрольная работа № 3')).toBe(true);
    expect(announcesTest('Повторение')).toBe(false);
  });

  it('a restart across 19:00 neither skips nor doubles the evening digest; two replicas run a slot once', async () => {
    const clock = manualClock(at(DAY, '18:59'));
    const before = schedules(clock);
    expect((await before.runDue()).map((r) => r.job)).not.toContain('evening-digest');
    await before.stop();
    expect(await digests()).toEqual([]);

    // The process was down at 19:00 and comes back at 19:05: the slot is caught up once.
    clock.set(at(DAY, '19:05'));
    const after = schedules(clock);
    expect((await after.runDue()).filter((r) => r.job === 'evening-digest')).toEqual([
      { job: 'evening-digest', slot: '2026-12-01T19:00', outcome: { schools: 1, messages: 2, digestLines: 3 } },
    ]);
    await after.stop();
    const sent = await digests();
    expect(sent.map((d) => d.chat)).toEqual([MOTHER, BORIS_FATHER]);
    expect(sent[0].text).toBe(
      '🌙 Вечерняя сводка — <b>Анна Иванова</b>, 5А\n\n<b>Домашнее задание на завтра, среда, 2 декабря:</b>\n1. Математика: Задачи 1–5',
    );
    expect(sent[1].text).toBe(
      '🌙 Вечерняя сводка — <b>Борис Борисов</b>, 5А\n\n<b>Домашнее задание на завтра, среда, 2 декабря:</b>\n1. Математика: Задачи 1–5\n\n' +
        '<b>За день:</b>\n• Математика: <b>4</b> — устный ответ, 23 ноября',
    );

    // Another restart ten minutes later: nothing again.
    clock.set(at(DAY, '19:15'));
    const again = schedules(clock);
    expect((await again.runDue()).filter((r) => r.job === 'evening-digest')).toEqual([]);
    await again.stop();
    expect(await digests()).toHaveLength(2);

    // Next evening two replicas wake at once: exactly one runs the slot.
    const next = manualClock(at('2026-12-02', '19:00'));
    const a = schedules(next);
    const b = schedules(next);
    const runs = (await Promise.all([a.runDue(), b.runDue()])).flat().filter((r) => r.job === 'evening-digest');
    expect(runs.map((r) => r.slot)).toEqual(['2026-12-02T19:00']);
    await Promise.all([a.stop(), b.stop()]);
    const rows = await db.ds.query(
      `SELECT slot, "finishedAt" IS NOT NULL AS done FROM scheduled_run WHERE job = 'evening-digest' ORDER BY slot`,
    );
    expect(rows).toEqual([
      { slot: '2026-12-01T19:00', done: true },
      { slot: '2026-12-02T19:00', done: true },
    ]);
  });

  it('the weekly summary names the child, lists the week, the averages and the coming tests', async () => {
    const clock = manualClock(at('2026-11-28', '12:10'));
    const s = schedules(clock);
    const runs = await s.runDue();
    await s.stop();
    expect(runs.find((r) => r.job === 'weekly-summary')?.outcome).toEqual({ schools: 1, messages: 2 });
    const [boris] = await db.ds.query(
      `SELECT text FROM notification_delivery WHERE kind = 'weekly' AND "chatId" = $1`,
      [BORIS_FATHER],
    );
    expect(boris.text).toBe(
      '📊 Итоги недели 23 ноября — 28 ноября — <b>Борис Борисов</b>, 5А\n\n<b>Отметки за неделю:</b>\nМатематика: 4\n\n' +
        '<b>Средний балл, 2 четверть:</b>\nМатематика: 4,00\n\nПропусков и опозданий за неделю нет.\n\n' +
        '<b>Ближайшие контрольные:</b>\n2 декабря: Русский язык — Диктант по теме «Имя существительное»',
    );
  });
});
