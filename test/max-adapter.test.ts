import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PARENT_MENU } from './helpers/screen.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { issue } from './helpers/linking.js';
import { MAX_BOT_INFO, MaxHarness, maxButtons, maxTexts } from './helpers/max-harness.js';
import { deepLink } from '../core/desk/cards.js';
import { InputFile } from 'grammy';
import { maxFilesOf, translateUpdate } from '../max/inbound.js';
import { MessageIds } from '../max/message-ids.js';
import { fitKeyboard, TEXT_MAX } from '../max/limits.js';
import { hashAccount } from '../core/linking/codes.js';
import { createLogger } from '../core/logger.js';

let db: TestDb;
let f: SchoolFixture;
let h: MaxHarness;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  h = await new MaxHarness(db.ds).start();
});
afterAll(async () => {
  await h.stop();
  await db.close();
});

const guardianOfAnna = () => ({
  schoolId: f.school.id,
  role: 'guardian' as const,
  studentId: f.anna.id,
  guardianId: f.mother.id,
});

describe(`the MAX front end (${inject('pgMode')} PostgreSQL)`, () => {
  it("links a parent from the deep link with consent: the link is MAX's, the same id in Telegram is someone else", async () => {
    const code = await issue(db.ds, guardianOfAnna(), h.hashKey);
    // The invitation card's QR for MAX: https://max.ru/<bot>?start=<code>, the code's payload as MAX passes it.
    const card = deepLink(MAX_BOT_INFO.username, code, 'max');
    expect(card).toBe(`https://max.ru/dnevnik_max_bot?start=${code.replace(/-/g, '')}`);
    const asked = await h.started(7001, new URL(card).searchParams.get('start')!);
    expect(asked[0]).toMatchObject({ method: 'POST', path: '/messages', query: { user_id: '7001' }, status: 200 });
    expect(maxTexts(asked).join('\n')).toMatch(/согласие/i);
    // 152-ФЗ: the consent names where the data are shown and whose id is kept — MAX here, not Telegram.
    expect(maxTexts(asked).join('\n')).toContain('Чтобы показывать в MAX отметки');
    expect(maxTexts(asked).join('\n')).toContain('ваш идентификатор MAX (Федеральный закон');
    expect(maxTexts(asked).join('\n')).not.toContain('Telegram');
    const yes = maxButtons(asked).find((b) => b.text === 'Согласен');
    expect(yes).toMatchObject({ type: 'callback' });
    const done = await h.press(7001, (yes as { payload: string }).payload);
    // The consent question loses its buttons (PUT on the pressed message), then the welcome and the menu.
    expect(done.find((c) => c.method === 'PUT')).toMatchObject({
      path: '/messages',
      status: 200,
      body: { attachments: [] },
    });
    expect(h.fake.sentToUser(7001).find((m) => /согласие/i.test(m.text ?? ''))?.attachments).toEqual([]);
    expect(maxTexts(done).join('\n')).toContain('Анна');
    const [link] = await db.ds.query(
      `SELECT messenger, "telegramUserId", "chatId", "accountHash" FROM link WHERE "revokedAt" IS NULL AND "telegramUserId" = 7001`,
    );
    expect(link).toMatchObject({ messenger: 'max', telegramUserId: '7001', chatId: '7001' });
    expect(link.accountHash).toBe(hashAccount(7001, h.hashKey, 'max'));
    expect(link.accountHash).not.toBe(hashAccount(7001, h.hashKey));
    expect((await h.services.access.profile(7001, 'max')).children.map((c) => c.firstName)).toEqual(['Анна']);
    expect((await h.services.access.profile(7001)).links).toEqual([]);
  });

  it('answers a /command typed in MAX with the same texts, and the main menu as message buttons', async () => {
    const calls = await h.send(7001, '/start');
    // MAX has no menu at the bottom of the screen: the text points to the buttons under it.
    expect(maxTexts(calls)).toEqual(['С возвращением! Все разделы — на кнопках под этим сообщением.']);
    expect(maxButtons(calls).map((b) => [b.type, b.text])).toEqual(PARENT_MENU.map((text) => ['message', text]));
  });

  it('a message nobody takes: the answer carries the menu it points to (in MAX a menu is buttons under a message)', async () => {
    const calls = await h.send(7001, 'привет');
    expect(maxTexts(calls)).toEqual([
      'Не понял сообщение. Выберите раздел кнопкой под этим сообщением или отправьте /help.',
    ]);
    expect(maxButtons(calls).map((b) => b.text)).toContain('📒 Отметки');
  });

  it('refuses a forged button payload as the Telegram bot does (a notification, no data)', async () => {
    const calls = await h.press(7001, 'ch:99999999');
    const answer = calls.find((c) => c.path === '/answers');
    expect(answer?.body).toEqual({ notification: 'Это действие недоступно. Откройте меню заново — /start.' });
  });

  it('an edit of a message MAX never named to this process fails as Telegram\'s "not found"', async () => {
    await expect(h.front.bot.api.editMessageText(7001, 123456, 'x')).rejects.toThrow(/message to edit not found/);
  });

  it("a text over MAX's limit is refused before it is sent; a long row of buttons is re-flowed", async () => {
    const before = h.calls.length;
    await expect(h.front.bot.api.sendMessage(7001, 'я'.repeat(TEXT_MAX + 1))).rejects.toThrow(/MAX limit exceeded/);
    expect(h.calls.length).toBe(before);
    const row = Array.from({ length: 9 }, (_, i) => ({ type: 'callback', text: `${i}`, payload: `p${i}` }));
    expect(fitKeyboard([row]).map((r) => r.length)).toEqual([7, 2]);
    expect(() => fitKeyboard(Array.from({ length: 31 }, () => [row[0]]))).toThrow(/31 keyboard rows/);
  });
});

