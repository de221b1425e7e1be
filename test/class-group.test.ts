import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { claimDeliveries } from '../core/notifications/delivery-queue.js';
import { runClassGroupEvening } from '../core/class-group/evening.js';
import { chatMigrated } from '../core/class-group/lifecycle.js';
import { classifySendError } from '../jobs/notifications/telegram.js';
import { GrammyError } from 'grammy';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { ApiCall, BotHarness } from './helpers/bot-harness.js';
import { alert, buttonsOf, data, last, texts } from './helpers/screen.js';
import { deliveriesTo, deliveryButtons, planAll } from './helpers/family.js';

const MOTHER = 911; // Анна (5А), Павел (6Б)
const ANNA = 912;
const BORIS_FATHER = 913;
const PETROVA = 914; // class teacher of 5А
const SIDOROV = 915; // class teacher of 6Б
const DEPUTY = 916;
const GROUP = -5001; // the parents' chat of 5А
const OTHER = -5002; // another group
const SUPER = -1005001000000; // GROUP after Telegram made it a supergroup

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
// Sunday 22 November 2026, 15:00 in Moscow: the next school day is Monday the 23rd (the fixture's lessons).
const clock = manualClock('2026-11-22T12:00:00Z');

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
      [SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
    ],
  }));
  await db.ds.query(`UPDATE lesson SET homework = 'Учебник, № 12–15 <стр. 40>' WHERE id = $1`, [f.mathsLesson5a.id]);
  await planAll(db.ds, clock);
  await db.ds.query(`DELETE FROM notification_delivery`);
}, 60_000);
afterAll(() => db.close());

const UNAVAILABLE = 'Это действие недоступно. Откройте меню заново — /start.';
const sent = (calls: ApiCall[], chat: number) =>
  calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chat).map((c) => c.payload.text as string);

/** The class teacher takes a code for 5А from her panel. */
async function codeFor(userId = PETROVA): Promise<string> {
  const panel = last(await h.send(userId, '/classgroup'));
  const label = buttonsOf(panel).find((b) => b.text.startsWith('🔑'))!.text;
  const shown = last(await h.press(userId, data(panel, label)));
  return /<code>([A-Z0-9]{10})<\/code>/.exec(shown.payload.text)![1];
}

