import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaxApi, MaxApiError } from '../max/api/index.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';

let fake: FakeMaxApi;
let api: MaxApi;
const parent = { user_id: 501, first_name: 'Ольга' };

beforeEach(async () => {
  fake = await new FakeMaxApi().start();
  api = new MaxApi({ token: fake.token, apiRoot: fake.url, attachmentRetryDelayMs: 0 });
});
afterEach(async () => {
  await fake.stop();
});

async function failure(p: Promise<unknown>): Promise<MaxApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MaxApiError);
  return e as MaxApiError;
}

describe('MAX API client against the fake', () => {
  it('reads the bot and refuses a wrong token with 401', async () => {
    expect((await api.getMe()).username).toBe('dnevnik_bot');
    const wrong = new MaxApi({ token: 'not-the-token', apiRoot: fake.url });
    const e = await failure(wrong.getMe());
    expect([e.status, e.code, e.isUnauthorized]).toEqual([401, 'verify.token', true]);
  });

  it('sends an HTML message with a keyboard to a user, edits and deletes it', async () => {
    const m = await api.sendMessage(
      { user_id: parent.user_id },
      {
        text: '<b>5</b> по алгебре',
        format: 'html',
        notify: false,
        attachments: [
          { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'Открыть', payload: 'd:1' }]] } },
        ],
      },
    );
    expect(m.body.mid).toMatch(/^mid\./);
    let [sent] = fake.sentToUser(parent.user_id);
    expect([sent.text, sent.format, sent.notify]).toEqual(['<b>5</b> по алгебре', 'html', false]);
    expect(sent.attachments[0].payload.buttons[0][0].text).toBe('Открыть');
    await api.editMessage(m.body.mid, { text: 'Исправлено', format: 'html' });
    [sent] = fake.sentToUser(parent.user_id);
    expect([sent.text, sent.edits, sent.attachments.length]).toEqual(['Исправлено', 1, 1]);
    await api.deleteMessage(m.body.mid);
    expect(fake.sentToUser(parent.user_id)).toEqual([]);
    expect((await failure(api.deleteMessage(m.body.mid))).status).toBe(404);
  });

  it('gets MAX refusals as typed errors: unknown field, long text, keyboard limits', async () => {
    const to = { chat_id: -77 };
    const bad = { text: 'x', parse_mode: 'HTML' } as unknown as Parameters<MaxApi['sendMessage']>[1];
    expect((await failure(api.sendMessage(to, bad))).status).toBe(400);
    expect((await failure(api.sendMessage(to, { text: 'я'.repeat(4001) }))).status).toBe(400);
    expect((await api.sendMessage(to, { text: 'я'.repeat(4000) })).body.mid).toBeTruthy();
    const row = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'callback' as const, text: `${i}`, payload: `${i}` }));
    const kb = (rows: number, perRow: number) => ({
      text: 'k',
      attachments: [
        { type: 'inline_keyboard' as const, payload: { buttons: Array.from({ length: rows }, () => row(perRow)) } },
      ],
    });
    expect((await failure(api.sendMessage(to, kb(1, 8)))).code).toBe('errors.maxButtonsInRow');
    expect((await failure(api.sendMessage(to, kb(31, 1)))).code).toBe('errors.maxRows');
    expect((await api.sendMessage(to, kb(30, 7))).body.mid).toBeTruthy();
    const links = [1, 2, 3, 4].map((i) => ({ type: 'link' as const, text: `${i}`, url: 'https://max.ru' }));
    const e = await failure(
      api.sendMessage(to, { text: 'l', attachments: [{ type: 'inline_keyboard', payload: { buttons: [links] } }] }),
    );
    expect(e.code).toBe('errors.maxButtonsInRow');
    expect(fake.sentToChat(-77).map((m) => m.text)).toEqual(['я'.repeat(4000), 'k']);
  });

  it('maps a blocked user to 403 and an unknown chat to 404 (chat gone)', async () => {
    fake.block(parent.user_id);
    const blocked = await failure(api.sendMessage({ user_id: parent.user_id }, { text: 'Оценка' }));
    expect([blocked.status, blocked.code, blocked.isChatGone]).toEqual([403, 'chat.denied', true]);
    const strict = await new FakeMaxApi({ strictRecipients: true }).start();
    try {
      const s = new MaxApi({ token: strict.token, apiRoot: strict.url });
      const missing = await failure(s.sendMessage({ chat_id: -5 }, { text: 'Оценка' }));
      expect([missing.status, missing.code, missing.isChatGone]).toEqual([404, 'not.found', true]);
      strict.addChat(-5);
      expect((await s.sendMessage({ chat_id: -5 }, { text: 'Оценка' })).recipient.chat_id).toBe(-5);
    } finally {
      await strict.stop();
    }
  });

  it('gets 429 beyond the rate, with Retry-After when MAX sends it', async () => {
    const limited = await new FakeMaxApi({ rps: 3 }).start();
    try {
      const l = new MaxApi({ token: limited.token, apiRoot: limited.url });
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((i) => l.sendMessage({ user_id: i }, { text: `${i}` })),
      );
      const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as MaxApiError);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(refused.map((e) => [e.status, e.code, e.isRateLimited])).toEqual([
        [429, 'too.many.requests', true],
        [429, 'too.many.requests', true],
      ]);
    } finally {
      await limited.stop();
    }
    fake.failNext({ route: 'POST /messages', status: 429, code: 'too.many.requests', retryAfter: 2 });
    const e = await failure(api.sendMessage({ user_id: 1 }, { text: 'x' }));
    expect([e.status, e.retryAfter]).toEqual([429, 2]);
  });

  it('long-polls updates with a marker: a message, a button press, Start with a payload', async () => {
    fake.userWrites(parent, '/start');
    let r = await api.getUpdates({ timeout: 0 });
    expect(r.updates.map((u) => u.update_type)).toEqual(['message_created']);
    const waiting = api.getUpdates({ marker: r.marker, timeout: 5 });
    const sent = await api.sendMessage(
      { user_id: parent.user_id },
      {
        text: 'Выберите',
        attachments: [
          { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'Да', payload: 'yes' }]] } },
        ],
      },
    );
    const callbackId = fake.userPresses(parent, sent.body.mid, 'yes');
    r = await waiting;
    const cb = r.updates[0] as unknown as { callback: { payload: string; callback_id: string } };
    expect([r.updates[0].update_type, cb.callback.payload]).toEqual(['message_callback', 'yes']);
    await api.answerCallback(callbackId, { notification: 'Готово' });
    expect(fake.callbackAnswers.map((a) => a.notification)).toEqual(['Готово']);
    fake.userStarts(parent, 'inv-ABC123');
    r = await api.getUpdates({ marker: r.marker, timeout: 0, types: ['bot_started'] });
    expect(r.updates).toMatchObject([{ update_type: 'bot_started', payload: 'inv-ABC123', user: { user_id: 501 } }]);
    // Committed updates do not come again.
    expect((await api.getUpdates({ marker: r.marker, timeout: 0 })).updates).toEqual([]);
  });

  it('delivers updates to a webhook with the secret header once subscribed', async () => {
    const got: { secret: unknown; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ secret: req.headers['x-max-bot-api-secret'], body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/max`;
    try {
      await api.subscribe({ url, secret: 'hook_secret-1', update_types: ['bot_started'] });
      expect((await failure(api.getUpdates({ timeout: 0 }))).status).toBe(405);
      fake.userWrites(parent, 'не нужно');
      fake.userStarts(parent, 'p1');
      await fake.updates.settle();
      expect(got.map((g) => [g.secret, (JSON.parse(g.body) as { payload: string }).payload])).toEqual([
        ['hook_secret-1', 'p1'],
      ]);
      await api.unsubscribe(url);
      fake.userStarts(parent, 'p2');
      expect((await api.getUpdates({ timeout: 0 })).updates).toMatchObject([{ payload: 'p2' }]);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });

  it('uploads a file and sends it, retrying while MAX still processes it', async () => {
    const slow = await new FakeMaxApi({ uploadsNotReadyOnce: true }).start();
    try {
      const s = new MaxApi({ token: slow.token, apiRoot: slow.url, attachmentRetryDelayMs: 0 });
      const attachment = await s.upload('file', new TextEncoder().encode('%PDF-1.4 табель'), 'tabel.pdf');
      expect(attachment.type).toBe('file');
      await s.sendMessage({ user_id: 9 }, { text: 'Табель', attachments: [attachment] });
      const [m] = slow.sentToUser(9);
      expect(m.attachments).toEqual([attachment]);
      expect([...slow.state.uploads.values()]).toMatchObject([
        { filename: 'tabel.pdf', size: Buffer.byteLength('%PDF-1.4 табель') },
      ]);
      expect(slow.calls.filter((c) => c.path === '/messages').map((c) => c.status)).toEqual([400, 200]);
      const forged = await failure(
        s.sendMessage({ user_id: 9 }, { text: 'x', attachments: [{ type: 'file', payload: { token: 'forged' } }] }),
      );
      expect(forged.status).toBe(400);
    } finally {
      await slow.stop();
    }
  });
});
