import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { recordAttendance, setMark } from '../core/journal/index.js';
import { runFamilySweep } from '../core/family/sweep.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { annaMathsTest, makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { last, buttonsOf, data, alert, texts } from './helpers/screen.js';
import { deliveriesTo, deliveryButtons, deliveryData, planAll } from './helpers/family.js';

const MOTHER = 1201; // Анна (5А)
const BORIS_FATHER = 1202;
const MATHS = 1203; // Кузнецов
const DEPUTY = 1204;
const PETROVA = 1205;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
// Friday 27 November 2026, 16:00: the deadline is Monday 16:00.
const clock = manualClock('2026-11-27T16:00:00+03:00');
const TZ = 'Europe/Moscow';
let markId: number;
let absenceId: number;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
    ],
  }));
  const teacher = { kind: 'staff' as const, staffId: f.mathTeacher.id };
  markId = (await setMark(db.ds, annaMathsTest(f, '2'), teacher)).mark.id;
  absenceId = (
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.anna.id,
        lessonId: f.mathsLesson5a.id,
        status: 'absent',
        reason: 'unknown',
      },
      teacher,
    )
  ).attendance!.id;
  await planAll(db.ds);
  await db.ds.query(`DELETE FROM notification_delivery`);
});
afterAll(() => db.close());

const NO = 'Это действие недоступно. Откройте меню заново — /start.';

