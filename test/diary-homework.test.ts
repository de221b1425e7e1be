import type { InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../bot/format.js';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import {
  ANNA,
  assertSafeHtml,
  attachPdf,
  BORIS_FATHER,
  diaryBotTest,
  diaryHarness,
  MILA_MOTHER,
  type DiarySchool,
} from './helpers/diary.js';

/** /homework: tomorrow by default, the child's subgroup only, set-at times, files sent as files, markup escaped. */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let lastMessage: (user: number) => number;
let setAt: (lessonId: number) => Promise<string>;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(diaryBotTest()));
  lastMessage = h.lastMessage;
  await attachPdf(db.ds, f.school.id, f.L.m1126.id);
  await attachPdf(db.ds, f.school.id, f.L.e1126g2.id, 'ex9.pdf', 'ex9');
  setAt = async (lessonId) => {
    const [r] = await db.ds.query(`SELECT "homeworkSetAt" FROM lesson WHERE id = $1`, [lessonId]);
    return formatTime(r.homeworkSetAt, 'Europe/Moscow');
  };
});
afterAll(() => db.close());

describe('/homework', () => {
  it("shows tomorrow's homework of the child's own subgroup with when it was set and its files", async () => {
    const calls = await h.send(ANNA, '/homework');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📚 <b>Домашнее задание на чт, 26 ноября</b>',
        '',
        '<b>1. Математика</b>',
        '№ 245, 247 (a &lt; b &amp; c &gt; d)',
        `<i>задано ${await setAt(f.L.m1126.id)}</i>`,
        '📎 файлов: 1 — пришлю по кнопке ниже',
        '',
        '<b>2. Английский язык (1 группа)</b>',
        'Ex. 5 p. 40',
        `<i>задано ${await setAt(f.L.e1126g1.id)}</i>`,
        '',
        '<b>3. Русский язык</b>',
        'задание не задано',
      ].join('\n'),
    ]);
    expect(texts(calls)[0]).not.toContain('Ex. 9');
    assertSafeHtml(texts(calls)[0]);
    expect(buttons(calls)).toEqual([
      '◀ 25.11',
      'Сегодня',
      'Завтра',
      '27.11 ▶',
      'Неделя',
      '📎 26.11 Математика (1)',
      // The student's own checklist (bot/features/checklist).
      '☐ Математика',
      '☐ Английский язык',
      '📋 Что осталось на неделе',
    ]);
    const menu = await h.send(ANNA, '📚 Домашнее задание');
    expect(texts(menu)).toEqual(texts(calls));
  });

  it('the other subgroup sees its own English homework and file', async () => {
    const calls = await h.send(BORIS_FATHER, '/homework');
    expect(texts(calls)[0]).toContain('<b>2. Английский язык (2 группа)</b>\nEx. 9 p. 41');
    expect(texts(calls)[0]).not.toContain('Ex. 5');
    expect(buttons(calls)).toContain('📎 26.11 Английский язык (1)');
  });

  it('sends the files themselves, naming the child', async () => {
    await h.send(ANNA, '/homework');
    const calls = await h.press(ANNA, `df:${f.L.m1126.id}`, lastMessage(ANNA));
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendDocument']);
    const doc = calls[1].payload;
    expect(doc.caption).toBe('📎 Анна Иванова: Математика, задание на чт, 26 ноября');
    expect((doc.document as InputFile).filename).toBe('задачи.pdf');
    expect(Buffer.from((doc.document as unknown as { fileData: Uint8Array }).fileData).toString()).toBe(
      '%PDF-1.4 tasks',
    );
  });

  it("another subgroup's files are not the child's", async () => {
    const calls = await h.press(ANNA, `df:${f.L.e1126g2.id}`, lastMessage(ANNA));
    expect(calls).toEqual([
      {
        method: 'answerCallbackQuery',
        payload: expect.objectContaining({
          text: 'Это действие недоступно. Откройте меню заново — /start.',
          show_alert: true,
        }),
      },
    ]);
  });

  it('today, another day and the week by button, edited in place', async () => {
    await h.send(ANNA, '/homework');
    const today = await h.press(ANNA, 'dh:20261125', lastMessage(ANNA));
    expect(today.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(texts(today)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📚 <b>Домашнее задание на ср, 25 ноября</b>',
        '',
        '<b>1. Математика</b>',
        'задание не задано',
        '',
        '<b>2. Русский язык</b>',
        'задание не задано',
        '',
        '<b>3. Физическая культура</b>',
        'урок отменён',
        '',
        '<b>4. Английский язык (1 группа)</b>',
        'задание не задано',
      ].join('\n'),
    ]);
    expect(buttons(today)).toEqual([
      '◀ 24.11',
      'Сегодня',
      'Завтра',
      '26.11 ▶',
      'Неделя',
      '📋 Что осталось на неделе',
      '⚠️ Сообщить об ошибке',
    ]);
    const saturday = await h.press(ANNA, 'dh:20261128', lastMessage(ANNA));
    expect(texts(saturday)[0]).toBe(
      '👤 <b>Анна Иванова</b>, 5А\n📚 <b>Домашнее задание на сб, 28 ноября</b>\n\nНа этот день уроков нет.',
    );
    const week = await h.press(ANNA, 'dk:20261126', lastMessage(ANNA));
    const text = texts(week)[0];
    expect(
      text.startsWith(
        '👤 <b>Анна Иванова</b>, 5А\n📚 <b>Домашнее задание на неделю</b> (пн, 23 ноября — вс, 29 ноября)\n\n<b>пн, 23 ноября</b>\nзаданий нет\n\n<b>вт, 24 ноября</b>\nзаданий нет',
      ),
    ).toBe(true);
    expect(text).toContain('<b>чт, 26 ноября</b>\n<b>1. Математика</b>\n№ 245, 247 (a &lt; b &amp; c &gt; d)');
    expect(text).not.toContain('Ex. 9');
    expect(buttons(week)).toEqual(['◀ 16.11–22.11', 'Сегодня', 'Завтра', '30.11–06.12 ▶', '📎 26.11 Математика (1)']);
  });

  it('on Friday «tomorrow» is the next school day, Monday', async () => {
    const friday = diaryHarness(db.ds, '2026-11-27T18:00:00+03:00');
    const calls = await friday.h.send(ANNA, '/homework');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📚 <b>Домашнее задание на пн, 30 ноября</b>',
        'Завтра уроков нет — показан ближайший учебный день.',
        '',
        '<b>1. Математика</b>',
        'Повторить § 12',
        `<i>задано ${await setAt(f.L.m1130.id)}</i>`,
      ].join('\n'),
    ]);
  });

  it('forged or foreign dates and lessons are refused', async () => {
    for (const data of ['dh:20261345', 'dh:abc', 'df:999999', `df:${f.L.p1126.id}`]) {
      const calls = await h.press(ANNA, data, lastMessage(ANNA));
      expect(calls).toEqual([
        { method: 'answerCallbackQuery', payload: expect.objectContaining({ show_alert: true }) },
      ]);
    }
  });

  it('grade 1 has no homework: a polite answer naming the child', async () => {
    const calls = await h.send(MILA_MOTHER, '/homework');
    expect(texts(calls)).toEqual([
      '👤 <b>Мила Милова</b>, 1А\n\nВ 1 классе домашние задания не задают. Расписание и пропуски — в меню.',
    ]);
  });
});
