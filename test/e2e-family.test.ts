import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi, type ChatMessage } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned, SCHOOL_DAY } from './helpers/processes.js';
import type { IssuedCode } from '../cli/seed/invitations.js';

/**
 * School ↔ family through the real process: the demo school seeded by the
 * CLI, main.ts polling the fake Bot API with its delivery worker. A demo
 * parent reports an absence that the demo class teacher accepts, writes to
 * the class teacher who answers, and confirms an announcement; the class
 * teacher's desk shows it all. Every message to the other side comes through
 * the delivery worker (outbox → deliveries → the fake Bot API).
 */
const TOKEN = '123456:TEST-e2e-family-token-00000000';
const SERVER = !!process.env.DATABASE_URL;
let fake: FakeBotApi;
let testDb: TestDb | undefined;
let bot: Spawned;
const data = tempDir('dnevnik-e2e-family-');
let parent: IssuedCode;
let teacher: IssuedCode;
const PARENT = 7_700_001;
const TEACHER = 7_700_002;

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-family-key-0123456789',
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
  // A parent of one child only, in 5А.
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
const lastId = (user: number) => fake.messagesFor(user).at(-1)?.messageId ?? 0;
async function say(user: number, text: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  const { message } = fake.injectMessage(user, text);
  return fake.waitForMessage(user, match, 20_000, message.messageId).catch(withTail);
}
/** Presses a button; resolves with the next bot message matching (a new one, or the same message edited). */
async function press(
  user: number,
  msg: ChatMessage,
  label: string,
  match: (m: ChatMessage) => boolean,
): Promise<ChatMessage> {
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
const waitFor = (user: number, match: (m: ChatMessage) => boolean, since = 0, ms = 30_000) =>
  fake.waitForMessage(user, match, ms, since).catch(withTail);
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
/** The next school day after the test's day, as «дд.мм». */
function nextSchoolDay(): string {
  const d = new Date(new Date(SCHOOL_DAY).getTime() + 24 * 3600_000);
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('a demo family and its class teacher through the real process', () => {
  it('links both', async () => {
    await link(PARENT, parent.code);
    await link(TEACHER, teacher.code);
    expect(fake.keyboardFor(PARENT)?.buttons.flat()).toEqual(
      expect.arrayContaining(['📝 Сообщить об отсутствии', '✉️ Сообщения']),
    );
  }, 60_000);

  it('the parent reports an absence; the class teacher accepts it from the delivered message; the parent is told', async () => {
    const child = parent.student!.split(' ').slice(0, 2).reverse().join(' ');
    const dates = await say(PARENT, '📝 Сообщить об отсутствии', (m) => !!m.text?.startsWith('Когда'));
    expect(dates.text).toBe(`Когда ${child} не будет в школе?`);
    const ask = await press(PARENT, dates, 'Несколько дней', (m) => !!m.text?.startsWith('Напишите даты'));
    const day = nextSchoolDay();
    const reason = await say(PARENT, day, (m) => m.text === 'Причина отсутствия?' || !!m.text?.startsWith('На эти'));
    expect(reason.text, ask.text).toBe('Причина отсутствия?');
    await press(PARENT, reason, 'Болезнь', (m) => !!m.text?.startsWith('Если есть справка'));
    const cert = fake.botMessagesFor(PARENT).at(-1)!;
    const confirm = await press(
      PARENT,
      cert,
      'Справку пришлю позже',
      (m) => !!m.text?.startsWith('Сообщение об отсутствии'),
    );
    expect(confirm.text).toContain(`Ученик: ${child}, 5А`);
    await press(PARENT, confirm, 'Отправить', (m) => !!m.text?.startsWith('✅ Сообщение отправлено'));
    const card = await waitFor(TEACHER, (m) => !!m.text?.startsWith('📝 Сообщение об отсутствии'));
    expect(card.text).toContain(`${child}, 5А — от родителя`);
    expect(labels(card)).toEqual(['✅ Принять', '❌ Отклонить', '💬 Ответить']);
    const done = await press(TEACHER, card, '✅ Принять', (m) => !!m.text?.startsWith('✅ Принято'));
    expect(done.text).toMatch(
      new RegExp(
        `^✅ Принято: ${child}, \\d+ \\S+\\. В журнал записано пропусков: [1-9]\\d* \\(причина: болезнь\\)\\.$`,
      ),
    );
    const told = await waitFor(PARENT, (m) => !!m.text?.startsWith('✅ Классный руководитель принял'));
    expect(told.text).toContain('Пропуски отмечены в журнале с причиной «болезнь»');
  }, 90_000);

  it('the parent writes to the class teacher, who answers; the answer reaches the parent', async () => {
    const list = await say(PARENT, '✉️ Сообщения', (m) => !!m.text?.startsWith('✉️ Сообщения'));
    const teachers = await press(PARENT, list, '✏️ Написать учителю', (m) => !!m.text?.startsWith('Кому написать?'));
    const ct = labels(teachers).find((l) => l.includes('классный руководитель'))!;
    await press(PARENT, teachers, ct, (m) => !!m.text?.startsWith('Напишите сообщение для'));
    await say(
      PARENT,
      'Добрый день! Когда будет родительское собрание?',
      (m) => !!m.text?.startsWith('✅ Сообщение отправлено'),
    );
    const msg = await waitFor(TEACHER, (m) => !!m.text?.includes('Когда будет родительское собрание?'));
    expect(msg.text).toMatch(/^✉️ Сообщение от родителя/);
    await press(TEACHER, msg, '💬 Ответить', (m) => !!m.text?.startsWith('Напишите ответ'));
    await say(TEACHER, 'В четверг в 18:00, объявление пришлю.', (m) => m.text === '✅ Ответ отправлен семье.');
    const answer = await waitFor(PARENT, (m) => !!m.text?.includes('В четверг в 18:00'));
    expect(answer.text).toMatch(/^✉️ Ответ: /);
  }, 60_000);

  it('the class teacher announces to the class; the parent confirms; the count is live', async () => {
    const menu = await say(TEACHER, '/announce', (m) => !!m.text?.startsWith('📣 Новое объявление'));
    await press(TEACHER, menu, '5А', (m) => !!m.text?.startsWith('Напишите текст объявления'));
    const preview = await say(
      TEACHER,
      'Родительское собрание в четверг в 18:00.',
      (m) => !!m.text?.startsWith('Предпросмотр'),
    );
    expect(preview.text).toMatch(/^Предпросмотр — 5А\nПолучат: 1 семей \(1 чатов\)/);
    await press(TEACHER, preview, '✅ Отправить', (m) => !!m.text?.startsWith('📣 Объявление отправляется'));
    const stats = await waitFor(TEACHER, (m) => !!m.text?.startsWith('📣 Объявление —'));
    const ann = await waitFor(PARENT, (m) => !!m.text?.startsWith('📣 Объявление — 5А'));
    expect(labels(ann)).toEqual(['✅ Ознакомлен']);
    const before = fake.callbackAnswers.length;
    fake.pressButton(PARENT, ann.messageId, '✅ Ознакомлен');
    for (
      let i = 0;
      i < 200 && !fake.callbackAnswers.slice(before).some((a) => a.text === 'Спасибо, отмечено: вы ознакомились.');
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(fake.callbackAnswers.slice(before).map((a) => a.text)).toContain('Спасибо, отмечено: вы ознакомились.');
    const live = await press(TEACHER, stats, '🔄 Обновить', (m) => !!m.text?.includes('Ознакомились: 1 из 1 семей'));
    expect(live.text).toContain('Ознакомились: 1 из 1 семей');
  }, 60_000);

  it('the desk shows it all', async () => {
    const cls = await say(TEACHER, '/class', (m) => labels(m).includes('🗂 Кабинет классного руководителя'));
    const desk = await press(
      TEACHER,
      cls,
      '🗂 Кабинет классного руководителя',
      (m) => !!m.text?.startsWith('🗂 5А: кабинет'),
    );
    expect(desk.text).toMatch(/👪 Подключены семьи: 1 из \d+; без доступа: \d+/);
    expect(desk.text).toContain('📝 Сообщения об отсутствии ждут решения: 0');
    expect(desk.text).toContain('✉️ Непрочитанных сообщений: 0');
    const abs = await press(
      TEACHER,
      desk,
      '📝 Отсутствия и причины',
      (m) => !!m.text?.startsWith('📝 5А: сообщения об отсутствии'),
    );
    const child = parent.student!.split(' ').slice(0, 2).join(' ');
    expect(abs.text).toMatch(new RegExp(`✅ ${child} — \\d+ \\S+, болезнь, без справки`));
    const fam = await press(TEACHER, desk, '👪 Кто подключён', (m) => !!m.text?.startsWith('👪 5А: кто подключён'));
    expect(fam.text).toContain(`✅ ${parent.name.split(' ').slice(0, 2).join(' ')}`);
  }, 60_000);
});
