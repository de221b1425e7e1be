import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { setMark } from '../core/journal/index.js';
import { setOfficeHours } from '../core/messages/index.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts } from './helpers/screen.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { deliveriesTo, planAll } from './helpers/family.js';
import { annaMathsTest, makeSchool, type SchoolFixture } from './helpers/fixtures.js';

/**
 * Row 8 of issue 14: consultation requests and correction requests had no
 * limit and skipped office hours — 25 requests became 25 deliveries to the
 * teacher while MESSAGES_PER_DAY=2. Now messages, requests and reports share
 * the family's daily limit, and reach the teacher in their office hours.
 */
const MOTHER = 1501;
const MATHS = 1502;
// Wednesday 25 November 2026, 19:00: after the teacher's office hours (15:00–17:00 on weekdays).
const clock = manualClock('2026-11-25T19:00:00+03:00');
const LIMIT =
  'На сегодня отправлено 2 обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.';

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
let markId: number;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    env: { MESSAGES_PER_DAY: '2' },
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
    ],
  }));
  const teacher = { kind: 'staff' as const, staffId: f.mathTeacher.id };
  await setOfficeHours(db.ds, f.mathTeacher.id, { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' }, teacher);
  markId = (await setMark(db.ds, annaMathsTest(f, '2'), teacher)).mark.id;
  await planAll(db.ds, clock);
});
afterAll(() => db.close());

const requestConsultation = async () => {
  await h.send(MOTHER, '/consult');
  await h.press(MOTHER, `co:${f.mathTeacher.id}`);
  return texts(await h.send(MOTHER, '27.11 15:30'));
};

describe("the family's daily limit and the teacher's office hours", () => {
  it('a consultation request after office hours waits for them, and says so', async () => {
    expect(await requestConsultation()).toEqual([
      '✅ Запрос на консультацию принят. Кузнецов Олег получит его 26 ноября в 15:00 — в часы приёма; ответ придёт сюда.',
    ]);
    await planAll(db.ds, clock);
    expect(await deliveriesTo(db.ds, MATHS, 'consultation')).toEqual([]);
    await planAll(db.ds, manualClock('2026-11-26T15:00:00+03:00'));
    expect(await deliveriesTo(db.ds, MATHS, 'consultation')).toHaveLength(1);
  });

  it('a correction request is the second contact of the day; the third of any kind is refused and reaches nobody', async () => {
    const report = async (text: string) => {
      await h.press(MOTHER, `el:marks.${f.maths.id}`);
      await h.press(MOTHER, `ee:mark.${markId}`);
      return texts(await h.send(MOTHER, text));
    };
    expect(await report('Контрольная была на 4')).toEqual([
      '✅ Сообщение об ошибке принято. Учитель получит его 26 ноября в 15:00 — в часы приёма; срок ответа — до 27 ноября в 15:00. Статус: /errors',
    ]);
    expect(await requestConsultation()).toEqual([LIMIT]);
    expect(await report('И ещё одна ошибка')).toEqual([LIMIT]);
    await planAll(db.ds, manualClock('2026-11-26T15:00:00+03:00'));
    expect(await deliveriesTo(db.ds, MATHS, 'consultation')).toHaveLength(1);
    const [counts] = await db.ds.query(
      `SELECT (SELECT count(*)::int FROM consultation) AS consultations, (SELECT count(*)::int FROM correction_request) AS reports`,
    );
    expect(counts).toEqual({ consultations: 1, reports: 1 });
  });
});
