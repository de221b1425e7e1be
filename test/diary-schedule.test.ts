import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import { texts, buttons } from './helpers/screen.js';
import { ANNA, assertSafeHtml, BORIS_FATHER, diaryBotTest, diaryHarness, MILA_MOTHER } from './helpers/diary.js';

/** /schedule: time, subject, room, teacher, topic; substitutions and cancellations marked; the current or next lesson on top. */
let db: TestDb;

beforeAll(async () => {
  ({ db } = await setupBotTest(diaryBotTest()));
});
afterAll(() => db.close());

const TODAY = [
  '1. 08:00–08:45 <b>Математика</b>, каб. 21',
  '↳ Кузнецов О.',
  '↳ Тема: Сравнение: a &lt; b &amp; b &gt; c, *жирный* _курсив_ &lt;script&gt;',
  '↳ ⏰ Опоздание',
  '',
  '2. 09:00–09:45 <b>Русский язык</b>, каб. 21',
  '↳ 🔁 Замена: ведёт Сидоров И. (вместо Петрова Е. В.)',
  '↳ Тема: Обращение',
  '',
  '3. 10:00–10:45 <s>Физическая культура</s> — ❌ урок отменён',
  '',
  '4. 11:00–11:45 <b>Английский язык (1 группа)</b>, каб. 31',
  '↳ Волкова А. И.',
].join('\n');

describe('/schedule', () => {
  it('during the second lesson: it is on top; the substitution, the cancelled lesson and the topic are marked; own subgroup only', async () => {
    const { h } = diaryHarness(db.ds);
    const calls = await h.send(ANNA, '/schedule');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '🗓 <b>Расписание на ср, 25 ноября</b>',
        '▶️ <b>Сейчас:</b> 2-й урок — Русский язык, до 09:45, каб. 21',
        '',
        TODAY,
      ].join('\n'),
    ]);
    expect(texts(calls)[0]).not.toContain('Лебедев');
    assertSafeHtml(texts(calls)[0]);
    expect(buttons(calls)).toEqual(['◀ 24.11', 'Сегодня', 'Завтра', '26.11 ▶', 'Неделя']);
  });

  it('the other subgroup gets its English lesson, room and teacher', async () => {
    const { h } = diaryHarness(db.ds);
    const calls = await h.send(BORIS_FATHER, '🗓 Расписание');
    expect(texts(calls)[0]).toContain('4. 11:00–11:45 <b>Английский язык (2 группа)</b>, каб. 32\n↳ Лебедев П.');
    expect(texts(calls)[0]).not.toContain('Волкова');
  });

  it('the next lesson is on top in a break and before school; nothing before the day begins or after it ends', async () => {
    const at = async (time: string) =>
      texts(await diaryHarness(db.ds, `2026-11-25T${time}:00+03:00`).h.send(ANNA, '/schedule'))[0];
    expect(await at('07:30')).toContain('\n⏭ <b>Следующий:</b> 1-й урок — Математика, в 08:00, каб. 21\n\n1.');
    // P.E. at 10:00 is cancelled: in the break after the second lesson, English is next.
    expect(await at('09:50')).toContain(
      '\n⏭ <b>Следующий:</b> 4-й урок — Английский язык (1 группа), в 11:00, каб. 31\n\n1.',
    );
    expect(await at('06:30')).toBe(`👤 <b>Анна Иванова</b>, 5А\n🗓 <b>Расписание на ср, 25 ноября</b>\n\n${TODAY}`);
    expect(await at('12:00')).toBe(`👤 <b>Анна Иванова</b>, 5А\n🗓 <b>Расписание на ср, 25 ноября</b>\n\n${TODAY}`);
  });

  it('tomorrow and the week by button, edited in place; another day has no «now» line', async () => {
    const { h, lastMessage } = diaryHarness(db.ds);
    await h.send(ANNA, '/schedule');
    const tomorrow = await h.press(ANNA, 'ds:20261126', lastMessage(ANNA));
    expect(tomorrow.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(texts(tomorrow)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '🗓 <b>Расписание на чт, 26 ноября</b>',
        '',
        '1. 08:00–08:45 <b>Математика</b>, каб. 21',
        '↳ Кузнецов О.',
        '',
        '2. 09:00–09:45 <b>Английский язык (1 группа)</b>, каб. 31',
        '↳ Волкова А. И.',
        '',
        '3. 10:00–10:45 <b>Русский язык</b>, каб. 21',
        '↳ Петрова Е. В.',
      ].join('\n'),
    ]);
    expect(buttons(tomorrow)).toEqual(['◀ 25.11', 'Сегодня', 'Завтра', '27.11 ▶', 'Неделя']);
    const week = await h.press(ANNA, 'dw:20261126', lastMessage(ANNA));
    const text = texts(week)[0];
    expect(text).toContain(
      '🗓 <b>Расписание на неделю</b> (пн, 23 ноября — вс, 29 ноября)\n\n<b>пн, 23 ноября</b>\n1. 08:00–08:45 <b>Математика</b>, каб. 21\n↳ Кузнецов О.\n2. 09:00–09:45 <b>Русский язык</b>, каб. 21\n↳ Петрова Е. В.',
    );
    expect(text).toContain(
      '<b>вт, 24 ноября</b>\n1. 08:00–08:45 <b>Математика</b>, каб. 21\n↳ Кузнецов О.\n↳ 🚫 Отсутствие: не указана',
    );
    expect(text).toContain(
      '<b>ср, 25 ноября</b>\n1. 08:00–08:45 <b>Математика</b>, каб. 21\n↳ Кузнецов О.\n↳ Тема: Сравнение: a &lt; b &amp; b &gt; c, *жирный* _курсив_ &lt;script&gt;\n↳ ⏰ Опоздание\n2. 09:00–09:45 <b>Русский язык</b>, каб. 21\n↳ 🔁 Замена: ведёт Сидоров И. (вместо Петрова Е. В.)',
    );
    expect(text).toContain('3. 10:00–10:45 <s>Физическая культура</s> — ❌ урок отменён');
    expect(text).not.toContain('▶️');
    expect(buttons(week)).toEqual(['◀ 16.11–22.11', 'Сегодня', 'Завтра', '30.11–06.12 ▶']);
    const saturday = await h.press(ANNA, 'ds:20261128', lastMessage(ANNA));
    expect(texts(saturday)).toEqual([
      '👤 <b>Анна Иванова</b>, 5А\n🗓 <b>Расписание на сб, 28 ноября</b>\n\nУроков нет.',
    ]);
  });

  it('works for grade 1, with the absence marked', async () => {
    const { h, lastMessage } = diaryHarness(db.ds);
    await h.send(MILA_MOTHER, '/schedule');
    const calls = await h.press(MILA_MOTHER, 'ds:20261123', lastMessage(MILA_MOTHER));
    expect(texts(calls)).toEqual([
      '👤 <b>Мила Милова</b>, 1А\n🗓 <b>Расписание на пн, 23 ноября</b>\n\n1. 08:00–08:45 <b>Русский язык</b>, каб. 21\n↳ Петрова Е. В.\n↳ 🚫 Отсутствие: болезнь',
    ]);
  });
});
