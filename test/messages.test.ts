import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { mayOnStudent, mayOnThread, mayOnClass, mayOnSchool } from '../core/access/policy.js';
import { loadAccessProfile } from '../core/access/profile.js';
import { nextOfficeStart } from '../core/messages/index.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { last, buttonsOf, data, alert, texts } from './helpers/screen.js';
import { HASH_KEY } from './helpers/linking.js';
import { deliveriesTo, deliveryButtons, deliveryData, planAll } from './helpers/family.js';

const MOTHER = 1101; // Анна (5А), Павел (6Б)
const ANNA = 1102;
const BORIS_FATHER = 1103;
const PETROVA = 1104; // class teacher of 5А, russian
const MATHS = 1105; // Кузнецов: maths in 5А and 6Б
const DIRECTOR = 1106;
const DEPUTY = 1107;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
// Monday 23 November 2026, 10:00 in Moscow.
const clock = manualClock('2026-11-23T10:00:00+03:00');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    env: { MESSAGES_PER_DAY: '3' },
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [ANNA, studentOf(f, f.anna)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [DIRECTOR, staffOf(f, f.director, 'director')],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
    ],
  }));
  await planAll(db.ds);
});
afterAll(() => db.close());

const NO = 'Это действие недоступно. Откройте меню заново — /start.';
const threadOf = async (staffId: number, studentId: number, userId: number) =>
  (
    await db.ds.query(
      `SELECT t.id FROM thread t JOIN link l ON l."accountHash" = t."accountHash" WHERE t."staffId" = $1 AND t."studentId" = $2 AND l."telegramUserId" = $3 LIMIT 1`,
      [staffId, studentId, userId],
    )
  )[0]?.id as number;

