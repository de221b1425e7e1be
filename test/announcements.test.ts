import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { wallClock } from '../core/calendar.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { last, buttonsOf, data, alert, texts } from './helpers/screen.js';
import { deliveriesTo, deliveryButtons, planAll } from './helpers/family.js';

const MOTHER = 901; // Анна (5А), Павел (6Б)
const ANNA = 902;
const BORIS_FATHER = 903;
const PETROVA = 904; // class teacher of 5А
const DEPUTY = 905;
const SIDOROV = 906;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock(new Date());

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [ANNA, studentOf(f, f.anna)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
    ],
  }));
  await planAll(db.ds);
});
afterAll(() => db.close());

/** Quiet hours from the clock's Moscow minute to two hours later: the planner is inside them on any day, at any hour. */
function quietNow(): string {
  const hhmm = (t: Date) => wallClock('Europe/Moscow', t).time;
  return `${hhmm(clock.now())}-${hhmm(new Date(clock.now().getTime() + 2 * 3_600_000))}`;
}
/** When that window ends. Moscow keeps no summer time, so it is two hours after the clock's minute. */
const quietEnd = () => Math.floor(clock.now().getTime() / 60_000) * 60_000 + 2 * 3_600_000;

const TEXT = 'Родительское собрание в четверг в 18:00, каб. 21 <важно>';

