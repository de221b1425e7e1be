import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAccount } from '../core/linking/codes.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, setupBotTest, studentOf } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { HASH_KEY, linkAs } from './helpers/linking.js';

/** The notification settings as a family sees them: /settings → «Уведомления», /notifications. */
let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const MOTHER = 9101;
const MILA_PARENT = 9102;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
    ],
  }));
  await h.press(MOTHER, `ch:${f.anna.id}`);
  await linkAs(h, db.ds, MILA_PARENT, studentOf(f, f.mila));
});
afterAll(() => db.close());

const annaButtons = (marks = 'сразу') => [
  `Отметки: ${marks}`,
  'Пропуски и опоздания: сразу',
  'Домашние задания: в сводке',
  'Изменения расписания: сразу',
  'Отметки за четверть и год: сразу',
  'Вечерняя сводка: вкл.',
  'Итоги недели: вкл.',
  'Прогноз и итоги периода: вкл.',
];

describe('notification settings in the bot', () => {
  it("/settings leads to the child's notification screen with every kind, quiet hours and thresholds", async () => {
    const settings = await h.send(MOTHER, '/settings');
    expect(buttons(settings)[0]).toBe('🔔 Уведомления');
    const screen = await h.press(MOTHER, 'nt:menu');
    expect(texts(screen)).toEqual([
      '🔔 <b>Уведомления — Анна Иванова</b>\nНажмите на строку, чтобы переключить: сразу → в вечерней сводке → выключено.\n' +
        'Тихие часы: 21:00–08:00. Сообщения в это время не пропадают — они придут, когда тихие часы закончатся.',
    ]);
    expect(screen.find((c) => c.method === 'editMessageText')).toBeTruthy();
    expect(buttons(screen)).toEqual([
      ...annaButtons(),
      '🌙 Тихие часы: 21:00–08:00',
      '📉 Средний балл ниже: не следить',
      '🚨 Пропусков подряд: не следить',
      '👤 Другой ребёнок',
    ]);
  });

  it('a press moves a kind to its next mode and stores it for this account and child', async () => {
    const once = await h.press(MOTHER, 'nk:marks');
    expect(once.find((c) => c.method === 'answerCallbackQuery')?.payload.text).toBe('Сохранено');
    expect(buttons(once).slice(0, 8)).toEqual(annaButtons('в сводке'));
    expect(buttons(await h.press(MOTHER, 'nk:marks')).slice(0, 8)).toEqual(annaButtons('выкл.'));
    expect(buttons(await h.press(MOTHER, 'nk:weekly'))[6]).toBe('Итоги недели: выкл.');
    const [row] = await db.ds.query(
      `SELECT modes FROM notification_preference WHERE "accountHash" = $1 AND "studentId" = $2`,
      [hashAccount(MOTHER, HASH_KEY), f.anna.id],
    );
    expect(row.modes).toMatchObject({ marks: 'off', weekly: 'off', homework: 'digest' });
    const pavel = await db.ds.query(`SELECT modes FROM notification_preference WHERE "studentId" = $1`, [f.pavel.id]);
    expect(pavel).toEqual([]);
  });

  it('quiet hours and thresholds are chosen from offered values; the other child has its own settings', async () => {
    const quiet = await h.press(MOTHER, 'nt:quiet');
    expect(buttons(quiet)).toEqual(['21:00–08:00', '22:00–07:00', '20:00–09:00', 'выключены', '← Назад']);
    expect(buttons(await h.press(MOTHER, 'nq:2207'))).toContain('🌙 Тихие часы: 22:00–07:00');
    const avg = await h.press(MOTHER, 'nt:average');
    expect(buttons(avg)).toEqual(['3', '3,5', '4', '4,5', 'не следить', '← Назад']);
    expect(buttons(await h.press(MOTHER, 'nv:35'))).toContain('📉 Средний балл ниже: 3,5');
    expect(buttons(await h.press(MOTHER, 'nb:3'))).toContain('🚨 Пропусков подряд: 3');
    const [row] = await db.ds.query(
      `SELECT "averageBelow", "absenceStreak" FROM notification_preference WHERE "accountHash" = $1 AND "studentId" = $2`,
      [hashAccount(MOTHER, HASH_KEY), f.anna.id],
    );
    expect(row).toEqual({ averageBelow: '3.50', absenceStreak: 3 });
    const [setting] = await db.ds.query(`SELECT "quietHours" FROM notification_setting WHERE "accountHash" = $1`, [
      hashAccount(MOTHER, HASH_KEY),
    ]);
    expect(setting.quietHours).toBe('22:00-07:00');
    const choose = await h.press(MOTHER, 'nt:child');
    expect(buttons(choose)).toEqual(['Анна Иванова, 5А', 'Павел Иванов, 6Б']);
    const pavel = await h.press(MOTHER, `nc:${f.pavel.id}`);
    expect(texts(pavel)[0]).toMatch(/^🔔 <b>Уведомления — Павел Иванов<\/b>/);
    expect(buttons(pavel)).toContain('📉 Средний балл ниже: не следить');
  });

  it("another family's child, unknown kinds and values are refused", async () => {
    const unavailable = { text: 'Это действие недоступно. Откройте меню заново — /start.', show_alert: true };
    for (const data of [`nc:${f.boris.id}`, 'nk:bogus', 'nv:33', 'nb:7', 'nq:1234'])
      expect((await h.press(MOTHER, data)).find((c) => c.method === 'answerCallbackQuery')?.payload).toMatchObject(
        unavailable,
      );
  });

  it('a grade-1 student sees no marks or homework kinds; /notifications works as a command', async () => {
    const screen = await h.send(MILA_PARENT, '/notifications');
    expect(texts(screen)[0]).toMatch(/^🔔 <b>Уведомления — Мила Милова<\/b>/);
    expect(buttons(screen)).toEqual([
      'Пропуски и опоздания: сразу',
      'Изменения расписания: сразу',
      'Вечерняя сводка: вкл.',
      'Итоги недели: вкл.',
      '🌙 Тихие часы: 21:00–08:00',
      '🚨 Пропусков подряд: не следить',
    ]);
    expect(
      (await h.press(MILA_PARENT, 'nk:marks')).find((c) => c.method === 'answerCallbackQuery')?.payload.show_alert,
    ).toBe(true);
  });

  it('a chat marked unreachable after a 403 is reachable again once the user writes; my_chat_member "kicked" marks it', async () => {
    await db.ds.query(`UPDATE link SET "inactiveReason" = 'blocked' WHERE "telegramUserId" = $1`, [MOTHER]);
    await h.send(MOTHER, '/notifications');
    const after = await db.ds.query(
      `SELECT DISTINCT "inactiveReason" FROM link WHERE "telegramUserId" = $1 AND "revokedAt" IS NULL`,
      [MOTHER],
    );
    expect(after).toEqual([{ inactiveReason: null }]);
    await h.update({
      my_chat_member: {
        chat: { id: MOTHER, type: 'private', first_name: 'x' },
        from: { id: MOTHER, is_bot: false, first_name: 'x' },
        date: 0,
        old_chat_member: { status: 'member', user: { id: 42, is_bot: true, first_name: 'b' } },
        new_chat_member: { status: 'kicked', user: { id: 42, is_bot: true, first_name: 'b' }, until_date: 0 },
      },
    } as never);
    const blocked = await db.ds.query(
      `SELECT DISTINCT "inactiveReason" FROM link WHERE "telegramUserId" = $1 AND "revokedAt" IS NULL`,
      [MOTHER],
    );
    expect(blocked).toEqual([{ inactiveReason: 'blocked' }]);
  });
});
