import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import { ANNA, diaryBotTest, MILA_MOTHER, type DiarySchool } from './helpers/diary.js';

/** /absences: lessons and whole days missed in a period, by reason, subject and day; latenesses apart. */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let lastMessage: (user: number) => number;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(diaryBotTest()));
  lastMessage = h.lastMessage;
});
afterAll(() => db.close());

describe('/absences', () => {
  it('totals in lessons and whole days, reasons, by subject and by day', async () => {
    const calls = await h.send(ANNA, '/absences');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '🚫 <b>Пропуски</b> · 2 четверть (9 ноября — 28 декабря)',
        '',
        // 13 Nov: both lessons (ill); 19 Nov: Russian (unexcused) of two; 24 Nov: maths (no reason) of two; late on 25 Nov.
        'Пропущено уроков: <b>4</b>, из них дней целиком: <b>1</b>',
        'Причины: болезнь — 2, неуважительная — 1, не указана — 1',
        'Опозданий: 1',
        '',
        '<b>По предметам</b>',
        'Математика — 2 (болезнь — 1, не указана — 1), опозданий: 1',
        'Русский язык — 2 (болезнь — 1, неуважительная — 1)',
        '',
        '<b>По дням</b>',
        'пт, 13 ноября — весь день (2 ур.), болезнь',
        'чт, 19 ноября — 1 из 2 ур., неуважительная',
        'вт, 24 ноября — 1 из 2 ур., не указана',
      ].join('\n'),
    ]);
    expect(buttons(calls)).toEqual([
      '1 четверть',
      '• 2 четверть',
      '1 полугодие',
      'Учебный год',
      '⚠️ Сообщить об ошибке',
    ]);
    const menu = await h.send(ANNA, '🚫 Пропуски');
    expect(texts(menu)).toEqual(texts(calls));
  });

  it('switches the period in place', async () => {
    await h.send(ANNA, '/absences');
    const q1 = await h.press(ANNA, `da:${f.q1.id}`, lastMessage(ANNA));
    expect(q1.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(texts(q1)).toEqual([
      '👤 <b>Анна Иванова</b>, 5А\n🚫 <b>Пропуски</b> · 1 четверть (1 сентября — 25 октября)\n\nПропусков нет.',
    ]);
    expect(buttons(q1)).toEqual(['• 1 четверть', '2 четверть', '1 полугодие', 'Учебный год', '⚠️ Сообщить об ошибке']);
    const year = await h.press(ANNA, `da:${f.y.id}`, lastMessage(ANNA));
    expect(texts(year)[0]).toContain(
      'Учебный год (1 сентября — 26 мая)\n\nПропущено уроков: <b>4</b>, из них дней целиком: <b>1</b>',
    );
  });

  it('a period of another school year is not taken: the current one is shown', async () => {
    const calls = await h.press(ANNA, 'da:999999', lastMessage(ANNA));
    expect(texts(calls)[0]).toContain('🚫 <b>Пропуски</b> · 2 четверть');
  });

  it('works for grade 1', async () => {
    const calls = await h.send(MILA_MOTHER, '/absences');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Мила Милова</b>, 1А',
        '🚫 <b>Пропуски</b> · 2 четверть (9 ноября — 28 декабря)',
        '',
        'Пропущено уроков: <b>1</b>, из них дней целиком: <b>1</b>',
        'Причины: болезнь — 1',
        '',
        '<b>По предметам</b>',
        'Русский язык — 1 (болезнь — 1)',
        '',
        '<b>По дням</b>',
        'пн, 23 ноября — весь день (1 ур.), болезнь',
      ].join('\n'),
    ]);
  });
});
