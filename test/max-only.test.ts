import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../app.js';
import { signLaunchData, signMaxLaunchData } from '../cli/demo/launch.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { freePort } from '../db/embedded.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';

/**
 * A school on MAX alone (issue 20): a process with MAX_BOT_TOKEN and no BOT_TOKEN serves the Mini App
 * too — beside MAX's webhook on WEBHOOK_PORT, or on its own port when polling — taking MAX's launch data
 * and refusing Telegram's (this process has no Telegram token to check it with).
 */
const MAX_TOKEN = 'max-only-token-0123456789abcdef';
const SECRET = 'max-only-webhook-secret';
const USER = { id: 9_100_001, firstName: 'Ирина' };
const logger = createLogger('silent');

let testDb: TestDb;
let fake: FakeMaxApi;

beforeAll(async () => {
  testDb = await createTestDb();
  fake = await new FakeMaxApi({ token: MAX_TOKEN }).start();
});
afterAll(async () => {
  await fake?.stop();
  await testDb?.close();
});

async function startMaxOnly(env: Record<string, string>): Promise<App> {
  const config = loadConfig({
    MAX_BOT_TOKEN: MAX_TOKEN,
    MAX_API_ROOT: fake.url,
    WEBAPP_URL: 'https://school.example.test/app/',
    RUN_JOBS: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const db = { dataSource: testDb.ds, url: testDb.url, embedded: false, close: () => Promise.resolve() };
  return startApp(config, { db, logger });
}

const api = (port: number, authorization: string) =>
  fetch(`http://127.0.0.1:${port}/app/api/me`, { headers: { authorization } });

/** The page, MAX's launch data (signature checked: an unlinked person is "not linked", not "unauthorized"), Telegram's refused. */
async function expectMiniApp(app: App, port: number) {
  const page = await fetch(`http://127.0.0.1:${port}/app/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Дневник</title>');
  // Signed now by the product's clock, which the API checks the age against.
  const now = app.clock.now();
  const max = await api(port, `max ${signMaxLaunchData(MAX_TOKEN, USER, now)}`);
  expect(max.status).toBe(403);
  expect((await max.json()).error).toBe('notLinked');
  const forged = await api(port, `max ${signMaxLaunchData('another-token-0123456789', USER, now)}`);
  expect(forged.status).toBe(401);
  const telegram = await api(port, `tma ${signLaunchData(MAX_TOKEN, USER, now)}`);
  expect(telegram.status).toBe(401);
}

describe('a process on MAX alone serves the Mini App', () => {
  it('beside the webhook (MAX_MODE=webhook): /app and POST /max on one port', async () => {
    const port = await freePort();
    const app = await startMaxOnly({
      MAX_MODE: 'webhook',
      MAX_WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(port),
    });
    try {
      expect(app.bot).toBeUndefined();
      expect(app.webhookPort).toBe(port);
      expect(app.webappPort).toBe(port);
      await expectMiniApp(app, port);
      const hook = await fetch(`http://127.0.0.1:${port}/max`, {
        method: 'POST',
        headers: { 'x-max-bot-api-secret': SECRET, 'content-type': 'application/json' },
        body: JSON.stringify({ update_type: 'message_edited', timestamp: Date.now() }),
      });
      expect(hook.status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('on its own port when polling (WEBAPP_PORT)', async () => {
    const port = await freePort();
    const app = await startMaxOnly({ MAX_MODE: 'polling', WEBAPP_PORT: String(port), WEBAPP_HOST: '127.0.0.1' });
    try {
      expect(app.webhookPort).toBeUndefined();
      expect(app.webappPort).toBe(port);
      await expectMiniApp(app, port);
    } finally {
      await app.stop();
    }
  });
});

describe('a process on both messengers in webhook mode', () => {
  it("serves Telegram's webhook at /telegram, MAX's at /max and the Mini App on one port; each answers in its own messenger", async () => {
    const TG_TOKEN = '123456:AAbothWebhooksToken0123456789abcdef';
    const TG_SECRET = 'both-webhooks-telegram-secret';
    const tg = new FakeBotApi({ token: TG_TOKEN, allowUnknownChats: true });
    await tg.start();
    const port = await freePort();
    const app = await startMaxOnly({
      BOT_TOKEN: TG_TOKEN,
      BOT_API_ROOT: tg.url,
      BOT_MODE: 'webhook',
      WEBHOOK_SECRET: TG_SECRET,
      MAX_MODE: 'webhook',
      MAX_WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(port),
    });
    try {
      expect([app.webhookPort, app.webappPort]).toEqual([port, port]);
      const post = (path: string, headers: Record<string, string>, body: unknown) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const now = Date.now();
      const maxStart = {
        update_type: 'message_created',
        timestamp: now,
        message: {
          sender: { user_id: 9_100_002, first_name: 'Ольга', is_bot: false },
          recipient: { chat_id: 77, chat_type: 'dialog' },
          timestamp: now,
          body: { mid: 'mid.both.1', text: '/start' },
        },
      };
      // Each secret opens its own messenger's door only.
      expect((await post('/max', { 'x-telegram-bot-api-secret-token': TG_SECRET }, maxStart)).status).toBe(401);
      expect((await post('/max', { 'x-max-bot-api-secret': SECRET }, maxStart)).status).toBe(200);
      const tgStart = {
        update_id: 700_001,
        message: {
          message_id: 1,
          date: Math.floor(now / 1000),
          text: '/start',
          chat: { id: 9_100_003, type: 'private', first_name: 'Пётр' },
          from: { id: 9_100_003, is_bot: false, first_name: 'Пётр' },
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      };
      expect((await post('/telegram', { 'x-max-bot-api-secret': SECRET }, tgStart)).status).toBe(401);
      expect((await post('/telegram', { 'x-telegram-bot-api-secret-token': TG_SECRET }, tgStart)).status).toBe(200);
      // The same welcome, each in its own messenger, none in the other.
      const maxWelcome = fake.sentToUser(9_100_002).map((m) => m.text);
      const tgWelcome = tg.botMessagesFor(9_100_003).map((m) => m.text);
      expect(maxWelcome).toHaveLength(1);
      expect(tgWelcome).toHaveLength(1);
      expect(maxWelcome[0]).toMatch(
        /^Здравствуйте! Это электронный дневник школы в MAX\.\n[^]*пришлите пригласительный код/,
      );
      expect(tgWelcome[0]).toMatch(
        /^Здравствуйте! Это электронный дневник школы в Telegram\.\n[^]*пришлите пригласительный код/,
      );
      expect(tg.botMessagesFor(9_100_002)).toEqual([]);
      expect(fake.sentToUser(9_100_003)).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/app/`)).status).toBe(200);
    } finally {
      await app.stop();
      await tg.stop();
    }
  });
});
