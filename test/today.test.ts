import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { upsertLesson } from '../core/journal/index.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { last, buttonsOf, data, alert, texts, buttons } from './helpers/screen.js';

const TEACHER = 501; // Кузнецов: maths in 5А and 6Б
const PETROVA = 502; // Петрова: russian in 5А, class teacher of 5А, russian in 1А
const MOTHER = 503;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock('2026-11-23T09:00:00+03:00');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
    ],
  }));
});
afterAll(() => db.close());
beforeEach(() => clock.set('2026-11-23T09:00:00+03:00'));

const outbox = (type: string) => db.ds.query(`SELECT payload, silent FROM outbox WHERE type = $1 ORDER BY id`, [type]);

describe('/today: teachers enter the journal in Telegram', () => {
  it("lists the teacher's lessons of the day, with the menu button", async () => {
    const calls = await h.send(TEACHER, '/today');
    expect(texts(calls)).toEqual([
      '<b>Ваши уроки, пн, 23 ноября</b>\n\n1. 08:00 5А — Математика\n1. 08:00 6Б — Математика',
    ]);
    expect(buttons(calls)).toEqual(['1. 5А — Математика', '1. 6Б — Математика']);
    const start = await h.send(TEACHER, '/start');
    expect(buttons(start)).toContain('📝 Мои уроки');
  });

  it('attendance: one tap toggles present → absent → late, saved on «Готово» with the teacher as the actor', async () => {
    const card = last(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`));
    expect(card.payload.text).toBe(
      '<b>5А, Математика</b>\nпн, 23 ноября, 1-й урок, 08:00–08:45\nТема: не указана\nДЗ: не задано\nУчеников: 2, отсутствуют: 0, опоздали: 0',
    );
    expect(buttonsOf(card).map((b) => b.text)).toEqual([
      '✅ Посещаемость',
      '📖 Тема',
      '🏠 ДЗ',
      '✏️ Отметки',
      '◀ Мои уроки',
    ]);
    let grid = last(await h.press(TEACHER, data(card, '✅ Посещаемость')));
    expect(buttonsOf(grid).map((b) => b.text)).toEqual(['✅ Борисов Б.', '✅ Иванова А.', '💾 Готово', '✖ Отмена']);
    grid = last(await h.press(TEACHER, data(grid, '✅ Борисов Б.')));
    grid = last(await h.press(TEACHER, data(grid, '✅ Иванова А.')));
    grid = last(await h.press(TEACHER, data(grid, '❌ Иванова А.')));
    expect(buttonsOf(grid).map((b) => b.text)).toEqual(['❌ Борисов Б.', '⏰ Иванова А.', '💾 Готово', '✖ Отмена']);
    expect(await db.ds.query(`SELECT 1 FROM attendance`)).toHaveLength(0);
    const saved = await h.press(TEACHER, data(grid, '💾 Готово'));
    expect(last(saved).payload.text).toMatch(
      /^Посещаемость сохранена: отсутствуют 1, опоздали 1\.\n<b>5А, Математика<\/b>/,
    );
    const rows = await db.ds.query(`SELECT "studentId", status, "updatedBy" FROM attendance ORDER BY "studentId"`);
    expect(rows).toEqual(
      [
        { studentId: f.anna.id, status: 'late', updatedBy: `staff:${f.mathTeacher.id}` },
        { studentId: f.boris.id, status: 'absent', updatedBy: `staff:${f.mathTeacher.id}` },
      ].sort((a, b) => a.studentId - b.studentId),
    );
    const events = await outbox('absence.recorded');
    expect(events.map((e: any) => [e.payload.studentId, e.payload.status, e.silent])).toEqual(
      expect.arrayContaining([
        [f.boris.id, 'absent', false],
        [f.anna.id, 'late', false],
      ]),
    );
    expect(await db.ds.query(`SELECT actor, action FROM audit_log WHERE action = 'today.attendance'`)).toHaveLength(2);
  });

  it('marks: pick the work kind, then 1–5, «н/а», «осв» per student, edited in place; a comment on a mark', async () => {
    const card = last(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`));
    const kinds = last(await h.press(TEACHER, data(card, '✏️ Отметки')));
    expect(kinds.payload.text).toBe('<b>5А, Математика</b>\nВыберите вид работы:');
    expect(buttonsOf(kinds).map((b) => b.text)).toEqual(['Контрольная работа', 'Устный ответ', '◀ К уроку']);
    let list = last(await h.press(TEACHER, data(kinds, 'Контрольная работа')));
    expect(
      buttonsOf(list)
        .map((b) => b.text)
        .slice(0, 9),
    ).toEqual(['1. Борисов Б.: — 💬', '1', '2', '3', '4', '5', 'н/а', 'осв', '✖']);
    const annaRow = buttonsOf(list).slice(9, 18);
    list = last(await h.press(TEACHER, annaRow.find((b) => b.text === '5')!.data));
    expect(list.payload.text).toContain('2. Иванова Анна — 5');
    list = last(await h.press(TEACHER, annaRow.find((b) => b.text === '4')!.data));
    expect(list.payload.text).toContain('2. Иванова Анна — 4');
    const borisRow = buttonsOf(list).slice(0, 9);
    list = last(await h.press(TEACHER, borisRow.find((b) => b.text === 'осв')!.data));
    expect(list.payload.text).toContain('1. Борисов Борис (отсутствует) — осв');
    const marks = await db.ds.query(
      `SELECT "studentId", value, version, "teacherId", "updatedBy" FROM mark WHERE NOT deleted ORDER BY "studentId"`,
    );
    expect(marks).toEqual(
      [
        {
          studentId: f.anna.id,
          value: '4',
          version: 2,
          teacherId: f.mathTeacher.id,
          updatedBy: `staff:${f.mathTeacher.id}`,
        },
        {
          studentId: f.boris.id,
          value: 'exempt',
          version: 1,
          teacherId: f.mathTeacher.id,
          updatedBy: `staff:${f.mathTeacher.id}`,
        },
      ].sort((a, b) => a.studentId - b.studentId),
    );
    expect((await outbox('mark.set')).length).toBe(2);
    expect((await outbox('mark.changed')).map((e: any) => [e.payload.oldValue, e.payload.value])).toEqual([['5', '4']]);

    const ask = await h.press(TEACHER, buttonsOf(list).find((b) => b.text.startsWith('2. Иванова А.'))!.data);
    expect(texts(ask)).toEqual(['Напишите комментарий к отметке одним сообщением.']);
    const done = await h.send(TEACHER, 'Хорошо решила задачу 3');
    expect(texts(done)[0]).toBe('Комментарий сохранён.');
    expect(texts(done)[1]).toContain('2. Иванова Анна — 4 «Хорошо решила задачу 3»');
    const [anna] = await db.ds.query(`SELECT comment, value FROM mark WHERE "studentId" = $1 AND NOT deleted`, [
      f.anna.id,
    ]);
    expect(anna).toEqual({ comment: 'Хорошо решила задачу 3', value: '4' });
  });

  it('topic and homework: the next message is saved for the lesson, homework notifies', async () => {
    const card = last(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`));
    const ask = await h.press(TEACHER, data(card, '🏠 ДЗ'));
    expect(texts(ask)).toEqual([
      'Напишите домашнее задание (можно прислать файл) для 5А, Математика одним сообщением.',
    ]);
    const saved = await h.send(TEACHER, '№ 245, 247 <b>');
    expect(texts(saved)[0]).toContain('Домашнее задание сохранено, семьи его увидят.');
    expect(texts(saved)[0]).toContain('ДЗ: № 245, 247 &lt;b&gt;');
    await h.press(TEACHER, data(card, '📖 Тема'));
    await h.send(TEACHER, 'Сложение дробей');
    const [l] = await db.ds.query(`SELECT topic, homework, "updatedBy" FROM lesson WHERE id = $1`, [
      f.mathsLesson5a.id,
    ]);
    expect(l).toEqual({ topic: 'Сложение дробей', homework: '№ 245, 247 <b>', updatedBy: `staff:${f.mathTeacher.id}` });
    expect((await outbox('homework.set')).map((e: any) => e.payload.lessonId)).toEqual([f.mathsLesson5a.id]);

    // A file for the homework: kept by Telegram's file id, families get it with the homework.
    await h.press(TEACHER, data(card, '🏠 ДЗ'));
    const file = await h.update({
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: TEACHER, type: 'private', first_name: 'T' },
        from: { id: TEACHER, is_bot: false, first_name: 'T', language_code: 'ru' },
        document: {
          file_id: 'BQACAgIAAxkBAAIB',
          file_unique_id: 'u1',
          file_name: 'worksheet.pdf',
          mime_type: 'application/pdf',
          file_size: 52_000,
        },
        caption: '№ 245, 247 и карточка',
      } as any,
    });
    expect(texts(file)[0]).toMatch(/^Файл «worksheet\.pdf» прикреплён к домашнему заданию\.\n<b>5А, Математика<\/b>/);
    expect(
      await db.ds.query(
        `SELECT "fileName", "telegramFileId", "createdBy" FROM homework_attachment WHERE "lessonId" = $1`,
        [f.mathsLesson5a.id],
      ),
    ).toEqual([
      { fileName: 'worksheet.pdf', telegramFileId: 'BQACAgIAAxkBAAIB', createdBy: `staff:${f.mathTeacher.id}` },
    ]);
    const [hw] = await db.ds.query(`SELECT homework FROM lesson WHERE id = $1`, [f.mathsLesson5a.id]);
    expect(hw.homework).toBe('№ 245, 247 и карточка');
  });

  it('a menu button pressed while a topic is asked for does its job and is not saved as the topic', async () => {
    const card = last(await h.press(TEACHER, `tl:${f.mathsLesson6b.id}`));
    await h.press(TEACHER, data(card, '📖 Тема'));
    for (const button of ['✉️ Сообщения', '⚙️ Настройки']) {
      const pressed = texts(await h.send(TEACHER, button));
      expect(pressed.join('\n')).not.toContain('Тема урока сохранена.');
      await h.press(TEACHER, data(card, '📖 Тема'));
    }
    const [l] = await db.ds.query(`SELECT topic FROM lesson WHERE id = $1`, [f.mathsLesson6b.id]);
    expect(l.topic).toBeNull();
  });

  it("a teacher cannot enter for another teacher's class: the same answer as for a lesson that does not exist", async () => {
    for (const press of [
      `tl:${f.russianLesson5a.id}`,
      `ta:${f.russianLesson5a.id}`,
      `tk:${f.russianLesson5a.id}`,
      `th:${f.russianLesson5a.id}`,
      'tl:999999',
    ])
      expect(alert(await h.press(TEACHER, press))).toBe('Это действие недоступно. Откройте меню заново — /start.');
    // A forged mark button with a draft that is not this chat's.
    expect(alert(await h.press(TEACHER, 'tm:999.1.5'))).toBe('Эта форма устарела. Откройте урок заново: /today');
    expect(await db.ds.query(`SELECT 1 FROM mark WHERE "lessonId" = $1`, [f.russianLesson5a.id])).toHaveLength(0);
  });

  it('the substitute enters for the lesson they give; the teacher they replace no longer can', async () => {
    const l = f.russianLesson5a;
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        lessonId: l.id,
        classId: l.classId,
        subjectId: l.subjectId,
        teacherId: l.teacherId,
        substituteTeacherId: f.mathTeacher.id,
        date: l.date,
        slot: l.slot,
        startsAt: l.startsAt,
        endsAt: l.endsAt,
      },
      { kind: 'cli', command: 'test' },
    );
    const list = await h.send(TEACHER, '/today');
    expect(buttons(list)).toContain('2. 5А — Русский язык');
    expect(last(await h.press(TEACHER, `tl:${l.id}`)).payload.text).toMatch(/^<b>5А, Русский язык<\/b>/);
    expect(alert(await h.press(PETROVA, `tl:${l.id}`))).toBe('Это действие недоступно. Откройте меню заново — /start.');
  });

  it('grade 1: attendance and topic, but no marks and no homework', async () => {
    const card = last(await h.press(PETROVA, `tl:${f.lesson1a.id}`));
    expect(card.payload.text).toContain('В 1-х классах отметки и домашние задания не ставятся.');
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['✅ Посещаемость', '📖 Тема', '◀ Мои уроки']);
    expect(alert(await h.press(PETROVA, `tk:${f.lesson1a.id}`))).toBe(
      'В 1-х классах отметки и домашние задания не ставятся.',
    );
    expect(alert(await h.press(PETROVA, `th:${f.lesson1a.id}`))).toBe(
      'В 1-х классах отметки и домашние задания не ставятся.',
    );
    const grid = last(await h.press(PETROVA, `ta:${f.lesson1a.id}`));
    const marked = last(await h.press(PETROVA, data(grid, '✅ Милова М.')));
    await h.press(PETROVA, data(marked, '💾 Готово'));
    expect(
      await db.ds.query(`SELECT status, "updatedBy" FROM attendance WHERE "lessonId" = $1`, [f.lesson1a.id]),
    ).toEqual([{ status: 'absent', updatedBy: `staff:${f.petrova.id}` }]);
  });

  it('only within the window: until the end of the next school day', async () => {
    clock.set('2026-11-24T20:00:00+03:00');
    expect(last(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`)).payload.text).toMatch(/^<b>5А, Математика/);
    clock.set('2026-11-25T08:00:00+03:00');
    expect(alert(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`))).toBe(
      'Срок внесения данных за этот урок истёк. Обратитесь к заместителю директора.',
    );
  });

  it('a parent cannot reach these commands at all', async () => {
    const calls = await h.send(MOTHER, '/today');
    expect(texts(calls)).toEqual(['Не понял сообщение. Выберите раздел в меню внизу экрана или отправьте /help.']);
    // The answer brings the parent's menu back (in case it was hidden), without the teacher's buttons.
    expect(buttons(calls)).toContain('📒 Отметки');
    expect(buttons(calls)).not.toContain('📝 Мои уроки');
    for (const press of [`tl:${f.mathsLesson5a.id}`, `ta:${f.mathsLesson5a.id}`, 'td:today', 'tm:1.1.5'])
      expect(alert(await h.press(MOTHER, press))).toBe('Это действие недоступно. Откройте меню заново — /start.');
    expect(buttons(await h.send(MOTHER, '/start'))).not.toContain('📝 Мои уроки');
  });
});

describe('/today after a weekend: the last school days still open are one tap away', () => {
  it('on Sunday Friday is offered, opened and filled in; outside the window nothing is, and a forged day is refused', async () => {
    const friday = await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        classId: f.c5a.id,
        subjectId: f.maths.id,
        teacherId: f.mathTeacher.id,
        date: '2026-11-27',
        slot: 2,
        startsAt: '09:00',
        endsAt: '09:45',
      },
      { kind: 'cli', command: 'test' },
    ).then((r) => r.lesson);
    // Sunday evening: no lessons today; Friday's stay open until the end of Monday (TEACHER_ENTRY_DAYS=1).
    clock.set('2026-11-29T18:00:00+03:00');
    const list = last(await h.send(TEACHER, '/today'));
    expect(list.payload.text).toBe('На вс, 29 ноября у вас нет уроков.\n\nЕщё можно заполнить уроки прошлых дней:');
    expect(buttonsOf(list).map((b) => b.text)).toEqual(['◀ пт, 27 ноября — 1 урок']);
    const day = last(await h.press(TEACHER, data(list, '◀ пт, 27 ноября — 1 урок')));
    expect(day.payload.text).toBe('<b>Ваши уроки, пт, 27 ноября</b>\n\n2. 09:00 5А — Математика');
    expect(buttonsOf(day).map((b) => b.text)).toEqual(['2. 5А — Математика', 'Сегодня']);
    const card = last(await h.press(TEACHER, data(day, '2. 5А — Математика')));
    expect(card.payload.text).toMatch(/^<b>5А, Математика<\/b>\nпт, 27 ноября, 2-й урок/);
    expect(buttonsOf(card).at(-1)).toEqual({ text: '◀ Мои уроки', data: 'td:20261127' });

    // Tuesday: Friday's window closed with Monday; neither the list nor a forged day reaches it.
    clock.set('2026-12-01T10:00:00+03:00');
    const tuesday = last(await h.send(TEACHER, '/today'));
    expect(buttonsOf(tuesday).map((b) => b.text)).not.toContain('◀ пт, 27 ноября — 1 урок');
    expect(alert(await h.press(TEACHER, 'td:20261127'))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(alert(await h.press(TEACHER, 'td:20261399'))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(alert(await h.press(TEACHER, `tl:${friday.id}`))).toBe(
      'Срок внесения данных за этот урок истёк. Обратитесь к заместителю директора.',
    );
    // A parent has no such list at all.
    expect(alert(await h.press(MOTHER, 'td:20261127'))).toBe('Это действие недоступно. Откройте меню заново — /start.');
  });
});
