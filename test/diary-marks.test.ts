import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMark } from '../core/journal/index.js';
import { forecast, roundToMark, averageHundredths, averageStats, thresholdsOf } from '../core/diary/rules.js';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons, textOf } from './helpers/screen.js';
import { ANNA, assertSafeHtml, BORIS_FATHER, diaryBotTest, MILA_MOTHER, type DiarySchool } from './helpers/diary.js';

/**
 * /marks for a seeded child, every figure computed by hand from the fixture
 * (test/helpers/diary.ts): weights 1, 1.5 and 2, «зач» and «осв» left out of
 * the averages, the school's thresholds 4.5 / 3.5 / 2.5, today Wednesday 25 November.
 */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let lastMessage: (user: number) => number;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(diaryBotTest()));
  lastMessage = h.lastMessage;
});
afterAll(() => db.close());

const PERIODS = ['1 четверть', '• 2 четверть', '1 полугодие', 'Учебный год'];

describe('the weighted average, its rounding and the forecast (core rules)', () => {
  const t = thresholdsOf({ thresholds: { '5': 4.5, '4': 3.5, '3': 2.5 } });
  const w = (value: string, weight: number) => ({ value: value as never, weight });

  it('counts weights and leaves special marks out', () => {
    // 5×1 + 3×2 + 4×1 + 4×1.5 + 5×2 = 31 over 7.5 = 4.133…; «зач», «осв», «н/а», «безотм» do not count.
    const marks = [
      w('5', 100),
      w('3', 200),
      w('4', 100),
      w('4', 150),
      w('pass', 100),
      w('exempt', 200),
      w('notAttested', 100),
      w('noMarks', 100),
      w('5', 200),
    ];
    expect(averageStats(marks)).toEqual({ sumW: 750, sumWV: 3100, count: 5 });
    expect(roundToMark(averageStats(marks)!, t)).toBe(4);
    // The most common weight is 1 (tied with 2: the lighter, everyday one); 6 fives of weight 1: 61 / 13.5 = 4.52.
    expect(forecast(marks, t)).toEqual({ mark: 4, next: { target: 5, weight: 100, fives: 6, fours: null } });
  });

  it('rounds exactly at a threshold: 4.5 is «5», never «4» by a floating-point hair', () => {
    expect(roundToMark(averageStats([w('5', 100), w('4', 100)])!, t)).toBe(5);
    expect(roundToMark(averageStats([w('4', 150), w('5', 150)])!, t)).toBe(5);
    expect(roundToMark(averageStats([w('3', 100), w('4', 100)])!, t)).toBe(4);
    expect(roundToMark(averageStats([w('2', 100), w('3', 100)])!, t)).toBe(3);
    expect(roundToMark(averageStats([w('2', 200), w('3', 100)])!, t)).toBe(2);
  });

  it('shows the average rounded half up to hundredths, as the e-journals do', () => {
    // 11 / 3 = 3.666…: «3,67», not «3,66».
    expect(averageHundredths(averageStats([w('3', 100), w('4', 100), w('4', 100)])!)).toBe(367);
    // 2 / 3 = 0.666… above 4: 4.666… → 4,67; 13 / 3 = 4.333… → 4,33 (down stays down).
    expect(averageHundredths(averageStats([w('5', 100), w('5', 100), w('4', 100)])!)).toBe(467);
    expect(averageHundredths(averageStats([w('4', 100), w('4', 100), w('5', 100)])!)).toBe(433);
    // Exactly half a hundredth: (4×199 + 5×1) / 200 = 4.005 → 4,01 (half up), and its mark follows what is shown.
    expect(averageHundredths(averageStats([w('4', 199), w('5', 1)])!)).toBe(401);
    // (4×101 + 5×99) / 200 = 4.495 → 4,50, so «5» at the 4,5 threshold.
    const s = averageStats([w('4', 101), w('5', 99)])!;
    expect(averageHundredths(s)).toBe(450);
    expect(roundToMark(s, t)).toBe(5);
  });

  it('counts fives or fours of the real weight to the next mark', () => {
    // 2 (×2): «2»; to 2.5 one five (14/4 = 3.5) or one four (12/4 = 3) of weight 2.
    expect(forecast([w('2', 200)], t)).toEqual({ mark: 2, next: { target: 3, weight: 200, fives: 1, fours: 1 } });
    // 3, 3, 3 (×1): «3»; to 3.5 one five ((9 + 5) / 4 = 3.5) or three fours ((9 + 12) / 6 = 3.5).
    expect(forecast([w('3', 100), w('3', 100), w('3', 100)], t)).toEqual({
      mark: 3,
      next: { target: 4, weight: 100, fives: 1, fours: 3 },
    });
    // Other thresholds from the school's settings change the answer.
    const strict = thresholdsOf({ thresholds: { '5': 4.6, '4': 3.6, '3': 2.6 } });
    expect(roundToMark(averageStats([w('5', 100), w('4', 100)])!, strict)).toBe(4);
    expect(forecast([w('5', 100), w('4', 100)], strict)).toEqual({
      mark: 4,
      next: { target: 5, weight: 100, fives: 1, fours: null },
    });
  });
});

