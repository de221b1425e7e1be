import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi, type ChatMessage } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned, SCHOOL_DAY } from './helpers/processes.js';
import type { IssuedCode } from '../cli/seed/invitations.js';

/**
 * The class's group chat through the real process (issue 19): the demo school
 * seeded by the CLI, main.ts polling the fake Bot API with its delivery
 * worker. The demo class teacher of 5А adds the bot to the parents' group and
 * links it with a one-time code; her announcement appears in the group with a
 * deep link, while the «Ознакомлен» receipts stay in the families' private chats.
 */
const TOKEN = '123456:TEST-e2e-class-group-token-000';
const SERVER = !!process.env.DATABASE_URL;
let fake: FakeBotApi;
let testDb: TestDb | undefined;
let bot: Spawned;
const data = tempDir('dnevnik-e2e-class-group-');
let parent: IssuedCode;
let teacher: IssuedCode;
const PARENT = 7_800_001;
const TEACHER = 7_800_002;
const GROUP = -7_800_100;

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-class-group-key-0123456789',
  CLOCK_START: SCHOOL_DAY,
  NOTIFY_QUIET_HOURS: 'off',
  NOTIFY_POLL_SECONDS: '1',
  NOTIFY_RATE_PER_SECOND: '50',
  ...(SERVER
    ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
    : {}),
});

beforeAll(async () => {
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
  const seed = spawnApp('cli/index.ts', env(), ['seed', '--demo', '--json']);
  const { code } = await exitWithin(seed, 120_000);
  if (code !== 0) throw new Error(`seed exit ${code}\n${tail(seed)}`);
  const codes: IssuedCode[] = JSON.parse(seed.stdout()).invitations;
  teacher = codes.find((c) => c.role === 'class_teacher' && c.class === '5А')!;
  const parents = codes.filter((c) => c.role === 'parent');
  parent = parents.find((p) => p.class === '5А' && parents.filter((x) => x.name === p.name).length === 1)!;
  expect(teacher && parent).toBeTruthy();
  bot = spawnApp('main.ts', env());
  await fake.waitForRequest((c) => c.method === 'getUpdates', 90_000);
}, 240_000);

afterAll(async () => {
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
});

const withTail = (e: Error) => {
  throw new Error(`${e.message}\n${tail(bot)}`);
};
const lastId = (chat: number) => fake.messagesFor(chat).at(-1)?.messageId ?? 0;
const waitFor = (chat: number, match: (m: ChatMessage) => boolean, since = 0, ms = 20_000) =>
  fake.waitForMessage(chat, match, ms, since).catch(withTail);