describe('linking a class group with a one-time code', () => {
  it('the panel says how; the code comes with a startgroup link, lives one hour', async () => {
    const panel = last(await h.send(PETROVA, '/classgroup'));
    expect(panel.payload.text).toContain('<b>💬 Чат класса 5А</b>\nЧат не привязан.');
    expect(panel.payload.text).toContain('Код действует 1 час и только один раз');
    expect(buttonsOf(panel).map((b) => b.text)).toEqual(['🔑 Получить код']);
    const shown = last(await h.press(PETROVA, data(panel, '🔑 Получить код')));
    const code = /<code>([A-Z0-9]{10})<\/code>/.exec(shown.payload.text)![1];
    expect(shown.payload.text).toContain(`Действует до 22 ноября в 16:00, один раз.`);
    expect(shown.payload.text).toContain(`<code>/link ${code}</code>`);
    const add = shown.payload.reply_markup.inline_keyboard[0][0];
    expect(add).toEqual({ text: '➕ Добавить в группу', url: `https://t.me/dnevnik_test_bot?startgroup=${code}` });
    expect(
      await db.ds.query(`SELECT count(*)::int AS n FROM class_group_code WHERE "codeHash" LIKE $1`, [`%${code}%`]),
    ).toEqual([{ n: 0 }]);
  });

  it('a parent or a teacher of another class cannot open the panel of 5А', async () => {
    expect(texts(await h.send(MOTHER, '/classgroup'))).toEqual([
      'Вы не можете привязывать чаты классов: это делает классный руководитель или администрация.',
    ]);
    expect(alert(await h.press(SIDOROV, `gp:${f.c5a.id}`))).toBe(UNAVAILABLE);
    expect(alert(await h.press(SIDOROV, `gk:${f.c5a.id}`))).toBe(UNAVAILABLE);
  });

  it('in a group without a link the bot answers only the linking instructions and ignores chatter', async () => {
    const added = await h.botMembership(GROUP, PETROVA, { status: 'left' }, { status: 'member' });
    expect(sent(added, GROUP)[0]).toContain('классный руководитель привязывает её к классу');
    for (const cmd of ['/homework@dnevnik_test_bot', '/schedule', '/marks', '/help'])
      expect(sent(await h.group(GROUP, MOTHER, cmd), GROUP)[0]).toContain('Чтобы я работал в этой группе');
    expect(await h.group(GROUP, MOTHER, 'Кто знает, что задали по математике?')).toEqual([]);
    expect(await h.group(GROUP, MOTHER, '/weather@other_bot')).toEqual([]);
  });

  it('a code pasted by a parent is refused, void at once, and the class teacher is told', async () => {
    const code = await codeFor();
    expect(sent(await h.group(GROUP, MOTHER, `/link ${code}`), GROUP)).toEqual([
      'Привязать чат к 5А может только классный руководитель или администрация. Код больше не действует, классный руководитель получил уведомление.',
    ]);
    await planAll(db.ds, clock);
    const notice = await deliveriesTo(db.ds, PETROVA, 'security');
    expect(notice.map((d) => d.text)).toEqual([
      `⚠ Код привязки чата 5А отправил в группе «Чат 5001» не классный руководитель (User${MOTHER}). Код больше не действует; чат не привязан. Если это были вы с другого аккаунта — возьмите новый код: /classgroup.`,
    ]);
    expect(sent(await h.group(GROUP, PETROVA, `/link ${code}`), GROUP)[0]).toMatch(/^Код не подошёл/);
    expect(await db.ds.query(`SELECT id FROM class_group`)).toEqual([]);
  });

  it('an expired code does not link', async () => {
    const code = await codeFor();
    clock.advance(61 * 60_000);
    expect(sent(await h.group(GROUP, PETROVA, `/link ${code}`), GROUP)[0]).toMatch(/^Код не подошёл/);
  });

  it('the class teacher links the group; the code serves once; the bot says what it will and will not do', async () => {
    const code = await codeFor();
    const linked = sent(await h.group(GROUP, PETROVA, `/start@dnevnik_test_bot ${code}`), GROUP);
    expect(linked[0]).toMatch(/^✅ Группа привязана к 5А\./);
    expect(linked[0]).toContain('Здесь не будет никогда: отметок, пропусков, средних баллов');
    expect(
      await db.ds.query(`SELECT "classId", "chatId"::int AS chat, title FROM class_group WHERE "unlinkedAt" IS NULL`),
    ).toEqual([{ classId: f.c5a.id, chat: GROUP, title: 'Чат 5001' }]);
    expect(sent(await h.group(OTHER, PETROVA, `/link ${code}`), OTHER)[0]).toMatch(/^Код не подошёл/);
    const panel = last(await h.send(PETROVA, '/classgroup'));
    expect(panel.payload.text).toContain('Привязан: «Чат 5001»');
    expect(buttonsOf(panel).map((b) => b.text)).toEqual([
      '📣 Объявления классу: вкл',
      '🌙 Вечером: ДЗ и изменения на завтра: вкл',
      '❓ /homework и /schedule по запросу: вкл',
      '🔑 Код для другого чата',
      '✖ Отвязать чат',
    ]);
  });

  it('a group without the right to send is not linked; the sender hears it privately', async () => {
    const code = await codeFor();
    h.botMember.set(OTHER, { status: 'restricted', is_member: true, can_send_messages: false });
    const calls = await h.group(OTHER, PETROVA, `/link ${code}`);
    expect(sent(calls, OTHER)).toEqual([]);
    expect(sent(calls, PETROVA)).toEqual([
      'У меня нет права писать в этой группе. Дайте боту право отправлять сообщения и отправьте код ещё раз.',
    ]);
    h.botMember.delete(OTHER);
  });

  it('a second group replaces the first only after a confirmation by the class teacher; several classes never share one', async () => {
    const code = await codeFor();
    const ask = last(await h.group(OTHER, PETROVA, `/link ${code}`));
    expect(ask.payload.text).toBe(
      'У 5А уже есть привязанный чат. Заменить его этим? Прежний чат перестанет получать сообщения.',
    );
    expect(alert(await h.groupPress(OTHER, MOTHER, data(ask, 'Заменить')))).toBe(UNAVAILABLE);
    expect(texts(await h.groupPress(OTHER, PETROVA, data(ask, 'Отмена')))).toEqual(['Хорошо, оставляю прежний чат.']);
    const again = last(await h.group(OTHER, PETROVA, `/link ${code}`));
    expect(sent(await h.groupPress(OTHER, PETROVA, data(again, 'Заменить')), OTHER)[0]).toMatch(
      /^✅ Группа привязана к 5А/,
    );
    // Back to the first group the same way, then 6Б may not take it.
    const back = last(await h.group(GROUP, PETROVA, `/link ${await codeFor()}`));
    await h.groupPress(GROUP, PETROVA, data(back, 'Заменить'));
    expect(await db.ds.query(`SELECT "chatId"::int AS chat FROM class_group WHERE "unlinkedAt" IS NULL`)).toEqual([
      { chat: GROUP },
    ]);
    const sidorovCode = await codeFor(SIDOROV);
    expect(sent(await h.group(GROUP, SIDOROV, `/link ${sidorovCode}`), GROUP)).toEqual([
      'Этот чат уже привязан к 5А. Один чат — один класс: сначала отвяжите его (/unlink).',
    ]);
  });
});

