import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaxApi } from '../max/api/index.js';
import { maxSender } from '../jobs/notifications/max.js';
import { claimDeliveries } from '../core/notifications/delivery-queue.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { guardianOf, staffOf } from './helpers/bot-test.js';
import { BotHarness } from './helpers/bot-harness.js';
import { linkAs } from './helpers/linking.js';
import { buttonsOf, data, last, texts } from './helpers/screen.js';
import { planAll } from './helpers/family.js';
import { linkInMax, MaxHarness, maxButtons, maxTexts } from './helpers/max-harness.js';

/**
 * The class group in MAX: the class teacher links a MAX group chat to the class, the class's
 * announcements reach it once with MAX links, nothing personal is posted there. A Telegram group whose
 * chat id is the same number is another chat: its own class, its own messages.
 */
let db: TestDb;
let f: SchoolFixture;
let max: MaxHarness;
let tg: BotHarness;

const PETROVA = 7101; // MAX: class teacher of 5А
const SIDOROV = 7101; // Telegram, the same number: class teacher of 6Б
const DEPUTY = 7102; // MAX
const MOTHER = 7103; // MAX: Анна's mother (5А)
const GROUP = -7001; // 5А's group in MAX, and (the same number) 6Б's group in Telegram
const PERSONAL = /Анна|Борис|Павел|Иванов|Борисов|Петров|Сидоров/;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  max = await new MaxHarness(db.ds).start();
  tg = new BotHarness(db.ds);
  await linkInMax(max, db.ds, PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a));
  await linkInMax(max, db.ds, DEPUTY, staffOf(f, f.deputy, 'deputy'));
  await linkInMax(max, db.ds, MOTHER, guardianOf(f, f.anna, f.mother));
  await linkAs(tg, db.ds, SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b));
}, 60_000);
afterAll(async () => {
  await max.stop();
  await db.close();
});

const groups = () =>
  db.ds.query(
    `SELECT g.messenger, g."chatId"::text AS chat, c.name AS class, g."botUsername" AS bot FROM class_group g
       JOIN school_class c ON c.id = g."classId" WHERE g."unlinkedAt" IS NULL ORDER BY g.messenger`,
  );
const toGroup = <C extends { path: string; query: Record<string, string> }>(calls: C[]) =>
  calls.filter((c) => c.path === '/messages' && c.query.chat_id === String(GROUP));

