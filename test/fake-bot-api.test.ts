import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot, GrammyError, HttpError, InputFile } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { parseMultipart } from './support/fake-bot-api/multipart.js';
import { htmlToPlain } from './support/fake-bot-api/telegram-html.js';

const TOKEN = '123456:TEST-fake-bot-api-token-0000';
let fake: FakeBotApi;
let bot: Bot;

beforeAll(async () => {
  fake = new FakeBotApi({ token: TOKEN, bot: { first_name: 'Test', username: 'test_bot' } });
  await fake.start();
  bot = new Bot(TOKEN, { client: { apiRoot: fake.url } });
  await bot.init();
});
afterAll(() => fake.stop());
afterEach(async () => {
  fake.clearFailures();
  // Each test starts with no updates waiting.
  await bot.api.deleteWebhook({ drop_pending_updates: true });
});

const raw = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${fake.url}${path}`, init);
  return { status: res.status, body: await res.json() };
};

describe('fake Bot API: the protocol', () => {
  it('answers getMe with the configured bot, 401 for another token, 404 for an unknown method', async () => {
    expect(bot.botInfo).toMatchObject({ id: 123456, is_bot: true, username: 'test_bot' });
    expect(await raw('/bot123456:WRONG/getMe')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(await raw(`/bot${TOKEN}/sendSticker`)).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
    });
    expect((await raw(`/bot${TOKEN}/GETME`)).body.result.username).toBe('test_bot');
  });

  it('reads GET query strings and urlencoded bodies, numbers and JSON fields included', async () => {
    fake.injectMessage(501, 'hi');
    const get = await raw(`/bot${TOKEN}/sendMessage?chat_id=501&text=from%20get`);
    expect(get.body).toMatchObject({ ok: true, result: { chat: { id: 501 }, text: 'from get' } });
    const form = await raw(`/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '501',
        text: 'form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      }),
    });
    expect(form.body.result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'sendMessage', params: { chat_id: 501, text: 'form' } });
  });

  it('long-polls: a waiting getUpdates returns as soon as an update is injected, offset confirms', async () => {
    const t0 = Date.now();
    const waiting = bot.api.getUpdates({ timeout: 10 });
    setTimeout(() => fake.injectMessage(601, '/start'), 150);
    const [u] = await waiting;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(u.message).toMatchObject({
      text: '/start',
      chat: { id: 601, type: 'private' },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
    // Not confirmed yet: the same update again.
    expect((await bot.api.getUpdates({ timeout: 0 })).map((x) => x.update_id)).toContain(u.update_id);
    // offset = last + 1 confirms it.
    expect(await bot.api.getUpdates({ offset: u.update_id + 1, timeout: 0 })).toEqual([]);
    expect(fake.pendingUpdates).toBe(0);
    // limit
    fake.injectMessage(601, 'a');
    fake.injectMessage(601, 'b');
    const one = await bot.api.getUpdates({ limit: 1, timeout: 0 });
    expect(one.map((x) => x.message?.text)).toEqual(['a']);
  });

  it('an empty long poll waits its timeout; a second poller ends the first with 409', async () => {
    const t0 = Date.now();
    expect(await bot.api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const first = bot.api.getUpdates({ timeout: 5 }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    const second = bot.api.getUpdates({ timeout: 1 });
    const err = await first;
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(409);
    expect(await second).toEqual([]);
  });

  it('keeps chat history: HTML rendered to plain text, edits applied in place, deletes', async () => {
    fake.injectMessage(701, '/start');
    const sent = await bot.api.sendMessage(701, '<b>Отметки</b> &amp; ДЗ', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Дальше', callback_data: 'next' }]] },
    });
    expect(sent.text).toBe('Отметки & ДЗ');
    const [mine, theirs] = fake.messagesFor(701);
    expect(mine).toMatchObject({ fromBot: false, text: '/start', messageId: 1 });
    expect(theirs).toMatchObject({
      fromBot: true,
      text: 'Отметки & ДЗ',
      rawText: '<b>Отметки</b> &amp; ДЗ',
      messageId: 2,
    });
    expect(theirs.inlineKeyboard).toEqual([[{ text: 'Дальше', callback_data: 'next' }]]);

    const edited = await bot.api.editMessageText(701, sent.message_id, 'Страница 2', {
      reply_markup: { inline_keyboard: [[{ text: 'Назад', callback_data: 'prev' }]] },
    });
    expect(edited).toMatchObject({ text: 'Страница 2', edit_date: expect.any(Number) });
    expect(fake.botMessagesFor(701)).toHaveLength(1);
    expect(fake.botMessagesFor(701)[0]).toMatchObject({ text: 'Страница 2', editCount: 1 });
    // The same content again is refused, as Telegram does.
    await expect(
      bot.api.editMessageText(701, sent.message_id, 'Страница 2', {
        reply_markup: { inline_keyboard: [[{ text: 'Назад', callback_data: 'prev' }]] },
      }),
    ).rejects.toThrow(/message is not modified/);
    // An edit without reply_markup drops the inline keyboard.
    await bot.api.editMessageText(701, sent.message_id, 'Без кнопок');
    expect(fake.botMessagesFor(701)[0].inlineKeyboard).toBeUndefined();
    await bot.api.editMessageReplyMarkup(701, sent.message_id, {
      reply_markup: { inline_keyboard: [[{ text: 'X', callback_data: 'x' }]] },
    });
    expect(fake.botMessagesFor(701)[0].inlineKeyboard).toEqual([[{ text: 'X', callback_data: 'x' }]]);
    await bot.api.deleteMessage(701, sent.message_id);
    expect(fake.botMessagesFor(701)).toEqual([]);
    await expect(bot.api.deleteMessage(701, sent.message_id)).rejects.toThrow(/message to delete not found/);
    await expect(bot.api.editMessageText(701, 1, 'x')).rejects.toThrow(/message can't be edited/);
  });

  it('refuses what Telegram refuses: bad HTML, empty and long texts, long callback data, unknown chats', async () => {
    fake.injectMessage(702, 'hi');
    await expect(bot.api.sendMessage(702, 'a<br>b', { parse_mode: 'HTML' })).rejects.toThrow(
      /can't parse entities: Unsupported start tag "br"/,
    );
    await expect(bot.api.sendMessage(702, '<b>open', { parse_mode: 'HTML' })).rejects.toThrow(/Can't find end tag/);
    await expect(bot.api.sendMessage(702, '   ')).rejects.toThrow(/message text is empty/);
    await expect(bot.api.sendMessage(702, 'x'.repeat(4097))).rejects.toThrow(/message is too long/);
    await expect(
      bot.api.sendMessage(702, 'x', {
        reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'd'.repeat(65) }]] },
      }),
    ).rejects.toThrow(/BUTTON_DATA_INVALID/);
    await expect(bot.api.sendMessage(999_999, 'x')).rejects.toThrow(/chat not found/);
    fake.blockUser(702);
    const blocked = await bot.api.sendMessage(702, 'x').catch((e) => e);
    expect(blocked).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    fake.blockUser(702, false);
  });

  it('tracks reply keyboards per chat', async () => {
    fake.injectMessage(703, 'hi');
    await bot.api.sendMessage(703, 'Меню', {
      reply_markup: { keyboard: [[{ text: 'Отметки' }, { text: 'ДЗ' }]], resize_keyboard: true },
    });
    expect(fake.keyboardFor(703)).toEqual({ buttons: [['Отметки', 'ДЗ']], oneTime: false });
    await bot.api.sendMessage(703, 'Убрано', { reply_markup: { remove_keyboard: true } });
    expect(fake.keyboardFor(703)).toBeNull();
  });

  it('callback queries: a press sends the current message, one answer only', async () => {
    fake.injectMessage(704, 'hi');
    const m = await bot.api.sendMessage(704, 'Выберите', {
      reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] },
    });
    expect(() => fake.injectCallback(704, m.message_id, 'forged')).toThrow(/no button/);
    const { update, queryId } = fake.pressButton(704, m.message_id, 'Да');
    expect(update.callback_query).toMatchObject({
      data: 'yes',
      from: { id: 704 },
      message: { message_id: m.message_id, text: 'Выберите' },
    });
    await bot.api.answerCallbackQuery(queryId, { text: 'Готово' });
    expect(fake.callbackAnswers.at(-1)).toMatchObject({ queryId, chatId: 704, text: 'Готово', showAlert: false });
    await expect(bot.api.answerCallbackQuery(queryId)).rejects.toThrow(/query is too old/);
  });

  it('multipart uploads: sendDocument and sendPhoto record file names and sizes', async () => {
    fake.injectMessage(705, 'hi');
    const doc = await bot.api.sendDocument(705, new InputFile(Buffer.from('a;b\n1;2\n'), 'marks.csv'), {
      caption: '<i>Сводная</i>',
      parse_mode: 'HTML',
    });
    expect(doc.document).toMatchObject({ file_name: 'marks.csv', file_size: 8 });
    expect(doc.caption).toBe('Сводная');
    const call = fake.calls.at(-1)!;
    expect(call.files).toMatchObject([{ param: 'document', filename: 'marks.csv', size: 8 }]);
    expect(call.files[0].data.toString()).toBe('a;b\n1;2\n');
    expect(call.params).toMatchObject({ chat_id: 705, caption: '<i>Сводная</i>' });
    const photo = await bot.api.sendPhoto(705, new InputFile(Buffer.alloc(1234)));
    expect(photo.photo?.[0].file_size).toBe(1234);
    expect(fake.botMessagesFor(705).map((m) => m.document?.file_name ?? (m.photo ? 'photo' : ''))).toEqual([
      'marks.csv',
      'photo',
    ]);
  });

  it('getFile and the file URL serve what the bot uploaded and what users sent; an unknown file_id is 400', async () => {
    fake.injectMessage(706, 'hi');
    const sent = await bot.api.sendDocument(706, new InputFile(Buffer.from('%PDF-1.4 x'), 'spravka.pdf'));
    const f = await bot.api.getFile(sent.document.file_id);
    expect(f).toMatchObject({ file_id: sent.document.file_id, file_size: 10 });
    const res = await fetch(`${fake.url}/file/bot${TOKEN}/${f.file_path}`);
    expect([res.status, Buffer.from(await res.arrayBuffer()).toString()]).toEqual([200, '%PDF-1.4 x']);
    // A user's photo: resent by its file_id, the chat shows its bytes.
    const photo = fake.userFile('photo', Buffer.from('jpeg-bytes')).photo![0];
    const p = await bot.api.getFile(photo.file_id);
    expect(Buffer.from(await (await fetch(`${fake.url}/file/bot${TOKEN}/${p.file_path}`)).arrayBuffer())).toEqual(
      Buffer.from('jpeg-bytes'),
    );
    await bot.api.sendPhoto(706, photo.file_id);
    expect(fake.botMessagesFor(706).at(-1)?.photo?.data).toEqual(Buffer.from('jpeg-bytes'));
    expect(await raw(`/bot${TOKEN}/getFile?file_id=nope`)).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
    });
    expect((await fetch(`${fake.url}/file/bot123456:WRONG/${f.file_path}`)).status).toBe(404);
    const big = fake.userFile('document', Buffer.alloc(20 * 1024 * 1024 + 1)).document!;
    await expect(bot.api.getFile(big.file_id)).rejects.toThrow('Bad Request: file is too big');
  });

  it('commands per scope and language, menu button, chat action, getChat, webhook info', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'Начать' }]);
    await bot.api.setMyCommands([{ command: 'marks', description: 'Отметки' }], {
      scope: { type: 'chat', chat_id: 706 },
    });
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    expect(await bot.api.getMyCommands({ scope: { type: 'chat', chat_id: 706 } })).toEqual([
      { command: 'marks', description: 'Отметки' },
    ]);
    expect(await bot.api.getMyCommands({ language_code: 'en' })).toEqual([]);
    await bot.api.deleteMyCommands({ scope: { type: 'chat', chat_id: 706 } });
    expect(fake.commandsFor({ type: 'chat', chat_id: 706 })).toEqual([]);
    await expect(bot.api.setMyCommands([{ command: 'Bad-Name', description: 'x' }])).rejects.toThrow(
      /BOT_COMMAND_INVALID/,
    );
    await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } });
    fake.addUser({ id: 706, first_name: 'Анна', username: 'anna' });
    fake.injectMessage(706, 'hi');
    expect(await bot.api.sendChatAction(706, 'typing')).toBe(true);
    expect(await bot.api.getChat(706)).toMatchObject({
      id: 706,
      type: 'private',
      first_name: 'Анна',
      username: 'anna',
    });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: expect.any(Number) });
  });
});

