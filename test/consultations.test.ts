import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { runFamilySweep } from '../core/family/sweep.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { last, alert, texts } from './helpers/screen.js';
import { deliveriesTo, deliveryButtons, deliveryData, planAll } from './helpers/family.js';

const MOTHER = 1301;
const BORIS_FATHER = 1302;
const MATHS = 1303;
const PETROVA = 1304;
const ANNA = 1305;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock('2026-11-23T10:00:00+03:00');
const TZ = 'Europe/Moscow';

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [ANNA, studentOf(f, f.anna)],
    ],
  }));
  await planAll(db.ds);
});
afterAll(() => db.close());

const NO = 'Это действие недоступно. Откройте меню заново — /start.';

describe('consultations', () => {
  it('a guardian proposes times; the teacher accepts one; both are reminded the day before', async () => {
    expect(texts(await h.send(ANNA, '/consult'))).toEqual([
      'Записаться на консультацию может родитель, подключённый к дневнику ребёнка.',
    ]);
    const pick = last(await h.send(MOTHER, '/consult'));
    expect(pick.payload.text).toBe('С кем нужна консультация? (Анна Иванова)');
    expect(alert(await h.press(MOTHER, `co:${f.sidorov.id}`))).toBe(NO);
    expect(texts(await h.press(MOTHER, `co:${f.mathTeacher.id}`))).toEqual([
      'Предложите до 3 удобных вариантов одним сообщением через запятую, например: <b>26.11 15:30, 27.11 16:00</b>. Или нажмите «Любое время».',
    ]);
    expect(texts(await h.send(MOTHER, 'в среду после уроков'))).toEqual([
      'Не удалось разобрать время. Напишите так: <b>26.11 15:30</b> (до 3 вариантов через запятую).',
    ]);
    expect(texts(await h.send(MOTHER, '25.11 15:30, 26.11 16:00'))).toEqual([
      '✅ Запрос на консультацию отправлен: Кузнецов Олег. Ответ придёт сюда.',
    ]);
    await planAll(db.ds);
    const [d] = await deliveriesTo(db.ds, MATHS, 'consultation');
    expect(d.text).toBe(
      '📅 <b>Запрос консультации</b> — родитель (Иванова Ольга), Анна Иванова, 5А\nПредложенное время: 25 ноября в 15:30; 26 ноября в 16:00',
    );
    expect(deliveryButtons(d)).toEqual([
      '✅ 25 ноября в 15:30',
      '✅ 26 ноября в 16:00',
      '🕑 Предложить другое',
      '❌ Отказать',
    ]);
    expect(alert(await h.press(PETROVA, deliveryData(d, '✅ 26 ноября в 16:00')))).toBe(NO);
    expect(texts(await h.press(MATHS, deliveryData(d, '✅ 26 ноября в 16:00')))).toEqual([
      '✅ Консультация назначена: 26 ноября в 16:00.',
    ]);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, MOTHER, 'consultation')).map((x) => x.text)).toEqual([
      '✅ Консультация назначена: Кузнецов Олег, 26 ноября в 16:00 (Анна Иванова). Накануне напомним.',
    ]);
    expect(await deliveriesTo(db.ds, ANNA, 'consultation')).toEqual([]);
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-25T15:59:00+03:00'), timezone: TZ })).toMatchObject({
      consultationReminders: 0,
    });
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-25T16:00:00+03:00'), timezone: TZ })).toMatchObject({
      consultationReminders: 1,
    });
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-25T18:00:00+03:00'), timezone: TZ })).toMatchObject({
      consultationReminders: 0,
    });
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, MOTHER, 'consultation')).at(-1)!.text).toBe(
      '⏰ Напоминание: завтра консультация — Кузнецов Олег, 26 ноября в 16:00 (Анна Иванова).',
    );
    expect((await deliveriesTo(db.ds, MATHS, 'consultation')).at(-1)!.text).toBe(
      '⏰ Напоминание: завтра консультация — родитель (Иванова Ольга), Анна Иванова, 5А, 26 ноября в 16:00.',
    );
  });

  it('any time: the teacher proposes another time, the family confirms; or declines with a comment', async () => {
    await h.send(BORIS_FATHER, '/consult');
    await h.press(BORIS_FATHER, `co:${f.petrova.id}`);
    expect(texts(await h.press(BORIS_FATHER, 'cs:any'))).toEqual([
      '✅ Запрос на консультацию отправлен: Петрова Елена Викторовна. Ответ придёт сюда.',
    ]);
    await planAll(db.ds);
    const [d] = await deliveriesTo(db.ds, PETROVA, 'consultation');
    expect(d.text).toBe(
      '📅 <b>Запрос консультации</b> — родитель (Борисов Игорь), Борис Борисов, 5А\nУдобное время: любое.',
    );
    expect(deliveryButtons(d)).toEqual(['🕑 Предложить другое', '❌ Отказать']);
    await h.press(PETROVA, deliveryData(d, '🕑 Предложить другое'));
    expect(texts(await h.send(PETROVA, '27.11 14:00'))).toEqual(['🕑 Семье предложено время: 27 ноября в 14:00.']);
    await planAll(db.ds);
    const [offer] = await deliveriesTo(db.ds, BORIS_FATHER, 'consultation');
    expect(offer.text).toBe(
      '🕑 Петрова Елена Викторовна предлагает консультацию 27 ноября в 14:00 (Борис Борисов). Если подходит — подтвердите.',
    );
    expect(alert(await h.press(MOTHER, deliveryData(offer, '✅ Подходит')))).toBe(NO);
    expect(texts(await h.press(BORIS_FATHER, deliveryData(offer, '✅ Подходит')))).toEqual([
      '✅ Подтверждено. Консультация: 27 ноября в 14:00.',
    ]);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, PETROVA, 'consultation')).at(-1)!.text).toBe(
      '✅ Консультация назначена: родитель (Борисов Игорь), Борис Борисов, 5А — 27 ноября в 14:00.',
    );

    await h.send(BORIS_FATHER, '/consult');
    await h.press(BORIS_FATHER, `co:${f.mathTeacher.id}`);
    await h.send(BORIS_FATHER, '30.11 15:00');
    await planAll(db.ds);
    const [req] = (await deliveriesTo(db.ds, MATHS, 'consultation')).filter((x) => x.text.includes('Борис Борисов'));
    await h.press(MATHS, deliveryData(req, '❌ Отказать'));
    expect(texts(await h.send(MATHS, 'В эти дни я на курсах, напишите, пожалуйста, в сообщениях.'))).toEqual([
      '❌ Семья получит ваш ответ.',
    ]);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, BORIS_FATHER, 'consultation')).at(-1)!.text).toBe(
      '❌ Кузнецов Олег не может провести консультацию (Борис Борисов).\nКомментарий: В эти дни я на курсах, напишите, пожалуйста, в сообщениях.',
    );
    expect(alert(await h.press(MATHS, deliveryData(req, '✅ 30 ноября в 15:00')))).toBe(
      'По этому запросу уже есть ответ.',
    );
  });
});
