import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxLaunchUrl, signLaunchData, signMaxLaunchData } from '../cli/demo/launch.js';
import { manualClock } from '../core/clock.js';
import { deepLink } from '../core/desk/cards.js';
import { createLogger } from '../core/logger.js';
import { createWebApp } from '../web/server/index.js';
import { listen, webappDir } from '../web/server/serve.js';
import { getRequestListener } from '@hono/node-server';
import { createTestDb, type TestDb } from './helpers/db.js';
import { attachPdf, makeDiarySchool, NOW, type DiarySchool } from './helpers/diary.js';
import { issue } from './helpers/linking.js';
import { MAX_BOT_INFO, MaxHarness, maxButtons } from './helpers/max-harness.js';
import { hasChromium, launchChromium } from './helpers/webapp-browser.js';

/**
 * The Mini App opened from MAX (issue 20): MAX's chat offers it with `open_app` buttons (MAX opens the
 * bot's app and signs the launch data with the bot's token), and the API takes MAX's launch data under
 * the `max` scheme for the MAX account — the same profile and policy as MAX's chat.
 */
const TG_TOKEN = '123456:telegram-token-for-the-max-webapp-test';
const MAX_TOKEN = 'max-webapp-token-0123456789';
const APP = 'https://school.example.test/app/';
const PARENT = 8001;

let db: TestDb;
let f: DiarySchool;
let h: MaxHarness;
let app: Hono;
/** What the Mini App asked each messenger's chat to send: [messenger, chat id, file name]. */
const sent: [string, number, string][] = [];
/** The person has blocked the bot (or never started it): the messenger refuses every send. */
let blocked = false;
const refusal = () => Promise.reject(new Error('403: the bot was blocked by the user'));
const recorder = (messenger: string) => ({
  sendDocument: (chatId: number, fileId: string) =>
    blocked ? refusal() : Promise.resolve(void sent.push([messenger, chatId, fileId])),
  sendFile: (chatId: number, file: { fileName: string }) =>
    blocked
      ? refusal()
      : Promise.resolve(void sent.push([messenger, chatId, file.fileName])).then(() => `${messenger}-file`),
});

const who = (id: number) => ({ id, firstName: `U${id}` });

async function call(authorization: string, path: string) {
  const res = await app.request(`/app/api/${path}`, { headers: { authorization } });
  return { status: res.status, body: await res.json() };
}
const asMax = (id: number, path: string, at = h.clock.now(), token = MAX_TOKEN) =>
  call(`max ${signMaxLaunchData(token, who(id), at)}`, path);

beforeAll(async () => {
  db = await createTestDb();
  f = await makeDiarySchool(db.ds);
  h = await new MaxHarness(db.ds, manualClock(NOW), { WEBAPP_URL: APP }).start();
  // The MAX parent links Анна with her code from the card's MAX link, agreeing to the consent.
  const code = await issue(
    db.ds,
    { schoolId: f.school.id, role: 'guardian', studentId: f.anna.id, guardianId: f.mother.id, now: h.clock.now() },
    h.hashKey,
  );
  const asked = await h.started(
    PARENT,
    new URL(deepLink(MAX_BOT_INFO.username, code, 'max')).searchParams.get('start')!,
  );
  const yes = maxButtons(asked).find((b) => b.text === 'Согласен') as { payload: string };
  await h.press(PARENT, yes.payload);
  app = createWebApp({
    services: h.services,
    botToken: TG_TOKEN,
    maxBotToken: MAX_TOKEN,
    logger: createLogger('silent'),
    staticDir: webappDir(),
    chat: recorder('telegram'),
    maxChat: recorder('max'),
  }) as unknown as Hono;
});
afterAll(async () => {
  await h.stop();
  await db.close();
});

