import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaxApi } from '../max/api/index.js';
import { maxSender } from '../jobs/notifications/max.js';
import type { MessageSender } from '../jobs/notifications/telegram.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';

let fake: FakeMaxApi;
let sender: MessageSender;

beforeEach(async () => {
  fake = await new FakeMaxApi().start();
  sender = maxSender(new MaxApi({ token: fake.token, apiRoot: fake.url }));
});
afterEach(async () => {
  await fake.stop();
});

describe("MAX's notification sender", () => {
  it('sends to a user by a positive id and to a group by a negative one, HTML with buttons as MAX keyboard', async () => {
    const extra = {
      buttons: [
        [{ text: 'Ознакомлен', data: 'ack:7' }],
        [{ text: 'Открыть чат', url: 'https://max.ru/dnevnik_bot?start=g1' }],
      ],
    };
    expect(await sender.send('501', '<b>Собрание</b> в пятницу', extra)).toEqual({ kind: 'sent', messageId: null });
    expect(await sender.send('-9001', 'Урок отменён')).toEqual({ kind: 'sent', messageId: null });
    const [m] = fake.sentToUser(501);
    expect([m.text, m.format, m.recipient]).toEqual(['<b>Собрание</b> в пятницу', 'html', { user_id: 501 }]);
    expect(m.attachments).toEqual([
      {
        type: 'inline_keyboard',
        payload: {
          buttons: [
            [{ type: 'callback', text: 'Ознакомлен', payload: 'ack:7' }],
            [{ type: 'link', text: 'Открыть чат', url: 'https://max.ru/dnevnik_bot?start=g1' }],
          ],
        },
      },
    ]);
    expect(fake.sentToChat(-9001).map((x) => [x.text, x.recipient])).toEqual([['Урок отменён', { chat_id: -9001 }]]);
    expect(fake.calls.filter((c) => c.path === '/messages').every((c) => c.query.disable_link_preview === 'true')).toBe(
      true,
    );
  });

  it('splits a text over 4,000 characters, buttons on the last part', async () => {
    const para = 'Домашнее задание по всем предметам. '.repeat(50);
    const text = Array.from({ length: 4 }, () => para).join('\n\n');
    expect(text.length).toBeGreaterThan(4000);
    await sender.send('77', text, { buttons: [[{ text: 'Ок', data: 'ok' }]] });
    const parts = fake.sentToUser(77);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => (p.text ?? '').length <= 4000)).toBe(true);
    expect(parts.map((p) => p.attachments.length)).toEqual([...parts.slice(1).map(() => 0), 1]);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
  });

  it('maps MAX errors: 429 → later, 403 → blocked, 404 → chat not found, 5xx → transient, 400 → permanent', async () => {
    fake.failNext({ route: 'POST /messages', status: 429, code: 'too.many.requests' });
    expect(await sender.send('1', 'x')).toMatchObject({ kind: 'retryAfter', seconds: 1 });
    fake.block(2);
    expect(await sender.send('2', 'x')).toEqual({ kind: 'blocked', reason: 'blocked' });
    fake.failNext({ route: 'POST /messages', status: 404, code: 'not.found', message: 'Chat not found' });
    expect(await sender.send('-3', 'x')).toEqual({ kind: 'blocked', reason: 'chatNotFound' });
    fake.failNext({ route: 'POST /messages', status: 503, code: 'service.unavailable' });
    expect(await sender.send('4', 'x')).toMatchObject({ kind: 'transient' });
    expect(await sender.send('5', 'x', { buttons: [[]] })).toMatchObject({
      kind: 'permanent',
    });
    expect(fake.allSent()).toEqual([]);
  });

  it('sends a MAX file again by its token; a Telegram file id goes as the text alone', async () => {
    await sender.send('8', 'Справка', { file: { kind: 'document', fileId: 'AgACAgIAAxkBAAIB' } });
    expect(fake.sentToUser(8).map((m) => [m.text, m.attachments])).toEqual([['Справка', []]]);
    const attachment = await new MaxApi({ token: fake.token, apiRoot: fake.url }).upload(
      'file',
      new TextEncoder().encode('%PDF'),
      'spravka.pdf',
    );
    const token = (attachment.payload as { token: string }).token;
    await sender.send('9', 'Справка', { file: { kind: 'document', fileId: `max:${token}` } });
    expect(fake.sentToUser(9)[0].attachments).toEqual([{ type: 'file', payload: { token } }]);
  });
});