describe('/marks', () => {
  it('shows every subject of the period: marks with work kinds, comments, weighted average, trend, forecast, period mark', async () => {
    const calls = await h.send(ANNA, '/marks');
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📒 <b>Отметки</b> · 2 четверть (9 ноября — 28 декабря)',
        '',
        '📘 <b>Математика</b>',
        '<b>5</b> устно · <b>3</b> контр. · <b>4</b> устно · <b>4</b> самост. · <b>зач</b> устно · <b>5</b> контр.',
        // 31 / 7.5 = 4.13 now; a week ago (18 Nov) 21 / 5.5 = 3.81: up 0.32.
        // The week's change is between the averages as shown, each rounded half up.
        'Средний балл: <b>4,13</b> → «4», за неделю ↑ +0,31',
        '🎯 Прогноз: «4». До «5» — ещё 6 пятёрок (вес 1)',
        '💬 12.11, 3: Ошибка в вычислениях &lt;см. № 3&gt; &amp; оформление',
        '',
        '📘 <b>Русский язык</b>',
        '<b>2</b> устно · <b>4</b> контр.',
        // (2 + 8) / 3 = 3.33 → «3»; to 3.5: one five → 15/4 = 3.75, or one four → 14/4 = 3.5.
        'Средний балл: <b>3,33</b> → «3», за неделю без изменений',
        '🎯 Прогноз: «3». До «4» — ещё 1 пятёрка или 1 четвёрка (вес 1)',
        '',
        '📘 <b>Физическая культура</b>',
        '<b>осв</b> устно',
        'Отметок с баллом пока нет — средний балл не считается.',
        '🏁 Отметка за период: <b>осв</b>',
      ].join('\n'),
    ]);
    expect(buttons(calls)).toEqual([
      'Математика',
      'Русский язык',
      'Физ-ра',
      ...PERIODS,
      '📈 График',
      '🗂 Итоги года',
      'ℹ️ Как считается',
    ]);
    assertSafeHtml(texts(calls)[0]);
  });

  it('the menu button opens the same view', async () => {
    const calls = await h.send(ANNA, '📒 Отметки');
    expect(texts(calls)[0]).toMatch(/^👤 <b>Анна Иванова<\/b>, 5А\n📒 <b>Отметки<\/b> · 2 четверть/);
  });

  it('a subject page lists every mark with date, work kind, weight, lesson topic and comment, edited in place', async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, `dj:${f.maths.id}`, lastMessage(ANNA));
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(calls[1].payload.message_id).toBe(lastMessage(ANNA));
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📘 <b>Математика</b> · 2 четверть (9 ноября — 28 декабря)',
        '',
        'вт, 10 ноября — <b>5</b> · Устный ответ, вес 1',
        '↳ Тема: Сложение натуральных чисел',
        'чт, 12 ноября — <b>3</b> · Контрольная работа, вес 2',
        '↳ Тема: Вычитание',
        '↳ 💬 Ошибка в вычислениях &lt;см. № 3&gt; &amp; оформление',
        'пн, 16 ноября — <b>4</b> · Устный ответ, вес 1',
        '↳ Тема: Уравнение',
        'ср, 18 ноября — <b>4</b> · Самостоятельная работа, вес 1,5',
        '↳ Тема: Умножение',
        'пт, 20 ноября — <b>зач</b> · Устный ответ, вес 1',
        'пн, 23 ноября — <b>5</b> · Контрольная работа, вес 2',
        '',
        'Всего отметок: 6',
        'Средний балл: <b>4,13</b> → «4», за неделю ↑ +0,31',
        '🎯 Прогноз: «4». До «5» — ещё 6 пятёрок (вес 1)',
      ].join('\n'),
    ]);
    expect(buttons(calls)).toEqual(['📒 Все предметы', '📈 График', '⚠️ Сообщить об ошибке']);
  });

  it('switches the period: the first quarter has its own marks, average, forecast and period marks', async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, `dm:${f.q1.id}`, lastMessage(ANNA));
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '📒 <b>Отметки</b> · 1 четверть (1 сентября — 25 октября)',
        '',
        '📘 <b>Математика</b>',
        '<b>2</b> контр.',
        // 2 (×2): «2»; to 2.5 one five or one four of weight 2.
        'Средний балл: <b>2,00</b> → «2»',
        '🎯 Прогноз: «2». До «3» — ещё 1 пятёрка или 1 четвёрка (вес 2)',
        '🏁 Отметка за период: <b>5</b>',
        '',
        '📘 <b>Русский язык</b>',
        'Отметок с баллом пока нет — средний балл не считается.',
        '🏁 Отметка за период: <b>н/а</b>',
      ].join('\n'),
    ]);
    expect(buttons(calls)).toEqual([
      'Математика',
      'Русский язык',
      '• 1 четверть',
      '2 четверть',
      '1 полугодие',
      'Учебный год',
      '📈 График',
      '🗂 Итоги года',
      'ℹ️ Как считается',
    ]);
    // A subject page opened from the first quarter stays in it.
    const page = await h.press(ANNA, `dj:${f.maths.id}`, lastMessage(ANNA));
    expect(texts(page)[0]).toContain(
      '📘 <b>Математика</b> · 1 четверть (1 сентября — 25 октября)\n\nвт, 20 октября — <b>2</b> · Контрольная работа, вес 2',
    );
  });

  it('the half-year counts marks of both quarters', async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, `dm:${f.h1.id}`, lastMessage(ANNA));
    // 31 + 2×2 = 35 over 9.5 = 3.68 → «4»; a week ago 25 / 7.5 = 3.33: up 0.35.
    expect(texts(calls)[0]).toContain('Средний балл: <b>3,68</b> → «4», за неделю ↑ +0,35');
  });

  it('the year summary shows every period mark of the year', async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, 'dy:year', lastMessage(ANNA));
    expect(texts(calls)).toEqual([
      [
        '👤 <b>Анна Иванова</b>, 5А',
        '🗂 <b>Итоговые отметки за год</b>',
        '',
        '<pre>Предмет       1ч  2ч  1п Год',
        'Математика     5   —   —   —',
        'Русский язык н/а   —   —   —',
        'Физ-ра         — осв   —   —</pre>',
        '',
        'ч — четверть, т — триместр, п — полугодие; «—» — отметка ещё не выставлена.',
      ].join('\n'),
    ]);
    expect(buttons(calls)).toEqual(['📒 Все предметы']);
  });

  it("«Как считается» gives the school's weights and thresholds; /help says the same", async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, 'dr:rules', lastMessage(ANNA));
    const rules = [
      '<b>Как считается средний балл</b>',
      'Средний балл — взвешенный: каждая отметка входит в него с весом своего вида работы. Отметки «осв», «н/а», «зач» и «безотм» в средний балл не входят.',
      '',
      '<b>Веса видов работ</b>',
      'Контрольная работа — 2',
      'Самостоятельная работа — 1,5',
      'Устный ответ — 1',
      '',
      '<b>Отметка за период</b>',
      '«5» — при среднем балле от 4,5, «4» — от 3,5, «3» — от 2,5, ниже — «2».',
      'Прогноз показывает, к какой отметке округляется средний балл сейчас и сколько пятёрок (или четвёрок) самого частого в предмете веса нужно до следующей.',
    ].join('\n');
    expect(texts(calls)).toEqual([`👤 <b>Анна Иванова</b>, 5А\n\n${rules}`]);
    expect(buttons(calls)).toEqual(['📒 Все предметы']);
    const help = await h.send(ANNA, '/help');
    expect(texts(help)[0]).toMatch(/^<b>Дневник<\/b>\n\/marks — отметки, средний балл, прогноз, график и итоги года\n/);
    expect(texts(help)[0]).not.toContain('/children');
    expect(texts(help)[0].endsWith(rules)).toBe(true);
  });

  it("highlights marks new since the account last looked, across the visit's pages", async () => {
    const first = await h.send(BORIS_FATHER, '/marks');
    expect(texts(first)[0]).toContain('В этом периоде отметок пока нет.');
    await setMark(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        subjectId: f.maths.id,
        workKindId: f.test.id,
        date: '2026-11-24',
        value: '4',
      },
      { kind: 'cli', command: 'test' },
    );
    const second = await h.send(BORIS_FATHER, '/marks');
    expect(texts(second)[0]).toContain(
      '🆕 — новые с вашего прошлого просмотра: 1\n\n📘 <b>Математика</b>\n🆕<b>4</b> контр.\n',
    );
    const page = await h.press(BORIS_FATHER, `dj:${f.maths.id}`, lastMessage(BORIS_FATHER));
    expect(texts(page)[0]).toContain('🆕 вт, 24 ноября — <b>4</b> · Контрольная работа, вес 2');
    // A visit hours later with nothing new since: no highlight.
    await db.ds.query(`UPDATE mark SET "updatedAt" = "updatedAt" - interval '3 hours' WHERE "studentId" = $1`, [
      f.boris.id,
    ]);
    await db.ds.query(`UPDATE diary_seen SET "seenAt" = "seenAt" - interval '2 hours'`);
    const later = await h.send(BORIS_FATHER, '/marks');
    expect(texts(later)[0]).not.toContain('🆕');
  });

  it('a subject of 200 marks splits into several messages under the limit, the keyboard under the last', async () => {
    for (let i = 0; i < 200; i++) {
      const day = 9 + Math.floor(i / 10);
      await setMark(
        db.ds,
        {
          schoolId: f.school.id,
          studentId: f.boris.id,
          subjectId: f.russian.id,
          workKindId: i % 3 ? f.oral.id : f.test.id,
          date: `2026-11-${String(day).padStart(2, '0')}`,
          value: String(2 + (i % 4)) as never,
          comment: `Замечание № ${i + 1}: <не> путать «тся» и «ться» & повторить правило`,
        },
        { kind: 'cli', command: 'test' },
      );
    }
    await h.send(BORIS_FATHER, '/marks');
    const calls = await h.press(BORIS_FATHER, `dj:${f.russian.id}`, lastMessage(BORIS_FATHER));
    const sent = calls.filter((c) => c.method === 'editMessageText' || c.method === 'sendMessage');
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent[0].method).toBe('editMessageText');
    for (const c of sent) {
      expect(c.payload.text.length).toBeLessThanOrEqual(4096);
      assertSafeHtml(c.payload.text);
    }
    expect(sent.map((c) => !!c.payload.reply_markup)).toEqual([...sent.slice(1).map(() => false), true]);
    const all = textOf(calls);
    for (let i = 1; i <= 200; i++)
      expect(all).toContain(`Замечание № ${i}: &lt;не&gt; путать «тся» и «ться» &amp; повторить правило`);
    expect(all.indexOf('Замечание № 199:')).toBeLessThan(all.indexOf('Замечание № 200:'));
    expect(all).toContain('Всего отметок: 200');
  });

  it('grade 1 keeps no marks: a polite answer, naming the child', async () => {
    const calls = await h.send(MILA_MOTHER, '/marks');
    expect(texts(calls)).toEqual([
      '👤 <b>Мила Милова</b>, 1А\n\nВ 1 классе отметки не ставятся (безотметочное обучение), поэтому раздела «Отметки» нет. Расписание и пропуски — в меню.',
    ]);
  });
});