describe('messages between families and teachers', () => {
  it('a parent picks the child and one of its teachers and writes; the teacher gets the role and child, never a contact', async () => {
    const list = last(await h.send(MOTHER, '✉️ Сообщения'));
    expect(list.payload.text).toBe('<b>✉️ Сообщения</b>\nПереписки пока нет.');
    expect(buttonsOf(list).map((b) => b.text)).toEqual(['✏️ Написать учителю', '📅 Консультация с учителем']);
    const kids = last(await h.press(MOTHER, data(list, '✏️ Написать учителю')));
    expect(buttonsOf(kids).map((b) => b.text)).toEqual(['Анна Иванова', 'Павел Иванов']);
    const teachers = last(await h.press(MOTHER, data(kids, 'Анна Иванова')));
    expect(teachers.payload.text).toBe('Кому написать? (Анна Иванова)');
    expect(buttonsOf(teachers).map((b) => b.text)).toEqual([
      'Петрова Елена Викторовна — классный руководитель, Русский язык',
      'Кузнецов Олег — Математика',
      'Завучева Мария — заместитель директора',
      'Директоров Пётр — директор',
    ]);
    expect(alert(await h.press(MOTHER, `mt:${f.sidorov.id}`))).toBe(NO);
    expect(texts(await h.press(MOTHER, data(teachers, 'Кузнецов Олег — Математика')))).toEqual([
      'Напишите сообщение для Кузнецов Олег одним сообщением (можно фото или документ). Пишите кратко и по делу: переписка ведётся в официально-деловом стиле.',
    ]);
    expect(texts(await h.send(MOTHER, 'Анна болела 2 дня, можно переписать контрольную?'))).toEqual([
      '✅ Сообщение отправлено: Кузнецов Олег.',
    ]);
    await planAll(db.ds);
    const [d] = await deliveriesTo(db.ds, MATHS, 'message');
    expect(d.text).toBe(
      '✉️ <b>Сообщение от родителя (Иванова Ольга)</b> — Анна Иванова, 5А\n\nАнна болела 2 дня, можно переписать контрольную?',
    );
    expect(d.text).not.toMatch(/User1101|\+7|@/);
    expect(deliveryButtons(d)).toEqual(['💬 Ответить']);
    expect(await deliveriesTo(db.ds, PETROVA, 'message')).toEqual([]);
  });

  it("the teacher's reply reaches only that family account: not the student, not another family", async () => {
    const list = last(await h.send(MATHS, '/messages'));
    expect(list.payload.text).toBe('<b>✉️ Сообщения</b>\nНепрочитанных: 1\n🔴 1 · родитель: Анна Иванова, 5А');
    const [d] = await deliveriesTo(db.ds, MATHS, 'message');
    expect(texts(await h.press(MATHS, deliveryData(d, '💬 Ответить')))).toEqual([
      'Напишите ответ одним сообщением (можно фото или документ).',
    ]);
    expect(texts(await h.send(MATHS, 'Да, в четверг на 7 уроке.'))).toEqual(['✅ Ответ отправлен семье.']);
    await planAll(db.ds);
    const [r] = await deliveriesTo(db.ds, MOTHER, 'message');
    expect(r.text).toBe('✉️ <b>Ответ: Кузнецов Олег</b> — Анна Иванова\n\nДа, в четверг на 7 уроке.');
    expect(await deliveriesTo(db.ds, ANNA, 'message')).toEqual([]);
    expect(await deliveriesTo(db.ds, BORIS_FATHER, 'message')).toEqual([]);
    const mine = last(await h.send(MOTHER, '/messages'));
    expect(mine.payload.text).toBe('<b>✉️ Сообщения</b>\nНепрочитанных: 1\n🔴 1 · Кузнецов Олег — Анна Иванова');
    const thread = last(await h.press(MOTHER, data(mine, '🔴 1 · Кузнецов Олег — Анна Иванова')));
    expect(thread.payload.text).toMatch(
      /^<b>Переписка: Кузнецов Олег<\/b> — Анна Иванова, 5А\n\nВы · 23 ноября в 10:00: Анна болела 2 дня, можно переписать контрольную\?\nКузнецов Олег · \d+ \S+ в \d\d:\d\d: Да, в четверг на 7 уроке\.$/,
    );
    expect(last(await h.send(MOTHER, '/messages')).payload.text).toBe(
      '<b>✉️ Сообщения</b>\nНепрочитанных: 0\nКузнецов Олег — Анна Иванова',
    );
  });

  it('another family, the student and another teacher cannot read or write in the thread; the director reads it, audited', async () => {
    const id = await threadOf(f.mathTeacher.id, f.anna.id, MOTHER);
    for (const who of [BORIS_FATHER, ANNA, PETROVA, DEPUTY]) {
      expect(alert(await h.press(who, `mo:${id}`))).toBe(NO);
      expect(alert(await h.press(who, `mr:${id}`))).toBe(NO);
      expect(alert(await h.press(who, `mx:${id}`))).toBe(NO);
    }
    const dir = last(await h.send(DIRECTOR, '/messages'));
    const audit = last(await h.press(DIRECTOR, data(dir, '🗂 Переписка школы (директор)')));
    expect(audit.payload.text).toBe('<b>🗂 Переписка школы</b> (каждый просмотр записывается в журнал аудита)');
    const read = last(await h.press(DIRECTOR, data(audit, 'Кузнецов Олег — Анна Иванова, 5А')));
    expect(read.payload.text.split('\n')[0]).toBe(
      '<b>Переписка (просмотр директора):</b> Кузнецов Олег ↔ родитель — Анна Иванова, 5А',
    );
    expect(buttonsOf(read)).toEqual([]);
    expect(
      await db.ds.query(`SELECT actor, action, "entityId" FROM audit_log WHERE action = 'thread.audited'`),
    ).toEqual([{ actor: `staff:${f.director.id}`, action: 'thread.audited', entityId: String(id) }]);
    // The director's reading marks nothing read for the teacher.
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM thread_message WHERE "readAt" IS NULL`)).toEqual([
      { n: 0 },
    ]);
  });

  it('office hours: outside them the family is told when, and the teacher gets it when they begin', async () => {
    const menu = last(await h.send(PETROVA, '/messages'));
    const hours = last(await h.press(PETROVA, data(menu, '🕒 Часы приёма')));
    expect(hours.payload.text).toBe(
      '<b>🕒 Часы приёма сообщений</b>\nСейчас: без ограничений\nСообщения семей вне этих часов придут вам к началу следующих часов приёма, а семья увидит, когда ждать ответа.',
    );
    expect(texts(await h.press(PETROVA, data(hours, 'Пн–Пт 15:00–17:00')))).toEqual([
      'Часы приёма сохранены: пн–пт 15:00–17:00.',
    ]);
    await h.press(BORIS_FATHER, `mw:${f.boris.id}`);
    await h.press(BORIS_FATHER, `mt:${f.petrova.id}`);
    expect(texts(await h.send(BORIS_FATHER, 'Прошу перенести дежурство Бориса.'))).toEqual([
      '✅ Сообщение принято. Петрова Елена Викторовна принимает сообщения пн–пт 15:00–17:00; оно будет передано 23 ноября в 15:00, тогда и ждите ответа.',
    ]);
    const [ev] = await db.ds.query(
      `SELECT "availableAt" FROM outbox WHERE type = 'thread.message' ORDER BY id DESC LIMIT 1`,
    );
    expect(new Date(ev.availableAt).toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(
      nextOfficeStart(
        { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' },
        new Date('2026-11-27T18:00:00+03:00'),
        'Europe/Moscow',
      )?.toISOString(),
    ).toBe('2026-11-30T12:00:00.000Z');
    expect(
      nextOfficeStart(
        { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' },
        new Date('2026-11-27T16:00:00+03:00'),
        'Europe/Moscow',
      ),
    ).toBeNull();
    // Planned before its time: nothing; at 15:00: the teacher gets it.
    await planAll(db.ds, manualClock('2026-11-23T14:59:00+03:00'));
    await db.ds.query(
      `UPDATE outbox SET "availableAt" = now() + interval '1 hour' WHERE type = 'thread.message' AND "processedAt" IS NULL`,
    );
    await planAll(db.ds);
    expect(await deliveriesTo(db.ds, PETROVA, 'message')).toEqual([]);
    await planAll(db.ds, manualClock(new Date(Date.now() + 3_700_000)));
    expect((await deliveriesTo(db.ds, PETROVA, 'message')).map((x) => x.text)).toEqual([
      '✉️ <b>Сообщение от родителя (Борисов Игорь)</b> — Борис Борисов, 5А\n\nПрошу перенести дежурство Бориса.',
    ]);
  });

  it("a family's daily limit: a polite notice and nothing saved", async () => {
    for (const text of ['Вопрос 2', 'Вопрос 3']) {
      await h.press(BORIS_FATHER, `mw:${f.boris.id}`);
      await h.press(BORIS_FATHER, `mt:${f.mathTeacher.id}`);
      expect(texts(await h.send(BORIS_FATHER, text))).toEqual(['✅ Сообщение отправлено: Кузнецов Олег.']);
    }
    await h.press(BORIS_FATHER, `mw:${f.boris.id}`);
    await h.press(BORIS_FATHER, `mt:${f.mathTeacher.id}`);
    expect(texts(await h.send(BORIS_FATHER, 'Вопрос 4'))).toEqual([
      'На сегодня отправлено 3 обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.',
    ]);
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM thread_message WHERE text = 'Вопрос 4'`)).toEqual([
      { n: 0 },
    ]);
    // Another family is not limited by this one.
    await h.press(MOTHER, `mw:${f.pavel.id}`);
    await h.press(MOTHER, `mt:${f.mathTeacher.id}`);
    expect(texts(await h.send(MOTHER, 'Павел: вопрос'))).toEqual(['✅ Сообщение отправлено: Кузнецов Олег.']);
  });

  it('a photo with its caption reaches the teacher as the photo itself, with the caption as the text', async () => {
    await h.press(MOTHER, `mw:${f.pavel.id}`);
    await h.press(MOTHER, `mt:${f.mathTeacher.id}`);
    const photo = [
      { file_id: 'hw-photo-small', file_unique_id: 'a', width: 90, height: 90 },
      { file_id: 'hw-photo', file_unique_id: 'b', width: 1280, height: 960 },
    ];
    expect(texts(await h.send(MOTHER, '', { text: undefined, caption: 'Домашняя работа Павла', photo }))).toEqual([
      '✅ Сообщение отправлено: Кузнецов Олег.',
    ]);
    await planAll(db.ds);
    const [d] = (await deliveriesTo(db.ds, MATHS, 'message')).slice(-1);
    expect(d.text).toBe('✉️ <b>Сообщение от родителя (Иванова Ольга)</b> — Павел Иванов, 6Б\n\nДомашняя работа Павла');
    expect(d.extra.file).toEqual({ kind: 'photo', fileId: 'hw-photo' });
  });
});

