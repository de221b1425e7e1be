import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool } from './helpers/fixtures.js';
import { MaxHarness } from './helpers/max-harness.js';
import { MaxApi } from '../max/api/index.js';
import { startMaxPolling } from '../max/updates.js';
import { serveMaxWebhook } from '../max/start.js';
import { maxWebhookHandler } from '../max/webhook.js';
import { createMaxFront } from '../max/front.js';
import { memoryUpdateLedger } from '../db/stores/update-ledger.js';
import { postgresKeyValueStore } from '../db/stores/key-value.js';
import type { SessionData } from '../bot/context.js';
import { createLogger } from '../core/logger.js';
import { FileBridge } from '../max/file-bridge.js';
import { postgresMessengerFileStore } from '../db/stores/messenger-files.js';

let db: TestDb;
let h: MaxHarness;
const logger = createLogger('silent');

beforeAll(async () => {
  db = await createTestDb();
  await makeSchool(db.ds);
  h = await new MaxHarness(db.ds).start();
});
afterAll(async () => {
  await h.stop();
  await db.close();
});

const api = () => new MaxApi({ token: h.fake.token, apiRoot: h.fake.url });
const user = (id: number) => ({ user_id: id, first_name: `User${id}`, is_bot: false });

describe(`MAX updates in (${inject('pgMode')} PostgreSQL)`, () => {
  it('long polling answers a user and keeps the marker; stop() ends the long poll', async () => {
    const stored: number[] = [];
    const polling = await startMaxPolling(h.front, api(), logger, {
      timeoutSeconds: 5,
      markers: { read: () => Promise.resolve(undefined), write: (m) => Promise.resolve(void stored.push(m)) },
    });
    try {
      h.fake.userStarts(h.fake.addUser(user(8101)));
      // Answered, then the marker after the batch stored.
      await vi.waitFor(() => expect(stored.at(-1)).toBeGreaterThan(1), { timeout: 15_000 });
      expect(h.fake.sentToUser(8101).length).toBeGreaterThan(0);
    } finally {
      await polling.stop();
    }
  });

  it('a batch cut short by a crash is fetched again from the stored marker and answered once', async () => {
    // MAX (dev.max.ru/docs-api, GET /updates): passing a marker marks the updates before it read, so the
    // batch after the last stored marker comes again until a later marker is passed.
    let stored: number | undefined;
    const markers = {
      read: () => Promise.resolve(stored),
      write: (m: number) => Promise.resolve(void (stored = m)),
    };
    const first = await startMaxPolling(h.front, api(), logger, { timeoutSeconds: 5, markers });
    h.fake.userStarts(h.fake.addUser(user(8103)));
    await vi.waitFor(() => expect(h.fake.sentToUser(8103).length).toBeGreaterThan(0), { timeout: 15_000 });
    await vi.waitFor(() => expect(stored).toBeDefined(), { timeout: 15_000 });
    await first.stop();
    const before = stored;
    const answered = h.fake.sentToUser(8103).length;

    // The process dies while handling the next batch: its updates never finish, its marker is never stored.
    const dying = { ...h.front, handle: () => new Promise<void>(() => {}) };
    void startMaxPolling(dying, api(), logger, { timeoutSeconds: 5, markers });
    const fetched = h.fake.calls.length;
    h.fake.userStarts(h.fake.addUser(user(8104)));
    await vi.waitFor(() => expect(h.fake.calls.slice(fetched).some((c) => c.path === '/updates')).toBe(true));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.sentToUser(8104)).toEqual([]);
    expect(stored).toBe(before);

    // Restarted from the stored marker: the cut batch comes again, is answered once; nothing else repeats.
    const again = await startMaxPolling(h.front, api(), logger, { timeoutSeconds: 5, markers });
    try {
      await vi.waitFor(() => expect(h.fake.sentToUser(8104).length).toBeGreaterThan(0), { timeout: 15_000 });
      await vi.waitFor(() => expect(stored).toBeGreaterThan(before!), { timeout: 15_000 });
      const once = h.fake.sentToUser(8104).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(h.fake.sentToUser(8104).length).toBe(once);
      expect(h.fake.sentToUser(8103).length).toBe(answered);
    } finally {
      await again.stop();
    }
  });

  it('the webhook takes MAX updates with the right secret only, and handles a copy once', async () => {
    const secret = 'max-webhook-secret';
    const closers: (() => Promise<unknown>)[] = [];
    // The front as app.ts builds it: with the update ledger, so a copy MAX delivers again is skipped.
    const front = await createMaxFront({
      token: h.fake.token,
      api: api(),
      services: h.services,
      logger,
      sessionStorage: postgresKeyValueStore<SessionData>(db.ds),
      updateDedupe: memoryUpdateLedger(),
      files: new FileBridge({ store: postgresMessengerFileStore(db.ds), logger }),
    });
    const port = await serveMaxWebhook(0, maxWebhookHandler(front, secret, logger), logger, closers);
    try {
      const post = (body: unknown, s = secret) =>
        fetch(`http://127.0.0.1:${port}/max`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-max-bot-api-secret': s },
          body: JSON.stringify(body),
        });
      const update = {
        update_type: 'message_created',
        timestamp: Date.now(),
        message: {
          sender: user(8102),
          recipient: { chat_id: 99, chat_type: 'dialog' },
          timestamp: Date.now(),
          body: { mid: 'mid.webhook.1', text: '/start' },
        },
      };
      expect((await post(update, 'wrong')).status).toBe(401);
      expect((await post({ nonsense: true })).status).toBe(400);
      expect((await post({ update_type: 'user_added', timestamp: 1 })).status).toBe(200);
      expect((await post(update)).status).toBe(200);
      const answered = h.fake.sentToUser(8102).length;
      expect(answered).toBeGreaterThan(0);
      expect((await post(update)).status).toBe(200);
      expect(h.fake.sentToUser(8102).length).toBe(answered);
      // A user's photo: its download address is kept before the update is answered (for a copy to Telegram).
      const photo = { type: 'image', payload: { photo_id: 1, token: 'tok-webhook', url: 'https://i.max.example/p/1' } };
      const withPhoto = {
        ...update,
        message: { ...update.message, body: { mid: 'mid.webhook.2', attachments: [photo] } },
      };
      expect((await post(withPhoto)).status).toBe(200);
      expect(await db.ds.query(`SELECT "fileId", "maxUrl" FROM messenger_file`)).toEqual([
        { fileId: 'max:tok-webhook', maxUrl: 'https://i.max.example/p/1' },
      ]);
      // Two photos in one message: the first is taken, the user told of the other.
      const second = {
        type: 'image',
        payload: { photo_id: 2, token: 'tok-webhook-2', url: 'https://i.max.example/p/2' },
      };
      const twoPhotos = {
        ...update,
        message: { ...update.message, body: { mid: 'mid.webhook.3', attachments: [photo, second] } },
      };
      expect((await post(twoPhotos)).status).toBe(200);
      // Told after the answer to MAX, so it comes a moment after the 200.
      await vi.waitFor(() => expect(h.fake.sentToUser(8102).at(-1)?.text).toMatch(/^📎/));
      expect(h.fake.sentToUser(8102).at(-1)?.text).toBe(
        '📎 Из сообщения взят только первый файл. Ещё 1 не сохранён: если он нужен, пришлите его отдельным сообщением.',
      );
    } finally {
      for (const c of closers) await c();
    }
  });
});