describe('fake Bot API: the Mini App', () => {
  it('takes web_app buttons and menu buttons to HTTPS (and, for the demo and tests, HTTP to 127.0.0.1) only', async () => {
    fake.injectMessage(707, 'hi');
    const button = (url: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'Журнал', web_app: { url } }]] } });
    const sent = await bot.api.sendMessage(707, 'Урок', button('https://school.example.test/app/?screen=grid'));
    expect(sent.reply_markup?.inline_keyboard[0][0]).toEqual({
      text: 'Журнал',
      web_app: { url: 'https://school.example.test/app/?screen=grid' },
    });
    await bot.api.sendMessage(707, 'Урок', button('http://127.0.0.1:8090/app/'));
    await expect(bot.api.sendMessage(707, 'Урок', button('http://school.example.test/app/'))).rejects.toThrow(
      /Web App URL 'http:\/\/school.example.test\/app\/' is invalid: Only HTTPS links are allowed/,
    );
    await expect(bot.api.sendMessage(707, 'Урок', button('not a url'))).rejects.toThrow(/Wrong HTTP URL/);

    const menu = { type: 'web_app' as const, text: 'Журнал', web_app: { url: 'https://school.example.test/app/' } };
    await bot.api.setChatMenuButton({ chat_id: 707, menu_button: menu });
    expect(fake.menuButtonFor(707)).toEqual(menu);
    expect(await bot.api.getChatMenuButton({ chat_id: 707 })).toEqual(menu);
    await expect(
      bot.api.setChatMenuButton({ chat_id: 707, menu_button: { ...menu, web_app: { url: 'http://example.test/' } } }),
    ).rejects.toThrow(/menu button Web App URL .* Only HTTPS links are allowed/);
    await expect(bot.api.setChatMenuButton({ chat_id: 707, menu_button: { ...menu, text: '' } })).rejects.toThrow(
      /menu button text is empty/,
    );
    await bot.api.setChatMenuButton({ chat_id: 707, menu_button: { type: 'default' } });
    expect(fake.menuButtonFor(707)).toEqual({ type: 'default' });
  });
});