describe('what the group gets', () => {
  let announcementId: number;

  it('an announcement to 5А is mirrored into its group; «Ознакомлен» stays in the private chats, reached by a deep link', async () => {
    const menu = last(await h.send(PETROVA, '/announce'));
    await h.press(PETROVA, data(menu, '5А'));
    const preview = last(await h.send(PETROVA, 'Собрание в четверг в 18:00'));
    await h.press(PETROVA, data(preview, '✅ Отправить'));
    [{ id: announcementId }] = await db.ds.query(`SELECT id FROM announcement`);
    await planAll(db.ds, clock);
    const [group] = await deliveriesTo(db.ds, GROUP);
    expect(group.text).toBe(
      '📣 <b>Объявление</b> — 5А\n\nСобрание в четверг в 18:00\n\nРодители: подтвердите «Ознакомлен» в личном чате с ботом — кнопка ниже.',
    );
    expect(group.extra.buttons).toEqual([
      [{ text: '✅ Подтвердить в личном чате', url: `https://t.me/dnevnik_test_bot?start=ann${announcementId}` }],
    ]);
    expect((await deliveriesTo(db.ds, OTHER)).length).toBe(0);
    for (const chat of [MOTHER, ANNA, BORIS_FATHER])
      expect(deliveryButtons((await deliveriesTo(db.ds, chat, 'announcement'))[0])).toEqual(['✅ Ознакомлен']);
    const opened = last(await h.send(MOTHER, `/start ann${announcementId}`));
    expect(opened.payload.text).toBe('<b>📣 Объявление</b>\n\nСобрание в четверг в 18:00');
    expect(alert(await h.press(MOTHER, data(opened, '✅ Ознакомлен')))).toBe('Спасибо, отмечено: вы ознакомились.');
    expect(texts(await h.send(SIDOROV, `/start ann${announcementId}`))[0]).toMatch(/^Это объявление адресовано не вам/);
  });

  it('the worker takes a group delivery while the group is linked, and through the group pacing', async () => {
    const claimed = await claimDeliveries(db.ds, 1, clock.now(), 100);
    const g = claimed.find((c) => c.chatId === String(GROUP))!;
    expect(g.linkOk).toBe(true);
    expect(g.extra!.buttons![0][0]).toEqual({
      text: '✅ Подтвердить в личном чате',
      url: `https://t.me/dnevnik_test_bot?start=ann${announcementId}`,
    });
    await db.ds.query(`UPDATE notification_delivery SET status = 'sent' WHERE status = 'sending'`);
  });

  it('/homework once per 10 minutes per group, then a pointer to the last answer; /schedule too', async () => {
    const first = last(await h.group(GROUP, BORIS_FATHER, '/homework'));
    expect(first.payload.text).toBe(
      '<b>📚 ДЗ 5А на понедельник, 23 ноября</b>\n• <b>Математика</b>: Учебник, № 12–15 &lt;стр. 40&gt;',
    );
    const answerId = h.lastMessage(GROUP);
    clock.advance(3 * 60_000);
    const again = last(await h.group(GROUP, MOTHER, '/homework@dnevnik_test_bot'));
    expect(again.payload.text).toBe('Отвечал 3 мин назад — ответ выше. Следующий — через 7 мин.');
    expect(again.payload.reply_parameters).toEqual({ message_id: answerId, allow_sending_without_reply: true });
    const schedule = last(await h.group(GROUP, MOTHER, '/schedule'));
    expect(schedule.payload.text).toBe(
      '<b>🗓 Расписание 5А на понедельник, 23 ноября</b>\n1. 08:00 Математика, каб. 21\n2. 09:00 Русский язык, каб. 21',
    );
    clock.advance(8 * 60_000);
    expect(last(await h.group(GROUP, MOTHER, '/homework')).payload.text).toMatch(/^<b>📚 ДЗ 5А/);
  });

  it("each evening: tomorrow's homework and timetable changes, once a slot; nothing before a day without lessons", async () => {
    await db.ds.query(`UPDATE lesson SET cancelled = true WHERE id = $1`, [f.russianLesson5a.id]);
    const ctx = { ds: db.ds, hashKey: 'k', now: clock.now(), timezone: 'Europe/Moscow', defaultQuietHours: 'off' };
    expect(await runClassGroupEvening(ctx, '2026-11-22')).toEqual({ groups: 1, messages: 1 });
    expect(await runClassGroupEvening(ctx, '2026-11-22')).toEqual({ groups: 1, messages: 0 });
    const post = (await deliveriesTo(db.ds, GROUP)).find((d) => d.dedupeKey.startsWith('class-group-evening'))!;
    expect(post.text).toBe(
      '<b>🌙 5А: на завтра, понедельник, 23 ноября</b>\n\n<b>ДЗ</b>\n• <b>Математика</b>: Учебник, № 12–15 &lt;стр. 40&gt;\n\n' +
        '<b>Изменения в расписании</b>\n2. 09:00 Русский язык, каб. 21 — ❌ отменён',
    );
    expect(await runClassGroupEvening(ctx, '2026-11-23')).toEqual({ groups: 0, messages: 0 });
    await db.ds.query(`UPDATE lesson SET cancelled = false WHERE id = $1`, [f.russianLesson5a.id]);
  });

  it('switched off by the class teacher, /homework stays silent', async () => {
    const panel = last(await h.send(PETROVA, '/classgroup'));
    const off = last(await h.press(PETROVA, data(panel, '❓ /homework и /schedule по запросу: вкл')));
    expect(buttonsOf(off).map((b) => b.text)).toContain('❓ /homework и /schedule по запросу: выкл');
    clock.advance(11 * 60_000);
    expect(await h.group(GROUP, MOTHER, '/homework')).toEqual([]);
    await h.press(PETROVA, data(off, '❓ /homework и /schedule по запросу: выкл'));
  });

  it('anything personal asked in the group gets the pointer to the private chat', async () => {
    const reply = last(await h.group(GROUP, MOTHER, '/marks'));
    expect(reply.payload.text).toBe(
      'Это — только в личном чате со мной: там видно лишь то, что касается вашего ребёнка.',
    );
    expect(reply.payload.reply_markup.inline_keyboard[0][0].url).toBe('https://t.me/dnevnik_test_bot');
    expect(alert(await h.groupPress(GROUP, MOTHER, `ar:${announcementId}`))).toBe(UNAVAILABLE);
  });
});

