import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { recordAttendance } from '../core/journal/index.js';
import { sweepAbsenceReports } from '../core/absence-reports/index.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { last, buttonsOf, data, alert, texts, buttons } from './helpers/screen.js';
import { deliveriesTo, deliveryButtons, deliveryData, planAll } from './helpers/family.js';

const MOTHER = 801; // Иванова Ольга: Анна (5А) and Павел (6Б)
const BORIS_FATHER = 802;
const PETROVA = 803; // class teacher of 5А
const SIDOROV = 804; // class teacher of 6Б
const ANNA = 805; // the student herself

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock('2026-11-23T07:30:00+03:00');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
      [ANNA, studentOf(f, f.anna)],
    ],
  }));
  await planAll(db.ds);
});
afterAll(() => db.close());

const reports = () =>
  db.ds.query(
    `SELECT id, "studentId", "fromDate"::text AS "fromDate", "toDate"::text AS "toDate", reason, "reasonText", status, "certificateKind", "certificateFileId", "decisionComment" FROM absence_report ORDER BY id`,
  );
const photo = (id: string, size = 300_000) => ({
  photo: [
    { file_id: `${id}-small`, file_unique_id: `u${id}s`, width: 90, height: 90, file_size: 3000 },
    { file_id: id, file_unique_id: `u${id}`, width: 1280, height: 960, file_size: size },
  ],
});
const doc = (id: string, mime: string, size = 200_000) => ({
  document: { file_id: id, file_unique_id: `u${id}`, file_name: 'spravka.pdf', mime_type: mime, file_size: size },
});