describe('a class group in MAX', () => {
  it('the class teacher takes a code in MAX (no Telegram link) and links the MAX group with /link', async () => {
    const panel = await max.send(PETROVA, '/classgroup');
    expect(maxTexts(panel)[0]).toContain('отправьте в группе <code>/link КОД</code>.');
    expect(maxTexts(panel)[0]).not.toContain('Добавить в группу');
    const shown = await max.press(PETROVA, MaxHarness.payload(panel, '🔑'));
    const [text] = maxTexts(shown);
    const code = /<code>([A-Z0-9]{10})<\/code>/.exec(text)![1];
    expect(text).not.toContain('Добавить в группу');
    expect(maxButtons(shown).map((b) => b.type)).toEqual(['callback']);
    expect(JSON.stringify(shown)).not.toContain('t.me');

    const linked = await max.inGroup(GROUP, PETROVA, `/link ${code}`);
    expect(maxTexts(toGroup(linked))[0]).toMatch(/^✅ Группа привязана к 5А\./);
    expect(await groups()).toEqual([{ messenger: 'max', chat: String(GROUP), class: '5А', bot: 'dnevnik_max_bot' }]);
  });

  it('a Telegram group with the same chat id is another chat: not linked, then linked to its own class', async () => {
    expect(texts(await tg.group(GROUP, SIDOROV, '/homework'))[0]).toMatch(/^Здравствуйте! Я бот электронного дневника/);
    const panel = last(await tg.send(SIDOROV, '/classgroup'));
    const label = buttonsOf(panel).find((b) => b.text.startsWith('🔑'))!.text;
    const shown = last(await tg.press(SIDOROV, data(panel, label)));
    expect(buttonsOf(shown)[0].text).toBe('➕ Добавить в группу');
    const code = /<code>([A-Z0-9]{10})<\/code>/.exec(shown.payload.text)![1];
    expect(texts(await tg.group(GROUP, SIDOROV, `/link ${code}`))[0]).toMatch(/^✅ Группа привязана к 6Б\./);
    expect(await groups()).toEqual([
      { messenger: 'max', chat: String(GROUP), class: '5А', bot: 'dnevnik_max_bot' },
      { messenger: 'telegram', chat: String(GROUP), class: '6Б', bot: 'dnevnik_test_bot' },
    ]);
    // Each answers for its own class.
    expect(maxTexts(toGroup(await max.inGroup(GROUP, PETROVA, '/homework')))[0]).toContain('5А');
    expect(texts(await tg.group(GROUP, SIDOROV, '/homework'))[0]).toContain('6Б');
  });

  it('a personal command in the MAX group points to the private chat in MAX', async () => {
    const calls = toGroup(await max.inGroup(GROUP, PETROVA, '/marks'));
    expect(maxTexts(calls)).toEqual([
      'Это — только в личном чате со мной: там видно лишь то, что касается вашего ребёнка.',
    ]);
    expect(maxButtons(calls)).toEqual([
      { type: 'link', text: 'Открыть личный чат', url: 'https://max.ru/dnevnik_max_bot' },
    ]);
  });

  it("the class teacher's announcement from MAX reaches the MAX group once, with MAX's link and nothing personal", async () => {
    const menu = await max.send(PETROVA, '/announce');
    await max.press(PETROVA, MaxHarness.payload(menu, '5А'));
    const preview = await max.send(PETROVA, 'Собрание в четверг в 18:00');
    await max.press(PETROVA, MaxHarness.payload(preview, '✅ Отправить'));
    const [{ id }] = await db.ds.query(`SELECT id FROM announcement`);
    await planAll(db.ds);
    await planAll(db.ds);
    const sender = maxSender(new MaxApi({ token: max.fake.token, apiRoot: max.fake.url }));
    for (let round = 0; round < 2; round++) {
      for (const d of await claimDeliveries(db.ds, 1, new Date(Date.now() + 60_000), 100, ['max']))
        if (Number(d.chatId) === GROUP) await sender.send(d.chatId, d.text, d.extra);
      await db.ds.query(`UPDATE notification_delivery SET status = 'sent' WHERE status = 'sending'`);
    }
    const inGroup = max.fake.sentToChat(GROUP).filter((m) => m.text?.includes('Собрание'));
    expect(inGroup.map((m) => m.text)).toEqual([
      '📣 <b>Объявление</b> — 5А\n\nСобрание в четверг в 18:00\n\nРодители: подтвердите «Ознакомлен» в личном чате с ботом — кнопка ниже.',
    ]);
    expect(inGroup[0].attachments[0].payload.buttons).toEqual([
      [{ type: 'link', text: '✅ Подтвердить в личном чате', url: `https://max.ru/dnevnik_max_bot?start=ann${id}` }],
    ]);
    // The group's link opens the announcement in the parent's MAX chat, with «Ознакомлен» there.
    const opened = await max.started(
      MOTHER,
      new URL(inGroup[0].attachments[0].payload.buttons[0][0].url).searchParams.get('start')!,
    );
    expect(maxTexts(opened)).toEqual(['<b>📣 Объявление</b>\n\nСобрание в четверг в 18:00']);
    expect(maxButtons(opened).map((b) => b.text)).toEqual(['✅ Ознакомлен']);
    // Nothing the bot said in the group names a person.
    expect(max.fake.sentToChat(GROUP).every((m) => !PERSONAL.test(m.text ?? ''))).toBe(true);
    // The Telegram group of the same number (6Б) got none of 5А's announcement.
    const tgRows = await db.ds.query(
      `SELECT 1 FROM notification_delivery WHERE "chatId" = $1 AND messenger = 'telegram'`,
      [GROUP],
    );
    expect(tgRows).toEqual([]);
  });

  it('a school-wide announcement goes to both groups of the same chat id, once each, each with its own link', async () => {
    const deputy = await max.services.access.profile(DEPUTY, 'max');
    const a = await max.services.announcements.create(deputy, {
      scope: 'school',
      text: 'Субботник в субботу',
      file: null,
      urgent: false,
      sendAt: null,
    });
    await planAll(db.ds);
    await planAll(db.ds);
    const rows = await db.ds.query(
      `SELECT messenger, extra->'buttons'->0->0->>'url' AS url FROM notification_delivery
        WHERE "chatId" = $1 AND text LIKE '%Субботник%' ORDER BY messenger`,
      [GROUP],
    );
    expect(rows).toEqual([
      { messenger: 'max', url: `https://max.ru/dnevnik_max_bot?start=ann${a.id}` },
      { messenger: 'telegram', url: `https://t.me/dnevnik_test_bot?start=ann${a.id}` },
    ]);
  });
});

describe('the MAX group outside the bot', () => {
  it('the bot removed from the MAX group ends its link only; the Telegram group of the same number stays', async () => {
    max.fake.push({ update_type: 'bot_removed', chat_id: GROUP, user: max.user(PETROVA), is_channel: false });
    await max.send(PETROVA, '/start');
    expect(await groups()).toEqual([
      { messenger: 'telegram', chat: String(GROUP), class: '6Б', bot: 'dnevnik_test_bot' },
    ]);
    const [event] = await db.ds.query(`SELECT payload FROM outbox WHERE type = 'classGroup.lost'`);
    expect(event.payload).toMatchObject({ reason: 'removed' });
  });
});