describe('group hygiene', () => {
  it('the move to a supergroup is followed: the link and the waiting messages take the new chat id', async () => {
    await db.ds.query(
      `INSERT INTO notification_delivery ("dedupeKey", "schoolId", kind, "chatId", "classGroupId", text)
       SELECT 'waiting', "schoolId", 'classGroup', "chatId", id, 'x' FROM class_group WHERE "unlinkedAt" IS NULL`,
    );
    expect(await h.group(GROUP, PETROVA, '', { migrate_to_chat_id: SUPER, text: undefined })).toEqual([]);
    expect(
      await db.ds.query(`SELECT "chatId"::bigint::text AS chat FROM class_group WHERE "unlinkedAt" IS NULL`),
    ).toEqual([{ chat: String(SUPER) }]);
    expect((await deliveriesTo(db.ds, SUPER)).map((d) => d.dedupeKey.split(':')[0])).toEqual([
      'class-group-evening',
      'waiting',
    ]);
    expect(
      await db.ds.query(
        `SELECT count(*)::int AS n FROM notification_delivery WHERE "chatId" = $1 AND status = 'pending'`,
        [GROUP],
      ),
    ).toEqual([{ n: 0 }]);
    clock.advance(11 * 60_000);
    expect(last(await h.group(SUPER, MOTHER, '/schedule')).payload.text).toMatch(/^<b>🗓 Расписание 5А/);
  });

  it('a send the worker still made to the old id follows the group to the supergroup', async () => {
    const e = new GrammyError(
      'x',
      {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: SUPER },
      },
      'sendMessage',
      {},
    );
    expect(classifySendError(e)).toEqual({
      kind: 'migrated',
      toChatId: String(SUPER),
      reason: '400 Bad Request: group chat was upgraded to a supergroup chat',
    });
    const [{ id }] = await db.ds.query(
      `INSERT INTO notification_delivery ("dedupeKey", "schoolId", kind, "chatId", "classGroupId", text, status)
       SELECT 'in-flight', "schoolId", 'classGroup', $1, id, 'x', 'sending' FROM class_group WHERE "unlinkedAt" IS NULL RETURNING id`,
      [GROUP],
    );
    expect(await chatMigrated(db.ds, GROUP, SUPER, String(id))).toBe(true);
    expect(await db.ds.query(`SELECT "chatId"::text AS chat FROM notification_delivery WHERE id = $1`, [id])).toEqual([
      { chat: String(SUPER) },
    ]);
    expect(await chatMigrated(db.ds, -999, -998)).toBe(false);
    await db.ds.query(`DELETE FROM notification_delivery WHERE id = $1`, [id]);
  });

  it('losing the right to send sets the group aside and tells the class teacher; the right back resumes it', async () => {
    await h.botMembership(
      SUPER,
      PETROVA,
      { status: 'member' },
      { status: 'restricted', is_member: true, can_send_messages: false },
    );
    expect(await db.ds.query(`SELECT DISTINCT status FROM notification_delivery WHERE "chatId" = $1`, [SUPER])).toEqual(
      [{ status: 'blocked' }],
    );
    await planAll(db.ds, clock);
    expect((await deliveriesTo(db.ds, PETROVA, 'classGroup')).map((d) => d.text)).toEqual([
      '⚠ Чат класса 5А («Чат 5001»): бот не может писать в группу (нет права отправлять сообщения). Сообщения туда приостановлены, пока право не вернут.',
    ]);
    expect(last(await h.send(PETROVA, '/classgroup')).payload.text).toContain('У бота нет права писать в группе');
    await h.botMembership(SUPER, PETROVA, { status: 'restricted' }, { status: 'member' });
    expect(await db.ds.query(`SELECT "inactiveReason" FROM class_group WHERE "unlinkedAt" IS NULL`)).toEqual([
      { inactiveReason: null },
    ]);
  });

  it('the bot removed from the group: the link ends and the class teacher is told', async () => {
    expect(await h.botMembership(SUPER, MOTHER, { status: 'member' }, { status: 'kicked' })).toEqual([]);
    expect(await db.ds.query(`SELECT "inactiveReason" FROM class_group WHERE "unlinkedAt" IS NULL`)).toEqual([]);
    await planAll(db.ds, clock);
    expect((await deliveriesTo(db.ds, PETROVA, 'classGroup')).map((d) => d.text).at(-1)).toMatch(
      /^⚠ Чат класса 5А \(«Чат 5001»\): бота удалили из группы\./,
    );
    expect(last(await h.send(PETROVA, '/classgroup')).payload.text).toContain('Чат не привязан.');
  });

  it('only the class teacher or the administration unlinks with /unlink', async () => {
    const code = await codeFor();
    await h.group(GROUP, PETROVA, `/link ${code}`);
    expect(sent(await h.group(GROUP, MOTHER, '/unlink'), GROUP)).toEqual([
      'Отвязать чат может только классный руководитель или администрация.',
    ]);
    expect(sent(await h.group(GROUP, DEPUTY, '/unlink'), GROUP)).toEqual([
      'Чат отвязан от 5А. Больше сюда писать не буду.',
    ]);
  });
});