describe('announcements with read receipts', () => {
  let id: number;
  let stats: ApiCall;

  it('the class teacher writes to her class: preview with the audience, urgent, send', async () => {
    const menu = last(await h.send(PETROVA, '/announce'));
    expect(menu.payload.text).toBe('<b>📣 Новое объявление</b>\nКому?');
    expect(buttonsOf(menu).map((b) => b.text)).toEqual(['5А', '📣 Мои объявления']);
    expect(alert(await h.press(PETROVA, `ak:${f.c6b.id}`))).toBe(
      'Это действие недоступно. Откройте меню заново — /start.',
    );
    expect(texts(await h.press(PETROVA, data(menu, '5А')))).toEqual([
      'Напишите текст объявления для: 5А. Можно приложить фото или документ (текст — подписью).',
    ]);
    const preview = last(await h.send(PETROVA, TEXT));
    expect(preview.payload.text).toBe(
      `<b>Предпросмотр</b> — 5А\nПолучат: 2 семей (3 чатов)\n\nРодительское собрание в четверг в 18:00, каб. 21 &lt;важно&gt;`,
    );
    expect(buttonsOf(preview).map((b) => b.text)).toEqual([
      '🚨 Срочное: нет',
      '🕗 Завтра в 08:00',
      '✅ Отправить',
      '✖ Отмена',
    ]);
    const urgent = last(await h.press(PETROVA, data(preview, '🚨 Срочное: нет')));
    expect(urgent.payload.text).toBe(
      `<b>Предпросмотр</b> — 5А\nПолучат: 2 семей (3 чатов)\n🚨 Срочное: придёт и в тихие часы.\n\nРодительское собрание в четверг в 18:00, каб. 21 &lt;важно&gt;`,
    );
    expect(await db.ds.query(`SELECT 1 FROM announcement`)).toEqual([]);
    const sent = await h.press(PETROVA, data(urgent, '✅ Отправить'));
    expect(texts(sent)[0]).toBe('📣 Объявление отправляется: 5А.');
    [{ id }] = await db.ds.query(`SELECT id FROM announcement`);
    stats = last(sent);
    expect(stats.payload.text).toMatch(
      /^<b>📣 Объявление<\/b> — 5А\nОтправлено \d+ \S+ в \d\d:\d\d|^<b>📣 Объявление<\/b> — 5А\n🕗 Запланировано/,
    );
    expect(buttonsOf(stats).map((b) => b.text)).toEqual(['🔄 Обновить']);
  });

  it('each family chat of the class gets one message with «Ознакомлен», even in quiet hours (urgent); nobody else', async () => {
    await planAll(db.ds, clock, quietNow());
    const expected = `🚨 <b>Срочное объявление</b> — 5А\n\n${TEXT.replace('<', '&lt;').replace('>', '&gt;')}\n\n— Петрова Елена Викторовна`;
    for (const chat of [MOTHER, ANNA, BORIS_FATHER]) {
      const d = await deliveriesTo(db.ds, chat, 'announcement');
      expect(d.map((x) => x.text)).toEqual([expected]);
      expect(deliveryButtons(d[0])).toEqual(['✅ Ознакомлен']);
      expect(d[0].notBefore.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    }
    expect(await deliveriesTo(db.ds, SIDOROV, 'announcement')).toEqual([]);
    expect(await deliveriesTo(db.ds, PETROVA, 'announcement')).toEqual([]);
    const rows = await db.ds.query(
      `SELECT "studentId", "chatId"::int AS chat FROM announcement_recipient WHERE "announcementId" = $1 ORDER BY "chatId"`,
      [id],
    );
    expect(rows).toEqual([
      { studentId: f.anna.id, chat: MOTHER },
      { studentId: f.anna.id, chat: ANNA },
      { studentId: f.boris.id, chat: BORIS_FATHER },
    ]);
    expect((await db.ds.query(`SELECT status FROM announcement`))[0].status).toBe('sent');
  });

  it('receipts count exactly per family; the reminder goes only to the unconfirmed', async () => {
    expect(alert(await h.press(SIDOROV, `ar:${id}`))).toBe('Это действие недоступно. Откройте меню заново — /start.');
    expect(alert(await h.press(MOTHER, `ar:${id}`))).toBe('Спасибо, отмечено: вы ознакомились.');
    expect(alert(await h.press(MOTHER, `ar:${id}`))).toBe('Вы уже отметили, что ознакомились.');
    expect(
      await db.ds.query(`SELECT count(*)::int AS n FROM announcement_recipient WHERE "acknowledgedAt" IS NOT NULL`),
    ).toEqual([{ n: 1 }]);
    const live = last(await h.press(PETROVA, `ai:${id}`));
    expect(live.payload.text.split('\n').slice(2, 3)).toEqual(['Ознакомились: 1 из 2 семей']);
    expect(buttonsOf(live).map((b) => b.text)).toEqual([
      '🔄 Обновить',
      '👀 Кто не ознакомился',
      '🔔 Напомнить не ознакомившимся',
    ]);
    expect(texts(await h.press(PETROVA, `aw:${id}`))).toEqual(['<b>Не ознакомились (1):</b>\nБорисов Борис, 5А']);
    expect(alert(await h.press(SIDOROV, `am:${id}`))).toBe('Это действие недоступно. Откройте меню заново — /start.');
    expect(texts(await h.press(PETROVA, `am:${id}`))).toEqual(['🔔 Напоминание отправлено: 1 семей.']);
    await planAll(db.ds);
    const reminder = await deliveriesTo(db.ds, BORIS_FATHER, 'announcement');
    expect(reminder.map((x) => x.text).at(-1)).toBe(
      `🔔 <b>Напоминание:</b> подтвердите, что ознакомились с объявлением — 5А\n\n${TEXT.replace('<', '&lt;').replace('>', '&gt;')}\n\n— Петрова Елена Викторовна`,
    );
    expect((await deliveriesTo(db.ds, MOTHER, 'announcement')).length).toBe(1);
    expect((await deliveriesTo(db.ds, ANNA, 'announcement')).length).toBe(1);
    expect(alert(await h.press(BORIS_FATHER, `ar:${id}`))).toBe('Спасибо, отмечено: вы ознакомились.');
    expect(last(await h.press(PETROVA, `ai:${id}`)).payload.text.split('\n')[2]).toBe('Ознакомились: 2 из 2 семей');
    expect(texts(await h.press(PETROVA, `am:${id}`))).toEqual(['Напоминать некому: все семьи ознакомились.']);
  });

  it('the administration schedules one for a grade (tomorrow 08:00) and cancels it before it goes; non-urgent waits for quiet hours', async () => {
    const menu = last(await h.send(DEPUTY, '/announce'));
    expect(buttonsOf(menu).map((b) => b.text)).toEqual([
      'Вся школа',
      '1-е классы',
      '5-е классы',
      '6-е классы',
      '1А',
      '5А',
      '6Б',
      '📣 Мои объявления',
    ]);
    await h.press(DEPUTY, data(menu, '5-е классы'));
    const preview = last(await h.send(DEPUTY, 'Экскурсия переносится'));
    const scheduled = last(await h.press(DEPUTY, data(preview, '🕗 Завтра в 08:00')));
    expect(scheduled.payload.text).toMatch(
      /^<b>Предпросмотр<\/b> — 5-е классы\nПолучат: 2 семей \(3 чатов\)\n🕗 Отправка: \d+ \S+ в 08:00\n\nЭкскурсия переносится$/,
    );
    const sent = await h.press(DEPUTY, data(scheduled, '✅ Отправить'));
    expect(texts(sent)[0]).toMatch(
      /^🕗 Объявление запланировано на \d+ \S+ в 08:00: 5-е классы\. До отправки его можно отменить\.$/,
    );
    const stats = last(sent);
    expect(buttonsOf(stats).map((b) => b.text)).toEqual(['🔄 Обновить', '🗑 Отменить отправку']);
    const [a] = await db.ds.query(`SELECT id, status FROM announcement WHERE scope = 'grade'`);
    const [ev] = await db.ds.query(
      `SELECT "availableAt" FROM outbox WHERE type = 'announcement.sent' AND payload->>'announcementId' = $1`,
      [String(a.id)],
    );
    expect(new Date(ev.availableAt).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(texts(await h.press(DEPUTY, data(stats, '🗑 Отменить отправку')))).toEqual(['🗑 Отправка отменена.']);
    const later = manualClock(new Date(new Date(ev.availableAt).getTime() + 60_000));
    await planAll(db.ds, later);
    expect((await db.ds.query(`SELECT status FROM announcement WHERE id = $1`, [a.id]))[0].status).toBe('cancelled');
    expect(await db.ds.query(`SELECT 1 FROM announcement_recipient WHERE "announcementId" = $1`, [a.id])).toEqual([]);
    expect(alert(await h.press(DEPUTY, `ax:${a.id}`))).toBe(
      'Объявление уже отправлено или отменено — отменить нельзя.',
    );

    await h.press(DEPUTY, 'ah:school');
    const p2 = last(await h.send(DEPUTY, 'Школа закрыта на карантин до понедельника'));
    expect(p2.payload.text.split('\n')[1]).toBe('Получат: 3 семей (3 чатов)');
    await h.press(DEPUTY, data(p2, '✅ Отправить'));
    await planAll(db.ds, clock, quietNow());
    const [school] = (await deliveriesTo(db.ds, MOTHER, 'announcement')).slice(-1);
    expect(school.text).toBe(
      '📣 <b>Объявление</b> — вся школа\n\nШкола закрыта на карантин до понедельника\n\n— Завучева Мария',
    );
    expect(school.notBefore.getTime()).toBe(quietEnd());
    expect(
      await db.ds.query(
        `SELECT count(*)::int AS n FROM announcement_recipient r JOIN announcement a ON a.id = r."announcementId" WHERE a.scope = 'school'`,
      ),
    ).toEqual([{ n: 4 }]);
  });

  it('a file with its caption goes with the message; an empty text is refused', async () => {
    await h.press(PETROVA, `ak:${f.c5a.id}`);
    expect(
      texts(
        await h.send(PETROVA, '', {
          text: undefined,
          photo: [{ file_id: 'plan-photo', file_unique_id: 'u1', width: 800, height: 600 }],
        }),
      ),
    ).toEqual(['Объявление пустое. Напишите текст.']);
    const preview = last(
      await h.send(PETROVA, '', {
        text: undefined,
        caption: 'План экскурсии',
        document: { file_id: 'plan-pdf', file_unique_id: 'u2', file_name: 'plan.pdf', mime_type: 'application/pdf' },
      }),
    );
    expect(preview.payload.text).toBe('<b>Предпросмотр</b> — 5А\nПолучат: 2 семей (3 чатов)\n\nПлан экскурсии');
    await h.press(PETROVA, data(preview, '✅ Отправить'));
    await planAll(db.ds);
    const [d] = (await deliveriesTo(db.ds, BORIS_FATHER, 'announcement')).slice(-1);
    expect(d.text).toBe('📣 <b>Объявление</b> — 5А\n\nПлан экскурсии\n\n— Петрова Елена Викторовна');
    expect(d.extra).toEqual({
      buttons: [[{ text: '✅ Ознакомлен', data: expect.stringMatching(/^ar:\d+$/) }]],
      file: { kind: 'document', fileId: 'plan-pdf' },
    });
  });
});
