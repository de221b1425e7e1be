import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi, type ChatMessage } from './support/fake-bot-api/index.js';
import { FakeMaxApi, type SentMessage } from './support/fake-max-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { pdfPages } from './helpers/pdf-text.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned, SCHOOL_DAY } from './helpers/processes.js';
import type { IssuedCode } from '../cli/seed/invitations.js';

/**
 * Telegram and MAX served by one real process: the demo school seeded by the CLI, main.ts polling both the
 * fake Bot API and the fake MAX API, its worker delivering to both. A parent links in MAX from the deep
 * link, sees the marks and reports an absence there; the class teacher accepts it in Telegram; the answer
 * reaches the parent in MAX only; the справка the parent attaches in MAX reaches the teacher in Telegram
 * as the same photo. A second parent linked in both messengers gets the class teacher's announcement once
 * in each chat; an announcement with a photo written in Telegram reaches the MAX parent with the photo.
 */
const TOKEN = '123456:TEST-e2e-max-token-000000000000';
const MAX_TOKEN = 'e2e-max-token-0123456789abcdef';
const SERVER = !!process.env.DATABASE_URL;
let tg: FakeBotApi;
let max: FakeMaxApi;
let testDb: TestDb | undefined;
let bot: Spawned;
const data = tempDir('dnevnik-e2e-max-');
let parent: IssuedCode;
let teacher: IssuedCode;
let both: { tg: IssuedCode; max: IssuedCode };
const PARENT = 7_800_001; // MAX user
const TEACHER = 7_800_002; // Telegram user
const BOTH = 7_800_003; // the same id in Telegram and in MAX (different people to each messenger)

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: tg.url,
  MAX_BOT_TOKEN: MAX_TOKEN,
  MAX_API_ROOT: max.url,
  MAX_MODE: 'polling',
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-max-key-0123456789',
  CLOCK_START: SCHOOL_DAY,
  NOTIFY_QUIET_HOURS: 'off',
  NOTIFY_POLL_SECONDS: '1',
  NOTIFY_RATE_PER_SECOND: '50',
  ...(SERVER
    ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
    : {}),
});

async function cli(args: string[]): Promise<IssuedCode[]> {
  const run = spawnApp('cli/index.ts', env(), args);
  const { code } = await exitWithin(run, 120_000);
  if (code !== 0) throw new Error(`${args[0]} exit ${code}\n${tail(run)}`);
  return JSON.parse(run.stdout()).invitations;
}

beforeAll(async () => {
  tg = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await tg.start();
  max = await new FakeMaxApi({ token: MAX_TOKEN }).start();
  if (SERVER) testDb = await createTestDb();
  const codes = await cli(['seed', '--demo', '--json']);
  teacher = codes.find((c) => c.role === 'class_teacher' && c.class === '5А')!;
  // Parents of one child only, in 5А: the first links in MAX, the second in both messengers (a second code).
  const parents = codes.filter((c) => c.role === 'parent');
  const [p1, p2] = parents.filter((p) => p.class === '5А' && parents.filter((x) => x.name === p.name).length === 1);
  expect(teacher && p1 && p2).toBeTruthy();
  parent = p1;
  const again = await cli(['codes', 'issue', '--class', '5А', '--role', 'parent', '--json']);
  both = { tg: p2, max: again.find((c) => c.name === p2.name && c.student === p2.student)! };
  expect(both.max?.code).toBeTruthy();
  expect(both.max.code).not.toBe(both.tg.code);
  bot = spawnApp('main.ts', env());
  await tg.waitForRequest((c) => c.method === 'getUpdates', 90_000);
  await until(() => max.calls.some((c) => c.path === '/updates'), 60_000, 'MAX polling');
}, 240_000);

afterAll(async () => {
  await killAll();
  await tg?.stop();
  await max?.stop();
  await testDb?.close();
  data.remove();
});