describe('«Сообщить об ошибке» in the journal', () => {
  it("from a subject's marks: the family picks the mark and writes; the teacher and the deputy get it with a one-day deadline", async () => {
    const page = last(await h.press(MOTHER, `dj:${f.maths.id}`));
    expect(buttonsOf(page).map((b) => b.text)).toContain('⚠️ Сообщить об ошибке');
    const pick = last(await h.press(MOTHER, data(page, '⚠️ Сообщить об ошибке')));
    expect(pick.payload.text).toBe('Какая запись ошибочна? (Анна Иванова)');
    expect(buttonsOf(pick).map((b) => b.text)).toEqual(['23.11 — Математика: 2']);
    expect(alert(await h.press(BORIS_FATHER, `ee:mark.${markId}`))).toBe(NO);
    expect(texts(await h.press(MOTHER, data(pick, '23.11 — Математика: 2')))).toEqual([
      'Что не так с записью «отметка 2 (Контрольная работа), Математика, 23 ноября»? Напишите одним сообщением — учитель и заместитель директора получат его, ответ — в течение учебного дня.',
    ]);
    expect(texts(await h.send(MOTHER, 'Анна писала контрольную на 4, работа у нас на руках'))).toEqual([
      '✅ Сообщение об ошибке отправлено учителю и заместителю директора. Срок ответа — до 30 ноября в 16:00. Статус: /errors',
    ]);
    const [r] = await db.ds.query(
      `SELECT "entityType", "entityId", "teacherId", status, "dueAt" FROM correction_request`,
    );
    expect(r).toEqual({
      entityType: 'mark',
      entityId: markId,
      teacherId: f.mathTeacher.id,
      status: 'open',
      dueAt: new Date('2026-11-30T13:00:00Z'),
    });
    await planAll(db.ds);
    const [t] = await deliveriesTo(db.ds, MATHS, 'correction');
    expect(t.text).toBe(
      '⚠️ <b>Сообщение об ошибке в журнале</b> — Анна Иванова, 5А\nЗапись: отметка 2 (Контрольная работа), Математика, 23 ноября\nКомментарий семьи: Анна писала контрольную на 4, работа у нас на руках\nСрок ответа: 30 ноября в 16:00. Исправьте запись в журнале или ответьте, что данные верны.',
    );
    expect(deliveryButtons(t)).toEqual(['✅ Исправлено', 'ℹ️ Данные верны']);
    expect((await deliveriesTo(db.ds, DEPUTY, 'correction')).map((x) => x.text.split('\n')[0])).toEqual([
      '⚠️ <b>Сообщение об ошибке в журнале</b> (для контроля) — Анна Иванова, 5А',
    ]);
    expect(await deliveriesTo(db.ds, PETROVA, 'correction')).toEqual([]);
    expect(texts(await h.send(MOTHER, '/errors'))).toEqual([
      '<b>⚠️ Сообщения об ошибках: Анна Иванова</b>\n⏳ ждёт ответа до 30 ноября в 16:00: отметка 2 (Контрольная работа), Математика, 23 ноября',
    ]);
  });

  it('overdue: not before the deadline, then escalated to the deputy once; a journal correction closes it and tells the family', async () => {
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-30T15:59:00+03:00'), timezone: TZ })).toMatchObject({
      escalated: 0,
      corrected: 0,
    });
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-30T16:01:00+03:00'), timezone: TZ })).toMatchObject({
      escalated: 1,
      corrected: 0,
    });
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-30T18:00:00+03:00'), timezone: TZ })).toMatchObject({
      escalated: 0,
      corrected: 0,
    });
    await planAll(db.ds);
    const esc = (await deliveriesTo(db.ds, DEPUTY, 'correction')).filter((x) => x.text.startsWith('⏰'));
    expect(esc.map((x) => x.text)).toEqual([
      '⏰ <b>Просрочен ответ на сообщение об ошибке</b> — Анна Иванова, 5А\nЗапись: отметка 2 (Контрольная работа), Математика, 23 ноября\nКомментарий семьи: Анна писала контрольную на 4, работа у нас на руках\nУчитель: Кузнецов Олег; сообщение от 27 ноября в 16:00.',
    ]);
    expect((await deliveriesTo(db.ds, MATHS, 'correction')).filter((x) => x.text.startsWith('⏰'))).toEqual([]);
    await setMark(db.ds, annaMathsTest(f, '4', { markId }), { kind: 'staff', staffId: f.mathTeacher.id });
    expect(await runFamilySweep(db.ds, { now: new Date('2026-11-30T18:05:00+03:00'), timezone: TZ })).toMatchObject({
      corrected: 1,
    });
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, MOTHER, 'correction')).map((x) => x.text)).toEqual([
      '✅ Ошибка в журнале исправлена — Анна Иванова: отметка 2 (Контрольная работа), Математика, 23 ноября.',
    ]);
    expect(texts(await h.send(MOTHER, '/errors'))[0]).toContain('✅ исправлено: отметка 2');
    const [d] = await deliveriesTo(db.ds, MATHS, 'correction');
    expect(alert(await h.press(MATHS, deliveryData(d, '✅ Исправлено')))).toBe('На это сообщение уже ответили.');
  });

  it('from the absences: the teacher answers that the data is right, with an explanation; another teacher cannot', async () => {
    const view = last(await h.send(MOTHER, '/absences'));
    const pick = last(await h.press(MOTHER, data(view, '⚠️ Сообщить об ошибке')));
    expect(buttonsOf(pick).map((b) => b.text)).toEqual(['23.11 — Математика: пропуск']);
    await h.press(MOTHER, data(pick, '23.11 — Математика: пропуск'));
    await h.send(MOTHER, 'Анна была на уроке');
    const [{ id }] = await db.ds.query(
      `SELECT id FROM correction_request WHERE "entityType" = 'attendance' AND "entityId" = $1`,
      [absenceId],
    );
    expect(alert(await h.press(PETROVA, `ek:${id}`))).toBe(NO);
    expect(texts(await h.press(MATHS, `ek:${id}`))).toEqual([
      'Коротко объясните семье, почему запись верна (одним сообщением).',
    ]);
    expect(texts(await h.send(MATHS, 'Анны не было на первом уроке, пришла ко второму.'))).toEqual([
      'ℹ️ Ответ отправлен семье.',
    ]);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, MOTHER, 'correction')).at(-1)!.text).toBe(
      'ℹ️ Учитель проверил запись — Анна Иванова: пропуск, Математика, 23 ноября. Данные верны.\nПояснение: Анны не было на первом уроке, пришла ко второму.',
    );
    expect(
      await db.ds.query(`SELECT status, answer, "resolvedBy" FROM correction_request WHERE id = $1`, [id]),
    ).toEqual([
      {
        status: 'confirmed',
        answer: 'Анны не было на первом уроке, пришла ко второму.',
        resolvedBy: `staff:${f.mathTeacher.id}`,
      },
    ]);
  });
});