describe('fake Bot API: failures on demand', () => {
  it('429 with retry_after, honoured by the auto-retry plugin', async () => {
    fake.injectMessage(801, 'hi');
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 });
    const err = await bot.api.sendMessage(801, 'x').catch((e) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });

    const retrying = new Bot(TOKEN, { client: { apiRoot: fake.url }, botInfo: bot.botInfo });
    retrying.api.config.use(autoRetry());
    fake.failNext('sendMessage', { code: 429, retryAfter: 1, times: 2 });
    const t0 = Date.now();
    await retrying.api.sendMessage(801, 'после паузы');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(
      fake.calls.filter((c) => c.method === 'sendMessage' && c.response && !c.response.ok).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('500 and dropped connections', async () => {
    fake.injectMessage(802, 'hi');
    fake.failNext('*', { code: 500 });
    await expect(bot.api.sendMessage(802, 'x')).rejects.toMatchObject({ error_code: 500 });
    fake.resetNext('sendMessage');
    await expect(bot.api.sendMessage(802, 'x')).rejects.toBeInstanceOf(HttpError);
    expect((await bot.api.sendMessage(802, 'ok')).text).toBe('ok');
  });
});

describe('fake Bot API with a real grammY bot', () => {
  let runner: RunnerHandle | undefined;
  afterAll(async () => {
    if (runner?.isRunning()) await runner.stop();
  });

  it('runner long polling: an injected message is answered, a button press too', async () => {
    const b = new Bot(TOKEN, { client: { apiRoot: fake.url } });
    b.command('start', (ctx) =>
      ctx.reply('Привет!', { reply_markup: { inline_keyboard: [[{ text: 'Ещё', callback_data: 'more' }]] } }),
    );
    b.callbackQuery('more', async (ctx) => {
      await ctx.answerCallbackQuery('ок');
      await ctx.editMessageText('Ещё привет!');
    });
    await b.init();
    runner = run(b);
    fake.injectMessage(901, '/start');
    const hello = await fake.waitForMessage(901, (m) => m.text === 'Привет!', 5000);
    fake.pressButton(901, hello.messageId, 'Ещё');
    await fake.waitForCall((c) => c.method === 'editMessageText' && c.params.chat_id === 901, 5000);
    expect(fake.botMessagesFor(901)).toMatchObject([{ text: 'Ещё привет!', editCount: 1 }]);
    expect(fake.callbackAnswers.at(-1)).toMatchObject({ chatId: 901, text: 'ок' });
    await runner.stop();
  });

  it('webhook: getUpdates is refused while a webhook is set; updates go to the loopback URL with the secret', async () => {
    const got: { secret: string | undefined; body: any }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({
          secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
          body: JSON.parse(body),
        });
        res.writeHead(got.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const hookFake = new FakeBotApi({ token: TOKEN, webhookRetryMs: 50 });
      await hookFake.start();
      try {
        const b = new Bot(TOKEN, { client: { apiRoot: hookFake.url } });
        await b.api.setWebhook(`http://127.0.0.1:${port}/telegram`, { secret_token: 'secret-secret-123' });
        await expect(b.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
        hookFake.injectMessage(902, '/start');
        for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
        // The first delivery failed (500) and was retried.
        expect(got).toHaveLength(2);
        expect(got[1]).toMatchObject({ secret: 'secret-secret-123', body: { message: { text: '/start' } } });
        expect(await b.api.getWebhookInfo()).toMatchObject({
          url: `http://127.0.0.1:${port}/telegram`,
          pending_update_count: 0,
          last_error_message: expect.stringContaining('500'),
        });
        await b.api.deleteWebhook();
        expect(await b.api.getUpdates({ timeout: 0 })).toEqual([]);
      } finally {
        await hookFake.stop();
      }
    } finally {
      server.close();
    }
  });
});

describe('multipart and HTML helpers', () => {
  it('parses quoted and unquoted names, binary content intact', () => {
    const bin = Buffer.from([0, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n42\r\n--XyZ\r\n'),
      Buffer.from(
        'Content-Disposition: form-data; name="f1"; filename=a b.pdf\r\nContent-Type: application/pdf\r\n\r\n',
      ),
      bin,
      Buffer.from('\r\n--XyZ--\r\n'),
    ]);
    const p = parseMultipart(body, 'XyZ');
    expect(p.fields).toEqual({ chat_id: '42' });
    expect(p.files).toMatchObject([{ field: 'f1', filename: 'a b.pdf', contentType: 'application/pdf', size: 6 }]);
    expect(p.files[0].data.equals(bin)).toBe(true);
  });

  it('HTML: Telegram tags and entities pass, others fail with a byte offset', () => {
    expect(htmlToPlain('<a href="https://x.ru/?a=1&amp;b=2">ссылка</a> &lt;5&gt; &#8470; &#x41; & ok')).toBe(
      'ссылка <5> № A & ok',
    );
    expect(() => htmlToPlain('Ж<p>')).toThrow('Unsupported start tag "p" at byte offset 2');
    expect(() => htmlToPlain('<b><i>x</b></i>')).toThrow(/Unmatched end tag/);
    expect(() => htmlToPlain('x</b>')).toThrow(/Unexpected end tag/);
    expect(htmlToPlain('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>')).toBe('st');
  });
});