async function until<T>(probe: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`${what}: nothing within ${ms} ms\n${tail(bot)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- MAX side: what the user sees in the dialog with the bot (text without HTML tags, buttons) ----
const plain = (m: SentMessage) => (m.text ?? '').replace(/<[^>]+>/g, '');
const maxButtons = (m: SentMessage): { text: string; type: string; payload?: string }[] =>
  m.attachments.flatMap((a) => (a.type === 'inline_keyboard' ? a.payload.buttons.flat() : []));
const maxUser = (id: number) => ({ user_id: id, first_name: `User${id}`, is_bot: false });
const maxLast = (id: number) => max.sentToUser(id).at(-1)?.seq ?? 0;
/** The next bot message in the MAX dialog matching (a new one after `since`, or `edited` changed). */
function maxWait(id: number, match: (t: string) => boolean, since: number, what: string, edited?: SentMessage) {
  const edits = edited?.edits ?? 0;
  return until(
    () =>
      max.sentToUser(id).find((m) => (m.seq > since || (m.mid === edited?.mid && m.edits > edits)) && match(plain(m))),
    30_000,
    `MAX: ${what}`,
  );
}
function maxSay(id: number, text: string, match: (t: string) => boolean) {
  const since = maxLast(id);
  max.userWrites(maxUser(id), text);
  return maxWait(id, match, since, `after «${text}»`);
}
function maxPress(id: number, msg: SentMessage, label: string, match: (t: string) => boolean) {
  const button = maxButtons(msg).find((b) => b.text === label);
  expect(
    button,
    `«${label}» among ${maxButtons(msg)
      .map((b) => b.text)
      .join(', ')}`,
  ).toMatchObject({ type: 'callback' });
  const since = maxLast(id);
  const now = max.sentToUser(id).find((m) => m.mid === msg.mid)!;
  max.userPresses(maxUser(id), msg.mid, button!.payload!);
  return maxWait(id, match, since, `after «${label}»`, now);
}
async function maxLink(id: number, code: string) {
  const since = maxLast(id);
  max.userStarts(max.addUser(maxUser(id)), code.replace(/-/g, ''));
  const consent = await maxWait(id, (t) => /согласие/i.test(t), since, 'the consent question');
  return maxPress(id, consent, 'Согласен', (t) => t.startsWith('Готово!'));
}

// ---- Telegram side ----
const tgLastId = (user: number) => tg.messagesFor(user).at(-1)?.messageId ?? 0;
async function tgSay(user: number, text: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  const { message } = tg.injectMessage(user, text);
  return until(
    () => tg.botMessagesFor(user).find((m) => m.messageId > message.messageId && match(m)),
    30_000,
    `Telegram: after «${text}»`,
  );
}
async function tgPress(user: number, msg: ChatMessage, label: string, match: (m: ChatMessage) => boolean) {
  const since = tgLastId(user);
  const edits = msg.editCount;
  tg.pressButton(user, msg.messageId, label);
  return until(
    () => {
      const edited = tg.messagesFor(user).find((m) => m.messageId === msg.messageId)!;
      if (edited.editCount > edits && match(edited)) return edited;
      return tg.botMessagesFor(user).find((m) => m.messageId > since && match(m));
    },
    30_000,
    `Telegram: after «${label}»`,
  );
}
async function tgLink(user: number, code: string) {
  const consent = await tgSay(
    user,
    `/start ${code}`,
    (m) => !!m.inlineKeyboard?.length || !!m.text?.startsWith('Готово!'),
  );
  if (consent.inlineKeyboard?.length) await tgPress(user, consent, 'Согласен', (m) => !!m.text?.startsWith('Готово!'));
}
const tgLabels = (m: ChatMessage) => (m.inlineKeyboard ?? []).flat().map((b) => b.text);

/** The next school day after the test's day, as «дд.мм». */
function nextSchoolDay(): string {
  const d = new Date(new Date(SCHOOL_DAY).getTime() + 24 * 3600_000);
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe(`one process serves Telegram and MAX (${SERVER ? 'PostgreSQL server' : 'embedded PostgreSQL'})`, () => {
  it('a parent links in MAX from the deep link with consent and sees the menu and the marks', async () => {
    const [last, first] = parent.student!.split(' ');
    const welcome = await maxLink(PARENT, parent.code);
    expect(plain(welcome)).toContain(
      `Вы подключены как родитель (законный представитель): ${first} ${last}, ${parent.class}.`,
    );
    const menu = max.sentToUser(PARENT).flatMap(maxButtons);
    expect(menu.map((b) => b.text)).toEqual(expect.arrayContaining(['📒 Отметки', '📝 Сообщить об отсутствии']));
    const marks = await maxSay(PARENT, '📒 Отметки', (t) => t.includes('📒 Отметки · '));
    expect(plain(marks).startsWith(`👤 ${first} ${last}, 5А\n📒 Отметки · `), plain(marks)).toBe(true);
    // A subject with the demo's marks: «📘 Subject» and a line of marks such as «5 к/р · 4 д/з».
    expect(plain(marks)).toMatch(/\n📘 [^\n]+\n(?:🆕)?[2-5] \S/);
    // Nothing of this went to Telegram.
    expect(tg.messagesFor(PARENT)).toEqual([]);
  }, 60_000);

  it('the parent reports an absence in MAX; the class teacher accepts in Telegram; the parent is told in MAX', async () => {
    await tgLink(TEACHER, teacher.code);
    const child = parent.student!.split(' ').slice(0, 2).reverse().join(' ');
    const dates = await maxSay(PARENT, '📝 Сообщить об отсутствии', (t) => t.startsWith('Когда'));
    expect(plain(dates)).toBe(`Когда ${child} не будет в школе?`);
    await maxPress(PARENT, dates, 'Несколько дней', (t) => t.startsWith('Напишите даты'));
    const reason = await maxSay(PARENT, nextSchoolDay(), (t) => t === 'Причина отсутствия?' || t.startsWith('На эти'));
    expect(plain(reason)).toBe('Причина отсутствия?');
    const cert = await maxPress(PARENT, reason, 'Болезнь', (t) => t.startsWith('Если есть справка'));
    const confirm = await maxPress(PARENT, cert, 'Справку пришлю позже', (t) =>
      t.startsWith('Сообщение об отсутствии'),
    );
    expect(plain(confirm)).toContain(`Ученик: ${child}, 5А`);
    await maxPress(PARENT, confirm, 'Отправить', (t) => t.startsWith('✅ Сообщение отправлено'));

    const card = await until(
      () => tg.botMessagesFor(TEACHER).find((m) => !!m.text?.startsWith('📝 Сообщение об отсутствии')),
      30_000,
      'the report card in Telegram',
    );
    expect(card.text).toContain(`${child}, 5А — от родителя`);
    expect(tgLabels(card)).toEqual(['✅ Принять', '❌ Отклонить', '💬 Ответить']);
    await tgPress(TEACHER, card, '✅ Принять', (m) => !!m.text?.startsWith('✅ Принято'));

    const told = await maxWait(PARENT, (t) => t.startsWith('✅ Классный руководитель принял'), 0, 'the acceptance');
    expect(plain(told)).toContain('Пропуски отмечены в журнале с причиной «болезнь»');
    expect(max.sentToUser(PARENT).filter((m) => plain(m).startsWith('✅ Классный руководитель принял'))).toHaveLength(
      1,
    );
    // The parent has no Telegram chat: nothing was sent there, not even a failed attempt.
    expect(tg.calls.filter((c) => c.params?.chat_id === PARENT)).toEqual([]);
  }, 90_000);

  it('the parent attaches the справка later in MAX: the class teacher gets the photo in Telegram, its bytes', async () => {
    const sent = max.sentToUser(PARENT).find((m) => maxButtons(m).some((b) => b.text === '📎 Приложить справку'))!;
    const asked = await maxPress(PARENT, sent, '📎 Приложить справку', (t) => t.startsWith('Пришлите справку'));
    expect(plain(asked)).toBe('Пришлите справку: фото или PDF до 20 МБ.');
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('справка 086/у')]);
    const since = maxLast(PARENT);
    max.userSendsFile(maxUser(PARENT), 'image', photo);
    const attached = await maxWait(PARENT, (t) => t.startsWith('📎'), since, 'the справка attached');
    expect(plain(attached)).toBe('📎 Справка приложена к сообщению об отсутствии, классный руководитель её получит.');
    const card = await until(
      () => tg.botMessagesFor(TEACHER).find((m) => !!m.caption?.startsWith('📎 Справка к сообщению об отсутствии')),
      30_000,
      'the справка in Telegram',
    );
    expect(card.photo?.data).toEqual(photo);
  }, 90_000);

  it('a parent linked in both messengers gets an announcement once in each chat', async () => {
    await tgLink(BOTH, both.tg.code);
    await maxLink(BOTH, both.max.code);
    const menu = await tgSay(TEACHER, '/announce', (m) => !!m.text?.startsWith('📣 Новое объявление'));
    await tgPress(TEACHER, menu, '5А', (m) => !!m.text?.startsWith('Напишите текст объявления'));
    const preview = await tgSay(TEACHER, 'Экскурсия в музей в пятницу.', (m) => !!m.text?.startsWith('Предпросмотр'));
    // Three chats: the MAX parent's, and the second parent's in Telegram and in MAX (the same number in each).
    const families = new Set([parent.student, both.tg.student]).size;
    expect(preview.text).toMatch(new RegExp(`^Предпросмотр — 5А\nПолучат: ${families} семей \\(3 чатов\\)`));
    await tgPress(TEACHER, preview, '✅ Отправить', (m) => !!m.text?.startsWith('📣 Объявление отправляется'));

    const isAnn = (t: string) => t.startsWith('📣 Объявление — 5А') && t.includes('Экскурсия в музей');
    const inMax = await maxWait(BOTH, isAnn, 0, 'the announcement in MAX');
    expect(maxButtons(inMax).map((b) => b.text)).toEqual(['✅ Ознакомлен']);
    const inTg = await until(
      () => tg.botMessagesFor(BOTH).find((m) => isAnn(m.text ?? '')),
      30_000,
      'the announcement in Telegram',
    );
    expect(tgLabels(inTg)).toEqual(['✅ Ознакомлен']);
    await maxWait(PARENT, isAnn, 0, "the MAX parent's announcement");
    // Every chat has it once (all three chats have it, so the worker has nothing left to send).
    const count = () => ({
      max: max.sentToUser(BOTH).filter((m) => isAnn(plain(m))).length,
      tg: tg.botMessagesFor(BOTH).filter((m) => isAnn(m.text ?? '')).length,
      parentTg: tg.calls.filter((c) => c.params?.chat_id === PARENT).length,
    });
    expect(count()).toEqual({ max: 1, tg: 1, parentTg: 0 });
  }, 90_000);

  it("the class teacher's announcement with a photo, written in Telegram, reaches the MAX parent with the photo", async () => {
    const words = (m: ChatMessage) => m.text ?? m.caption ?? '';
    const menu = await tgSay(TEACHER, '/announce', (m) => words(m).startsWith('📣 Новое объявление'));
    await tgPress(TEACHER, menu, '5А', (m) => words(m).startsWith('Напишите текст объявления'));
    const plan = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('план музея')]);
    const { message } = tg.injectMessage(TEACHER, '', {
      text: undefined,
      caption: 'План музея на пятницу.',
      ...tg.userFile('photo', plan),
    });
    const preview = await until(
      () =>
        tg.botMessagesFor(TEACHER).find((m) => m.messageId > message.messageId && words(m).startsWith('Предпросмотр')),
      30_000,
      'the preview',
    );
    await tgPress(TEACHER, preview, '✅ Отправить', (m) => words(m).startsWith('📣 Объявление отправляется'));
    const got = await maxWait(
      PARENT,
      (t) => t.includes('План музея на пятницу.'),
      0,
      'the announcement with its photo',
    );
    const image = got.attachments.find((a) => a.type === 'image');
    const p = image?.payload as { token?: string; photos?: Record<string, { token: string }> } | undefined;
    const token = p?.token ?? Object.values(p?.photos ?? {})[0]?.token;
    expect(max.state.uploads.get(token ?? '')?.data).toEqual(plan);
  }, 90_000);

  it("the class teacher's cards, printed in Telegram, carry both bots' QRs: the process serves both", async () => {
    const has = (label: string) => (m: ChatMessage) => tgLabels(m).includes(label);
    const cls = await tgSay(TEACHER, '/class', has('🗂 Кабинет классного руководителя'));
    const desk = await tgPress(TEACHER, cls, '🗂 Кабинет классного руководителя', has('🔑 Коды приглашения'));
    const codes = await tgPress(TEACHER, desk, '🔑 Коды приглашения', has('🖨 Коды всем без доступа (PDF)'));
    const sheet = await tgPress(TEACHER, codes, '🖨 Коды всем без доступа (PDF)', (m) => !!m.document?.data);
    const [page] = await pdfPages(sheet.document!.data!);
    // The fake MAX API's bot (dnevnik_bot) and the fake Bot API's, each under its labelled QR.
    expect(page).toMatch(/Telegram MAX .*Код приглашения:/);
    expect(page).toContain('в Telegram — @');
    expect(page).toContain(`в MAX — ${max.bot.username} (нажмите «Начать»)`);
  }, 60_000);
});