describe('absence report: a guardian tells the class teacher, who accepts', () => {
  let reportId: number;

  it('the guardian picks the child, today, the reason and a photo of the справка, and confirms', async () => {
    const start = await h.send(MOTHER, '📝 Сообщить об отсутствии');
    expect(texts(start)).toEqual(['Про кого сообщение об отсутствии?']);
    expect(buttons(start)).toEqual(['Анна Иванова', 'Павел Иванов']);
    const dates = last(await h.press(MOTHER, data(last(start), 'Анна Иванова')));
    expect(dates.payload.text).toBe('Когда Анна Иванова не будет в школе?');
    expect(buttonsOf(dates).map((b) => b.text)).toEqual([
      'Сегодня',
      'Завтра',
      'Несколько дней',
      'Отдельные уроки сегодня',
      'Мои сообщения',
    ]);
    const reason = last(await h.press(MOTHER, data(dates, 'Сегодня')));
    expect(reason.payload.text).toBe('Причина отсутствия?');
    expect(buttonsOf(reason).map((b) => b.text)).toEqual(['Болезнь', 'Семейные обстоятельства', 'Другое']);
    const cert = await h.press(MOTHER, data(reason, 'Болезнь'));
    expect(texts(cert)).toEqual([
      'Причина отсутствия? Болезнь',
      'Если есть справка, пришлите её сейчас — фото или PDF до 20 МБ. Или отправьте её позже.',
    ]);
    expect(await reports()).toEqual([]);
    const confirm = await h.send(MOTHER, '', { text: undefined, ...photo('spravka-photo-1') });
    expect(texts(confirm)).toEqual([
      '<b>Сообщение об отсутствии</b>\nУченик: Анна Иванова, 5А\nКогда: 23 ноября\nПричина: болезнь\nСправка: приложена\n\nОтправить классному руководителю?',
    ]);
    expect(buttons(confirm)).toEqual(['Отправить', 'Отмена']);
    expect(await reports()).toEqual([]);
    const sent = last(await h.press(MOTHER, 'ao:yes'));
    expect(sent.payload.text).toBe('✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.');
    const rows = await reports();
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        studentId: f.anna.id,
        fromDate: '2026-11-23',
        toDate: '2026-11-23',
        reason: 'illness',
        reasonText: null,
        status: 'pending',
        certificateKind: 'photo',
        certificateFileId: 'spravka-photo-1',
        decisionComment: null,
      },
    ]);
    reportId = rows[0].id;
  });

  it('the class teacher of 5А gets it at once with the справка and «Принять / Отклонить / Ответить»; nobody else does', async () => {
    await planAll(db.ds);
    expect(await db.ds.query(`SELECT type, "lastError" FROM outbox WHERE "lastError" IS NOT NULL`)).toEqual([]);
    const [d] = await deliveriesTo(db.ds, PETROVA, 'absenceReport');
    expect(d.text).toBe(
      '📝 <b>Сообщение об отсутствии</b>\nАнна Иванова, 5А — от родителя (Иванова Ольга)\nКогда: 23 ноября\nПричина: болезнь\nСправка: приложена',
    );
    expect(deliveryButtons(d)).toEqual(['✅ Принять', '❌ Отклонить', '💬 Ответить']);
    expect(d.extra.file).toEqual({ kind: 'photo', fileId: 'spravka-photo-1' });
    expect(await deliveriesTo(db.ds, SIDOROV, 'absenceReport')).toEqual([]);
    expect(await deliveriesTo(db.ds, MOTHER, 'absenceReport')).toEqual([]);
  });

  it('another class teacher and the family cannot decide; accepting writes the attendance with the reason and no alert goes to the family', async () => {
    expect(alert(await h.press(SIDOROV, `aa:${reportId}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(alert(await h.press(MOTHER, `aa:${reportId}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    const [d] = await deliveriesTo(db.ds, PETROVA, 'absenceReport');
    const calls = await h.press(PETROVA, deliveryData(d, '✅ Принять'));
    expect(texts(calls)).toEqual([
      '✅ Принято: Анна Иванова, 23 ноября. В журнал записано пропусков: 2 (причина: болезнь).',
    ]);
    const att = await db.ds.query(
      `SELECT "lessonId", status, reason, "updatedBy" FROM attendance WHERE "studentId" = $1 ORDER BY "lessonId"`,
      [f.anna.id],
    );
    expect(att).toEqual(
      [f.mathsLesson5a.id, f.russianLesson5a.id]
        .sort((a, b) => a - b)
        .map((lessonId) => ({ lessonId, status: 'absent', reason: 'illness', updatedBy: `staff:${f.petrova.id}` })),
    );
    expect((await reports())[0]).toMatchObject({ status: 'accepted' });
    // A subject teacher marks her absent again later in the day: still no alert.
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.anna.id,
        lessonId: f.mathsLesson5a.id,
        status: 'absent',
        reason: 'illness',
        comment: 'нет на уроке',
      },
      { kind: 'staff', staffId: f.mathTeacher.id },
    );
    await planAll(db.ds);
    expect(await deliveriesTo(db.ds, MOTHER, 'absence')).toEqual([]);
    expect(await deliveriesTo(db.ds, ANNA, 'absence')).toEqual([]);
    const decided = await deliveriesTo(db.ds, MOTHER, 'absenceReport');
    expect(decided.map((x) => x.text)).toEqual([
      '✅ Классный руководитель принял сообщение об отсутствии: Анна Иванова, 23 ноября. Пропуски отмечены в журнале с причиной «болезнь».',
    ]);
    expect(await deliveriesTo(db.ds, ANNA, 'absenceReport')).toEqual([]);
    // Deciding twice: told politely, nothing changes.
    expect(alert(await h.press(PETROVA, `aa:${reportId}`))).toBe('По этому сообщению решение уже принято.');
  });

  it("a report overlapping the accepted one, past the term, or for another family's child is refused with nothing saved", async () => {
    const before = (await reports()).length;
    expect(alert(await h.press(MOTHER, `ab:${f.boris.id}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(alert(await h.press(ANNA, `ab:${f.anna.id}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(texts(await h.send(ANNA, '/absent'))).toEqual([
      'Сообщить об отсутствии может родитель, подключённый к дневнику ребёнка.',
    ]);
    await h.press(MOTHER, `ab:${f.anna.id}`);
    expect(last(await h.press(MOTHER, 'ad:today')).payload.text).toBe(
      'На 23 ноября уже есть сообщение об отсутствии. Второе на те же уроки не нужно.',
    );
    await h.press(MOTHER, `ab:${f.anna.id}`);
    expect(last(await h.press(MOTHER, 'ad:range')).payload.text).toBe(
      'Напишите даты одним сообщением, например: <b>25.11–27.11</b> (или одну дату: 25.11).',
    );
    expect(texts(await h.send(MOTHER, 'в среду'))).toEqual([
      'Не удалось разобрать даты. Напишите так: <b>25.11–27.11</b> или одну дату: <b>25.11</b>.',
    ]);
    expect(texts(await h.send(MOTHER, '24.12–30.12'))).toEqual([
      'Даты выходят за конец четверти (28 декабря). Сообщите об отсутствии в пределах четверти.',
    ]);
    await h.press(MOTHER, `ab:${f.anna.id}`);
    await h.press(MOTHER, 'ad:range');
    expect(texts(await h.send(MOTHER, '10.11'))).toEqual([
      'Сообщить можно об отсутствии не раньше 16 ноября. О более давних пропусках поговорите с классным руководителем.',
    ]);
    expect((await reports()).length).toBe(before);
  });
});

describe('absence report: rejected, справка later, reminders', () => {
  it('another reason with its text and no справка; the class teacher rejects with a comment; the later absence alert is sent', async () => {
    const dates = last(await h.send(BORIS_FATHER, '/absent'));
    expect(dates.payload.text).toBe('Когда Борис Борисов не будет в школе?');
    await h.press(BORIS_FATHER, 'ad:lessons');
    const picked = last(await h.press(BORIS_FATHER, `al:${f.mathsLesson5a.id}`));
    expect(buttonsOf(picked).map((b) => b.text)).toEqual([
      '✅ 1. Математика (08:00)',
      '▫️ 2. Русский язык (09:00)',
      'Готово',
    ]);
    await h.press(BORIS_FATHER, 'ad:done');
    expect(texts(await h.press(BORIS_FATHER, 'ae:other'))).toEqual(['Коротко опишите причину одним сообщением.']);
    expect(texts(await h.send(BORIS_FATHER, 'Соревнования <по плаванию>'))).toEqual([
      'Если есть справка, пришлите её сейчас — фото или PDF до 20 МБ. Или отправьте её позже.',
    ]);
    expect(
      texts(
        await h.send(BORIS_FATHER, '', {
          text: undefined,
          ...doc('big', 'application/pdf', 25 * 1024 * 1024),
        }),
      ),
    ).toEqual(['Файл больше 20 МБ. Пришлите фото справки или PDF поменьше.']);
    expect(texts(await h.send(BORIS_FATHER, '', { text: undefined, ...doc('word', 'application/msword') }))).toEqual([
      'Подойдёт фото или PDF-файл. Этот файл не принят.',
    ]);
    expect(await db.ds.query(`SELECT 1 FROM absence_report WHERE "studentId" = $1`, [f.boris.id])).toEqual([]);
    const confirm = await h.press(BORIS_FATHER, 'af:later');
    expect(texts(confirm)).toEqual([
      '<b>Сообщение об отсутствии</b>\nУченик: Борис Борисов, 5А\nКогда: 23 ноября, уроки: 1 — Математика\nПричина: другое: Соревнования &lt;по плаванию&gt;\nСправка: будет позже\n\nОтправить классному руководителю?',
    ]);
    const sent = last(await h.press(BORIS_FATHER, 'ao:yes'));
    expect(buttonsOf(sent).map((b) => b.text)).toEqual(['📎 Приложить справку']);
    expect(await db.ds.query(`SELECT id FROM absence_report WHERE "studentId" = $1`, [f.boris.id])).toHaveLength(1);
    await planAll(db.ds);
    const [d] = (await deliveriesTo(db.ds, PETROVA, 'absenceReport')).slice(-1);
    expect(d.text).toBe(
      '📝 <b>Сообщение об отсутствии</b>\nБорис Борисов, 5А — от родителя (Борисов Игорь)\nКогда: 23 ноября, уроки: 1 — Математика\nПричина: другое: Соревнования &lt;по плаванию&gt;\nСправка: будет позже',
    );
    expect(d.extra.file).toBeUndefined();
    expect(texts(await h.press(PETROVA, deliveryData(d, '❌ Отклонить')))).toEqual([
      'Напишите одним сообщением, почему сообщение отклонено — семья получит этот комментарий.',
    ]);
    expect(texts(await h.send(PETROVA, 'Нужно заявление от родителей заранее'))).toEqual([
      '❌ Отклонено: Борис Борисов, 23 ноября, уроки: 1 — Математика. Семья получит ваш комментарий.',
    ]);
    expect(await db.ds.query(`SELECT 1 FROM attendance WHERE "studentId" = $1`, [f.boris.id])).toEqual([]);
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        lessonId: f.mathsLesson5a.id,
        status: 'absent',
        reason: 'unknown',
      },
      { kind: 'staff', staffId: f.mathTeacher.id },
    );
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, BORIS_FATHER, 'absenceReport')).map((x) => x.text)).toEqual([
      '❌ Классный руководитель отклонил сообщение об отсутствии: Борис Борисов, 23 ноября, уроки: 1 — Математика.\nКомментарий: Нужно заявление от родителей заранее',
    ]);
    expect((await deliveriesTo(db.ds, BORIS_FATHER, 'absence')).map((x) => x.text)).toEqual([
      '🚪 Пропуск урока — <b>Борис Борисов</b>\nМатематика, 23 ноября, 1-й урок (причина пока не указана).',
    ]);
  });

  it('a pending report is reminded after one school day, once a day; the справка attached later reaches the class teacher', async () => {
    await h.press(MOTHER, `ab:${f.pavel.id}`);
    await h.press(MOTHER, 'ad:today');
    await h.press(MOTHER, 'ae:family');
    await h.press(MOTHER, 'af:later');
    const sent = last(await h.press(MOTHER, 'ao:yes'));
    const [{ id }] = await db.ds.query(`SELECT id FROM absence_report WHERE "studentId" = $1`, [f.pavel.id]);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, SIDOROV, 'absenceReport')).map((x) => x.text)).toEqual([
      '📝 <b>Сообщение об отсутствии</b>\nПавел Иванов, 6Б — от родителя (Иванова Ольга)\nКогда: 23 ноября\nПричина: семейные обстоятельства\nСправка: будет позже',
    ]);
    expect(
      await sweepAbsenceReports(db.ds, { now: new Date('2026-11-24T07:00:00+03:00'), timezone: 'Europe/Moscow' }),
    ).toEqual({ reminded: 0, completed: 0 });
    expect(
      await sweepAbsenceReports(db.ds, { now: new Date('2026-11-24T07:31:00+03:00'), timezone: 'Europe/Moscow' }),
    ).toEqual({ reminded: 1, completed: 0 });
    expect(
      await sweepAbsenceReports(db.ds, { now: new Date('2026-11-24T12:00:00+03:00'), timezone: 'Europe/Moscow' }),
    ).toEqual({ reminded: 0, completed: 0 });
    await planAll(db.ds);
    const reminders = (await deliveriesTo(db.ds, SIDOROV, 'absenceReport')).filter((x) => x.text.startsWith('⏰'));
    expect(reminders.map((x) => x.text)).toEqual([
      '⏰ Сообщение об отсутствии ждёт решения больше учебного дня: Павел Иванов, 6Б, 23 ноября (семейные обстоятельства).',
    ]);
    expect(deliveryButtons(reminders[0])).toEqual(['✅ Принять', '❌ Отклонить', '💬 Ответить']);
    expect(alert(await h.press(BORIS_FATHER, `ac:${id}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(texts(await h.press(MOTHER, data(sent, '📎 Приложить справку')))).toEqual([
      'Пришлите справку: фото или PDF до 20 МБ.',
    ]);
    expect(texts(await h.send(MOTHER, '', { text: undefined, ...doc('spravka-pdf-7', 'application/pdf') }))).toEqual([
      '📎 Справка приложена к сообщению об отсутствии, классный руководитель её получит.',
    ]);
    expect((await reports()).find((r: any) => r.id === id)).toMatchObject({
      certificateKind: 'document',
      certificateFileId: 'spravka-pdf-7',
    });
    await planAll(db.ds);
    const [c] = (await deliveriesTo(db.ds, SIDOROV, 'absenceReport')).filter((x) => x.text.startsWith('📎'));
    expect(c.text).toBe('📎 Справка к сообщению об отсутствии: Павел Иванов, 6Б, 23 ноября.');
    expect(c.extra.file).toEqual({ kind: 'document', fileId: 'spravka-pdf-7' });
  });

  it('«Ответить» on a report opens a thread with that family only', async () => {
    const [d] = await deliveriesTo(db.ds, SIDOROV, 'absenceReport');
    expect(texts(await h.press(SIDOROV, deliveryData(d, '💬 Ответить')))).toEqual([
      'Напишите ответ одним сообщением (можно фото или документ).',
    ]);
    expect(texts(await h.send(SIDOROV, 'Принесите, пожалуйста, заявление.'))).toEqual(['✅ Ответ отправлен семье.']);
    await planAll(db.ds);
    expect((await deliveriesTo(db.ds, MOTHER, 'message')).map((x) => x.text)).toEqual([
      '✉️ <b>Ответ: Сидоров Иван</b> — Павел Иванов\n\nПринесите, пожалуйста, заявление.',
    ]);
    expect(await deliveriesTo(db.ds, BORIS_FATHER, 'message')).toEqual([]);
  });
});