describe("MAX's chat opens the Mini App as MAX opens mini apps", () => {
  it('/marks offers «📈 Успеваемость за четверть» as an open_app button of this bot, the screen in its payload', async () => {
    const calls = await h.send(PARENT, '/marks');
    const open = maxButtons(calls).find((b) => b.text === '📈 Успеваемость за четверть');
    const [period] = await db.ds.query(`SELECT id FROM period WHERE name = '2 четверть'`);
    expect(open).toEqual({
      type: 'open_app',
      text: '📈 Успеваемость за четверть',
      web_app: MAX_BOT_INFO.username,
      contact_id: MAX_BOT_INFO.id,
      payload: `term_student-${f.anna.id}_period-${period.id}`,
    });
    // The fake MAX API took the message with it (it refuses unknown fields and malformed open_app buttons).
    expect(calls.filter((c) => c.path === '/messages').every((c) => c.status === 200)).toBe(true);
    expect(maxButtons(calls).some((b) => b.type === 'link')).toBe(false);
  });

  it('the fake MAX API refuses an open_app button without web_app, with a URL, or with a payload MAX would not take', async () => {
    const send = (button: Record<string, unknown>) =>
      fetch(`${h.fake.url}/messages?user_id=${PARENT}`, {
        method: 'POST',
        headers: { authorization: h.fake.token, 'content-type': 'application/json' },
        body: JSON.stringify({
          text: 'x',
          attachments: [
            { type: 'inline_keyboard', payload: { buttons: [[{ type: 'open_app', text: 'App', ...button }]] } },
          ],
        }),
      });
    expect((await send({ web_app: 'dnevnik_max_bot', contact_id: 900001, payload: 'term_student-5' })).status).toBe(
      200,
    );
    expect((await send({ contact_id: 900001 })).status).toBe(400);
    expect((await send({ web_app: 'dnevnik_max_bot', url: APP })).status).toBe(400);
    expect((await send({ web_app: 'dnevnik_max_bot', payload: 'screen=term&student=5' })).status).toBe(400);
  });
});

