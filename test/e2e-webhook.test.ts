import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { freePort } from '../db/embedded.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned } from './helpers/processes.js';

/**
 * main.ts in webhook mode: Telegram (the fake) delivers to WEBHOOK_URL with the
 * secret header; requests without the secret are refused; a re-sent update is
 * answered once.
 */
const TOKEN = '123456:TEST-e2e-webhook-token-000000';
const SECRET = 'e2e-webhook-secret-0123456789';
const SERVER = !!process.env.DATABASE_URL;
const GREETING = 'Здравствуйте! Это электронный дневник школы в Telegram.';

let fake: FakeBotApi;
let testDb: TestDb | undefined;
let child: Spawned;
let hookUrl: string;
const data = tempDir('dnevnik-e2e-webhook-');
let nextUpdateId = randomInt(1_000_000, 1_000_000_000);

beforeAll(async () => {
  // Sends to chats the fake never saw are allowed: the tests POST updates straight to the bot.
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000), allowUnknownChats: true });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
  const port = await freePort();
  hookUrl = `http://127.0.0.1:${port}/telegram`;
  child = spawnApp('main.ts', {
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.url,
    BOT_MODE: 'webhook',
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_PORT: String(port),
    WEBHOOK_URL: hookUrl,
    DATA_DIR: data.dir,
    LOG_LEVEL: 'info',
    ...(SERVER
      ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
      : {}),
  });
  const exitedEarly = child.exited.then(({ code }) => {
    throw new Error(`main.ts exited with ${code}:\n${tail(child)}`);
  });
  // setWebhook comes after the server listens.
  await Promise.race([fake.waitForCall((c) => c.method === 'setWebhook', 90_000), exitedEarly]);
  console.log(
    `[e2e] webhook mode (${SERVER ? 'server' : 'embedded'}): setWebhook after ${Date.now() - child.startedAt} ms`,
  );
}, 120_000);

afterAll(async () => {
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
});

function startUpdate(userId: number, updateId = nextUpdateId++): Update {
  return {
    update_id: updateId,
    message: {
      message_id: randomInt(1, 1_000_000),
      date: Math.floor(Date.now() / 1000),
      text: '/start',
      chat: { id: userId, type: 'private', first_name: 'Тест' },
      from: { id: userId, is_bot: false, first_name: 'Тест', language_code: 'ru' },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

async function post(update: Update, secret?: string): Promise<number> {
  const res = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
  await res.text();
  return res.status;
}

const sendsTo = (userId: number) => fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === userId);
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe(`main.ts in webhook mode (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`, () => {
  it('registers the webhook with its secret and never polls', () => {
    const call = fake.calls.find((c) => c.method === 'setWebhook')!;
    expect(call.params).toMatchObject({ url: hookUrl, secret_token: SECRET });
    expect(fake.webhookUrl).toBe(hookUrl);
    expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('an update delivered by Telegram is answered in Russian', async () => {
    const user = randomInt(100_000_000, 900_000_000);
    const { message } = fake.injectMessage(user, '/start');
    const reply = await fake.waitForMessage(user, () => true, 30_000, message.messageId);
    expect(reply.text).toContain(GREETING);
    // Confirmed once the webhook answered 200 (just after the bot's reply).
    for (let i = 0; i < 50 && fake.pendingUpdates > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.pendingUpdates).toBe(0);
  });

  it('a POST with the right secret is answered', async () => {
    const user = randomInt(100_000_000, 900_000_000);
    expect(await post(startUpdate(user), SECRET)).toBe(200);
    const call = await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === user, 30_000);
    expect(call.params.text).toContain(GREETING);
  });

  it('a wrong or missing secret gets 401 and no answer is sent', async () => {
    const user = randomInt(100_000_000, 900_000_000);
    expect(await post(startUpdate(user), 'wrong-secret-0123456789')).toBe(401);
    expect(await post(startUpdate(user))).toBe(401);
    await settle();
    expect(sendsTo(user)).toEqual([]);
  });

  it('malformed JSON gets 400, a body over 1 MiB 413, and the process keeps serving', async () => {
    const raw = async (body: string) => {
      const res = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body,
      });
      await res.text();
      return res.status;
    };
    expect(await raw('{"update_id": 1, "message": ')).toBe(400);
    expect(await raw('[]')).toBe(400);
    expect(await raw(' '.repeat(2 * 1024 * 1024))).toBe(413);
    const user = randomInt(100_000_000, 900_000_000);
    expect(await post(startUpdate(user), SECRET)).toBe(200);
    const call = await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === user, 30_000);
    expect(call.params.text).toContain(GREETING);
    expect(child.isRunning()).toBe(true);
    expect(child.stdout()).toContain('webhook request refused');
  });

  it('the same update_id twice is answered once', async () => {
    const user = randomInt(100_000_000, 900_000_000);
    const update = startUpdate(user);
    expect(await post(update, SECRET)).toBe(200);
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === user, 30_000);
    expect(await post(update, SECRET)).toBe(200);
    await settle();
    expect(sendsTo(user)).toHaveLength(1);
  });

  it('exits 0 on SIGTERM', async () => {
    child.proc.kill('SIGTERM');
    const { code } = await exitWithin(child, 10_000);
    expect(code, tail(child)).toBe(0);
  }, 15_000);
});
