import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARENT_MENU } from './helpers/screen.js';
import { FakeBotApi, type ChatMessage } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned } from './helpers/processes.js';

/**
 * Linking through the real process: the demo school is seeded by the CLI, then
 * main.ts polls the fake Bot API. A demo guardian links with consent, the same
 * code from another account is refused, a dozen wrong codes hit the limit, and
 * /logout and the compromise report end access.
 */
const TOKEN = '123456:TEST-e2e-linking-token-0000000';
const SERVER = !!process.env.DATABASE_URL;
let fake: FakeBotApi;
let testDb: TestDb | undefined;
let bot: Spawned;
const data = tempDir('dnevnik-e2e-linking-');
let parents: { code: string; student: string; class: string }[] = [];

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-linking-key-0123456789',
  ...(SERVER
    ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
    : {}),
});

async function output(child: Spawned): Promise<string> {
  const { code } = await exitWithin(child, 60_000);
  if (code !== 0) throw new Error(`exit ${code}\n${tail(child)}`);
  return child.stdout();
}

beforeAll(async () => {
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
  const seeded = JSON.parse(await output(spawnApp('cli/index.ts', env(), ['seed', '--demo', '--json'])));
  parents = seeded.invitations.filter((i: { role: string }) => i.role === 'parent');
  bot = spawnApp('main.ts', env());
  await fake.waitForRequest((c) => c.method === 'getUpdates', 90_000);
}, 180_000);

afterAll(async () => {
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
});

/** Sends a text and waits for the bot's next message in that chat. */
async function say(user: number, text: string, match: (m: ChatMessage) => boolean = () => true): Promise<ChatMessage> {
  const { message } = fake.injectMessage(user, text);
  return fake.waitForMessage(user, match, 20_000, message.messageId).catch((e: Error) => {
    throw new Error(`${e.message}\n${tail(bot)}`);
  });
}
async function press(
  user: number,
  msg: ChatMessage,
  label: string,
  match: (m: ChatMessage) => boolean,
): Promise<ChatMessage> {
  fake.pressButton(user, msg.messageId, label);
  return fake.waitForMessage(user, match, 20_000, msg.messageId);
}

describe(`linking through the real process (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`, () => {
  const parent = randomInt(100_000_000, 200_000_000);
  const stranger = parent + 1;

  it('a demo guardian links by deep link with consent; the same code from another account is refused', async () => {
    const p = parents[0];
    const [first, last] = p.student.split(' ');
    const consent = await say(parent, `/start ${p.code}`);
    expect(consent.text).toContain('Согласие на обработку персональных данных');
    expect(consent.text).toContain(`${last} ${first}`);
    const welcome = await press(parent, consent, 'Согласен', (m) => !!m.text?.startsWith('Готово!'));
    expect(welcome.text).toContain(
      `Вы подключены как родитель (законный представитель): ${last} ${first}, ${p.class}.`,
    );
    expect(fake.keyboardFor(parent)?.buttons.flat()).toEqual(PARENT_MENU);
    const refused = await say(stranger, p.code.toLowerCase());
    expect(refused.text).toMatch(/^Этот код не подходит/);
  });

  it('a dozen wrong codes hit the limit', async () => {
    const guesser = parent + 2;
    const answers: string[] = [];
    for (let i = 0; i < 12; i++)
      answers.push((await say(guesser, `AAAA-BBBB-CCCC-${String(2000 + i).replace(/[01]/g, '2')}`)).text ?? '');
    expect(answers.slice(0, 5).every((t) => t.startsWith('Этот код не подходит'))).toBe(true);
    expect(answers.slice(5).every((t) => t.startsWith('Слишком много неудачных попыток'))).toBe(true);
  });

  it('/logout ends access', async () => {
    const ask = await say(parent, '/logout');
    const done = await press(parent, ask, 'Да, отвязать', (m) => !!m.text?.startsWith('Аккаунт отвязан'));
    expect(done.text).toMatch(/^Аккаунт отвязан/);
    expect((await say(parent, '/settings')).text).toMatch(/^Ваш аккаунт не привязан/);
  });

  it('a compromise report ends access', async () => {
    const other = parent + 3;
    const consent = await say(other, `/start ${parents[1].code}`);
    await press(other, consent, 'Согласен', (m) => !!m.text?.startsWith('Готово!'));
    const ask = await say(other, '/compromised');
    const done = await press(other, ask, 'Да, закрыть доступ', (m) => !!m.text?.startsWith('Доступ закрыт'));
    expect(done.text).toMatch(/новый пригласительный код/);
    expect((await say(other, '/children')).text).toMatch(/^Ваш аккаунт не привязан/);
  });
});