describe(`files through MAX (${inject('pgMode')} PostgreSQL)`, () => {
  it('a document is uploaded and sent with its caption; its "max:<token>" id sends it again', async () => {
    const sent = await h.front.bot.api.sendDocument(7001, new InputFile(Buffer.from('%PDF-1.4'), 'справка.pdf'), {
      caption: 'Справка',
    });
    expect(sent.document?.file_id).toMatch(/^max:tok-/);
    await h.front.bot.api.sendDocument(7001, sent.document.file_id, { caption: 'Ещё раз' });
    const files = h.fake
      .sentToUser(7001)
      .slice(-2)
      .map((m) => [m.text, m.attachments[0]?.payload?.token]);
    expect(files).toEqual([
      ['Справка', sent.document.file_id.slice(4)],
      ['Ещё раз', sent.document.file_id.slice(4)],
    ]);
  });
});

describe('MAX updates as Telegram updates', () => {
  const me = { id: 1, is_bot: true as const, first_name: 'Бот' };
  const c = { me, ids: new MessageIds(), logger: createLogger('silent') };
  const message = (chatType: 'dialog' | 'chat', text: string, mid = 'mid.a') => ({
    update_type: 'message_created',
    timestamp: 1_700_000_000_000,
    message: {
      sender: { user_id: 55, first_name: 'Иван' },
      recipient: { chat_id: chatType === 'dialog' ? 9 : -77, chat_type: chatType },
      timestamp: 1_700_000_000_000,
      body: { mid, text },
    },
  });

  const withAttachment = (text: string, attachment: { type: string } & Record<string, unknown>) => {
    const m = message('dialog', text, `mid.f${Math.random()}`);
    return { ...m, message: { ...m.message, body: { ...m.message.body, attachments: [attachment] } } };
  };

  it('a dialog message is a private message of the user (chat id = user id), a command gets its entity', () => {
    const u = translateUpdate(message('dialog', '/help me'), c)!;
    expect(u.message).toMatchObject({ chat: { id: 55, type: 'private' }, from: { id: 55 }, text: '/help me' });
    expect(u.message!.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);
    expect(c.ids.midOf(u.message!.message_id)).toBe('mid.a');
  });

  it('a group chat message keeps the chat id; the same MAX update twice has the same update id', () => {
    const a = translateUpdate(message('chat', '/homework', 'mid.g'), c)!;
    const b = translateUpdate(message('chat', '/homework', 'mid.g'), c)!;
    expect(a.message!.chat).toMatchObject({ id: -77, type: 'group' });
    expect(a.update_id).toBe(b.update_id);
    expect(Number.isSafeInteger(a.update_id)).toBe(true);
  });

  it('an image with words is a photo with its caption, its file id "max:<token>"', () => {
    const u = translateUpdate(
      withAttachment('Справка от врача', {
        type: 'image',
        payload: { photo_id: 42, token: 'tok-img', url: 'https://x/i' },
      }),
      c,
    )!;
    expect(u.message).toMatchObject({
      chat: { id: 55, type: 'private' },
      caption: 'Справка от врача',
      photo: [{ file_id: 'max:tok-img', file_unique_id: '42', width: 0, height: 0 }],
    });
    expect(u.message!.text).toBeUndefined();
    expect(
      maxFilesOf(
        withAttachment('', { type: 'image', payload: { photo_id: 42, token: 'tok-img', url: 'https://x/i' } }),
      ),
    ).toEqual([{ fileId: 'max:tok-img', url: 'https://x/i', fileName: null }]);
  });

  it('a file is a document with its name, size and type (a PDF is application/pdf); no words, no caption', () => {
    const file = {
      type: 'file',
      payload: { fileId: 77, token: 'tok-pdf', url: 'https://x/f' },
      filename: 'Справка.PDF',
      size: 12345,
    };
    const u = translateUpdate(withAttachment('', file), c)!;
    expect(u.message!.document).toEqual({
      file_id: 'max:tok-pdf',
      file_unique_id: '77',
      file_name: 'Справка.PDF',
      file_size: 12345,
      mime_type: 'application/pdf',
    });
    expect(u.message!.caption).toBeUndefined();
    expect(u.message!.text).toBeUndefined();
    expect(maxFilesOf(withAttachment('', file))).toEqual([
      { fileId: 'max:tok-pdf', url: 'https://x/f', fileName: 'Справка.PDF' },
    ]);
    // A sticker or a location is not a file the diary takes: the message stays text.
    const sticker = translateUpdate(withAttachment('привет', { type: 'sticker', payload: { code: 's' } }), c)!;
    expect(sticker.message).toMatchObject({ text: 'привет' });
    expect(sticker.message!.photo).toBeUndefined();
  });

  it('bot_started with a payload is /start <payload>; bot_stopped is the user blocking the bot; the rest is ignored', () => {
    const s = translateUpdate(
      { update_type: 'bot_started', timestamp: 1, chat_id: 9, user: { user_id: 55 }, payload: 'ABCD' },
      c,
    )!;
    expect(s.message).toMatchObject({ chat: { id: 55, type: 'private' }, text: '/start ABCD' });
    const stop = translateUpdate({ update_type: 'bot_stopped', timestamp: 2, chat_id: 9, user: { user_id: 55 } }, c)!;
    expect(stop.my_chat_member).toMatchObject({ chat: { id: 55 }, new_chat_member: { status: 'kicked' } });
    expect(translateUpdate({ update_type: 'user_added', timestamp: 3, chat_id: -77 }, c)).toBeNull();
    expect(translateUpdate({ update_type: 'message_edited', timestamp: 3 }, c)).toBeNull();
  });
});