describe('policy matrix: school ↔ family actions', () => {
  it('each role × target', async () => {
    const p = (u: number) => loadAccessProfile(db.ds, u, HASH_KEY);
    const anna = { studentId: f.anna.id, classId: f.c5a.id, schoolId: f.school.id };
    const boris = { studentId: f.boris.id, classId: f.c5a.id, schoolId: f.school.id };
    const c5a = { classId: f.c5a.id, schoolId: f.school.id };
    const c6b = { classId: f.c6b.id, schoolId: f.school.id };
    const [mother, annaSelf, father, petrova, maths, director, deputy] = await Promise.all(
      [MOTHER, ANNA, BORIS_FATHER, PETROVA, MATHS, DIRECTOR, DEPUTY].map(p),
    );
    const row = (prof: typeof mother) => [
      mayOnStudent(prof, 'reportAbsence', anna),
      mayOnStudent(prof, 'messageStaff', anna),
      mayOnStudent(prof, 'requestConsultation', anna),
      mayOnStudent(prof, 'reportError', anna),
      mayOnStudent(prof, 'reportAbsence', boris),
      mayOnStudent(prof, 'messageStaff', boris),
      mayOnStudent(prof, 'reportError', boris),
      mayOnClass(prof, 'decideAbsence', c5a),
      mayOnClass(prof, 'decideAbsence', c6b),
      mayOnClass(prof, 'announce', c5a),
      mayOnClass(prof, 'announce', c6b),
      mayOnSchool(prof, 'announceSchool', { schoolId: f.school.id }),
      mayOnSchool(prof, 'auditThreads', { schoolId: f.school.id }),
    ];
    expect(row(mother)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(row(annaSelf)).toEqual([
      false,
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(row(father)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(row(petrova)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
    expect(row(maths)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(row(director)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(row(deputy)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
    const thread = { ...anna, staffId: f.mathTeacher.id, accountHash: mother.accountHash };
    const t = (prof: typeof mother) => [
      mayOnThread(prof, 'read', thread),
      mayOnThread(prof, 'write', thread),
      mayOnThread(prof, 'audit', thread),
    ];
    expect(t(mother)).toEqual([true, true, false]);
    expect(t(annaSelf)).toEqual([false, false, false]);
    expect(t(father)).toEqual([false, false, false]);
    expect(t(maths)).toEqual([true, true, false]);
    expect(t(petrova)).toEqual([false, false, false]);
    expect(t(director)).toEqual([false, false, true]);
    expect(t(deputy)).toEqual([false, false, false]);
  });
});