async function say(user: number, text: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  const { message } = fake.injectMessage(user, text);
  return waitFor(user, match, message.messageId);
}
async function press(user: number, msg: ChatMessage, label: string, match: (m: ChatMessage) => boolean) {
  const since = lastId(user);
  const edits = msg.editCount;
  fake.pressButton(user, msg.messageId, label);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const edited = fake.messagesFor(user).find((m) => m.messageId === msg.messageId)!;
    if (edited.editCount > edits && match(edited)) return edited;
    const fresh = fake.botMessagesFor(user).find((m) => m.messageId > since && match(m));
    if (fresh) return fresh;
    if (Date.now() > deadline) throw new Error(`nothing after «${label}»\n${tail(bot)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function link(user: number, code: string) {
  const consent = await say(
    user,
    `/start ${code}`,
    (m) => !!m.inlineKeyboard?.length || !!m.text?.startsWith('Готово!'),
  );
  if (consent.inlineKeyboard?.length) {
    fake.pressButton(user, consent.messageId, 'Согласен');
    await waitFor(user, (m) => !!m.text?.startsWith('Готово!'), consent.messageId);
  }
}
const labels = (m: ChatMessage) => (m.inlineKeyboard ?? []).flat().map((b) => b.text);

describe('the demo 5А group linked by its class teacher', () => {
  it('groups show the group commands; the bot added to a group says how to link it', async () => {
    await link(PARENT, parent.code);
    await link(TEACHER, teacher.code);
    expect(fake.commandsFor({ type: 'all_group_chats' }).map((c) => (c as { command: string }).command)).toEqual([
      'homework',
      'schedule',
      'help',
      'link',
      'unlink',
    ]);
    fake.addBotToGroup(GROUP, 'Родители 5А', TEACHER);
    const welcome = await waitFor(GROUP, (m) => !!m.text?.startsWith('Здравствуйте! Я бот электронного дневника'));
    expect(welcome.text).toContain('Чего не буду никогда: писать отметки, пропуски, средние баллы');
  }, 60_000);

  it('the class teacher takes a code in the private chat and sends it in the group', async () => {
    const panel = await say(TEACHER, '/classgroup', (m) => !!m.text?.startsWith('💬 Чат класса 5А'));
    const shown = await press(TEACHER, panel, '🔑 Получить код', (m) => !!m.text?.startsWith('🔑 Код для чата 5А'));
    const code = /\n([A-Z0-9]{10})\n/.exec(shown.text!)![1];
    expect((shown.inlineKeyboard ?? []).flat()[0].url).toBe(`https://t.me/${fake.botUser.username}?startgroup=${code}`);
    const since = lastId(GROUP);
    fake.injectGroupMessage(GROUP, TEACHER, `/link ${code}`);
    const linked = await waitFor(GROUP, (m) => !!m.text?.startsWith('✅ Группа привязана к 5А'), since);
    expect(linked.text).toContain('подтверждать «Ознакомлен» — в личном чате');
  }, 30_000);

  it('an announcement appears in the group with a deep link; its confirmations stay private', async () => {
    const menu = await say(TEACHER, '/announce', (m) => !!m.text?.startsWith('📣 Новое объявление'));
    await press(TEACHER, menu, '5А', (m) => !!m.text?.startsWith('Напишите текст объявления'));
    const preview = await say(TEACHER, 'Экскурсия в музей в пятницу.', (m) => !!m.text?.startsWith('Предпросмотр'));
    await press(TEACHER, preview, '✅ Отправить', (m) => !!m.text?.startsWith('📣 Объявление отправляется'));
    const inGroup = await waitFor(GROUP, (m) => !!m.text?.startsWith('📣 Объявление — 5А'));
    expect(inGroup.text).toContain('Экскурсия в музей в пятницу.');
    const [button] = (inGroup.inlineKeyboard ?? []).flat();
    expect(button.text).toBe('✅ Подтвердить в личном чате');
    expect(button.url).toMatch(new RegExp(`^https://t\\.me/${fake.botUser.username}\\?start=ann\\d+$`));
    expect(button.callback_data).toBeUndefined();
    const ann = await waitFor(PARENT, (m) => !!m.text?.startsWith('📣 Объявление — 5А'));
    expect(labels(ann)).toEqual(['✅ Ознакомлен']);
    // The deep link from the group opens the same announcement privately, with «Ознакомлен».
    const opened = await say(
      PARENT,
      `/start ${button.url!.split('start=')[1]}`,
      (m) => !!m.text?.startsWith('📣 Объявление'),
    );
    expect(labels(opened)).toEqual(['✅ Ознакомлен']);
    const before = fake.callbackAnswers.length;
    fake.pressButton(PARENT, opened.messageId, '✅ Ознакомлен');
    for (let i = 0; i < 200 && fake.callbackAnswers.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.callbackAnswers.slice(before).map((a) => a.text)).toEqual(['Спасибо, отмечено: вы ознакомились.']);
    // Nothing about who confirmed ever reaches the group.
    expect(
      fake
        .botMessagesFor(GROUP)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).not.toMatch(/Ознакомил|ознакомились/);
  }, 60_000);
});