describe("the API signs in MAX's launch data", () => {
  it("a MAX-linked parent sees her own child's term", async () => {
    const { status, body } = await asMax(PARENT, 'term');
    expect(status).toBe(200);
    expect(body.student).toEqual({ studentId: f.anna.id, name: 'Анна Иванова', className: '5А' });
    expect(body.subjects.map((s: any) => s.name)).toContain('Математика');
  });

  it('and gets «Нет доступа…» for another student', async () => {
    expect(await asMax(PARENT, `term?student=${f.boris.id}`)).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Нет доступа к этим данным.' },
    });
  });

  it('the same user id in Telegram is another person: not linked', async () => {
    const r = await call(`tma ${signLaunchData(TG_TOKEN, who(PARENT), h.clock.now())}`, 'term');
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('notLinked');
  });

  const UNAUTHORIZED = {
    status: 401,
    body: {
      error: 'unauthorized',
      message: 'Не удалось подтвердить вход. Закройте и откройте приложение из чата с ботом.',
    },
  };

  it('refuses a forged MAX signature', async () => {
    const raw = signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now());
    const forged = raw.replace(/hash=([0-9a-f])/, (_m, c: string) => `hash=${c === '0' ? '1' : '0'}`);
    expect(await call(`max ${forged}`, 'term')).toEqual(UNAUTHORIZED);
    // Another user put into well-signed data.
    const otherUser = raw.replace(encodeURIComponent(`"id":${PARENT}`), encodeURIComponent('"id":8002'));
    expect(otherUser).not.toBe(raw);
    expect(await call(`max ${otherUser}`, 'term')).toEqual(UNAUTHORIZED);
  });

  it("refuses Telegram's launch data under the max scheme, and MAX's under tma", async () => {
    expect(await call(`max ${signLaunchData(TG_TOKEN, who(PARENT), h.clock.now())}`, 'term')).toEqual(UNAUTHORIZED);
    expect(await call(`tma ${signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now())}`, 'term')).toEqual(UNAUTHORIZED);
  });

  it("refuses MAX's launch data signed with Telegram's token", async () => {
    expect(await asMax(PARENT, 'term', h.clock.now(), TG_TOKEN)).toEqual(UNAUTHORIZED);
  });

  it("refuses MAX's launch data older than WEBAPP_INIT_DATA_MAX_AGE_SECONDS by the product clock: expired", async () => {
    const old = new Date(h.clock.now().getTime() - 3601_000);
    expect(await asMax(PARENT, 'term', old)).toEqual({
      status: 401,
      body: { error: 'expired', message: 'Сеанс устарел. Закройте и откройте приложение из чата с ботом ещё раз.' },
    });
    expect((await asMax(PARENT, 'term', new Date(h.clock.now().getTime() - 3500_000))).status).toBe(200);
  });

  it("sends a homework file to the MAX chat, uploaded (Telegram's file id is not remembered from it)", async () => {
    const { attachmentId } = await attachPdf(db.ds, f.school.id, f.L.m1126.id);
    const askFile = () =>
      app.request('/app/api/term/homework-file', {
        method: 'POST',
        headers: {
          authorization: `max ${signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now())}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ attachmentId }),
      });
    const res = await askFile();
    expect(res.status).toBe(200);
    expect(sent).toEqual([['max', PARENT, 'задачи.pdf']]);
    const [row] = await db.ds.query(`SELECT "telegramFileId" FROM homework_attachment WHERE id = $1`, [attachmentId]);
    expect(row.telegramFileId).toBeNull();

    // A file Telegram holds (sent there once: core/term reads it by that id, not its content) goes by its
    // Telegram id, which MAX's front end carries over (max/file-bridge.ts, test/max-files.test.ts).
    await db.ds.query(`UPDATE homework_attachment SET "telegramFileId" = 'tg-doc-7' WHERE id = $1`, [attachmentId]);
    sent.length = 0;
    const again = await askFile();
    expect(again.status).toBe(200);
    expect(sent).toEqual([['max', PARENT, 'tg-doc-7']]);
  });

  it("a file the chat refuses (the bot blocked or never started): told to press MAX's «Начать», nothing sent", async () => {
    const { attachmentId } = await attachPdf(db.ds, f.school.id, f.L.m1126.id);
    sent.length = 0;
    blocked = true;
    try {
      const res = await app.request('/app/api/term/homework-file', {
        method: 'POST',
        headers: {
          authorization: `max ${signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now())}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ attachmentId }),
      });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 502,
        body: {
          error: 'notSent',
          message: 'Не удалось отправить файл: откройте чат с ботом, нажмите «Начать» и попробуйте ещё раз.',
        },
      });
      expect(sent).toEqual([]);
    } finally {
      blocked = false;
    }
  });

  it('takes no MAX launch data at all when MAX_BOT_TOKEN is not set', async () => {
    const tgOnly = createWebApp({
      services: h.services,
      botToken: TG_TOKEN,
      logger: createLogger('silent'),
      staticDir: webappDir(),
      chat: { sendDocument: () => Promise.resolve(), sendFile: () => Promise.resolve(null) },
    }) as unknown as Hono;
    const res = await tgOnly.request('/app/api/term', {
      headers: { authorization: `max ${signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now())}` },
    });
    expect(res.status).toBe(401);
  });
});

describe.skipIf(!hasChromium())('the page opened from MAX, in Chromium', () => {
  it("signs in with MAX's fragment under the max scheme and opens the screen the button's payload names", async () => {
    const serve = getRequestListener(app.fetch);
    const server = await listen((req, res) => void serve(req, res), 0, '127.0.0.1');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const initData = signMaxLaunchData(MAX_TOKEN, who(PARENT), h.clock.now(), `term_student-${f.anna.id}`);
      const term = page.waitForRequest((r) => new URL(r.url()).pathname === '/app/api/term', { timeout: 20_000 });
      await page.goto(maxLaunchUrl(`http://127.0.0.1:${server.port}/app/`, initData));
      expect((await term).headers().authorization).toBe(`max ${initData}`);
      await page.getByText('Математика').first().waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).searchParams.get('screen')).toBe('term');
      expect(new URL(page.url()).searchParams.get('student')).toBe(String(f.anna.id));
      // MAX documents no theme: the page stays light.
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
