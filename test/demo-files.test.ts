import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Api, InputFile } from 'grammy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';
import { MaxApi } from '../max/api/index.js';
import { MaxChat } from '../cli/demo/max-chat.js';
import { Screen, TerminalChat } from '../cli/demo/terminal.js';
import { telegramChat } from '../cli/demo/chat-api.js';
import { loadDemoTexts } from '../cli/demo/texts.js';
import { tempDir } from './helpers/processes.js';

/** The terminal demo writes the files the bot sends (the term chart, printouts) where a person can open them. */
const TOKEN = '123:demo-files-test';
const USER = 7_700_001;
let fake: FakeBotApi;
let out = '';
const tmp = tempDir('dnevnik-demo-files-');
const dir = tmp.dir;

beforeAll(async () => {
  fake = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
  tmp.remove();
});

/** The demo's person playing here: a parent without a linked child. */
const PERSONA = {
  role: 'parent',
  code: 'X',
  name: 'Мама',
  student: null,
  class: null,
  userId: USER,
  firstName: 'М',
  lastName: 'И',
} as const;

/** A terminal screen whose output goes to `write` (no keyboard: the test drives the chat itself). */
function screenInto(write: (text: string) => void): Screen {
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => write(b.toString('utf8')));
  return new Screen(new PassThrough() as unknown as NodeJS.ReadStream, stdout as unknown as NodeJS.WriteStream);
}

it('a photo and a document the bot sends are written under the demo folder, their paths printed', async () => {
  const screen = screenInto((text) => (out += text));
  const chat = new TerminalChat(telegramChat(fake), screen, loadDemoTexts(), PERSONA, path.join(dir, 'demo-files'));
  fake.addUser({ id: USER, first_name: 'М', language_code: 'ru' });
  const api = new Api(TOKEN, { apiRoot: fake.url });
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
  await api.sendPhoto(USER, new InputFile(png, 'chart.png'));
  await api.sendDocument(USER, new InputFile(Buffer.from('%PDF-1.4 demo'), 'printout.pdf'));
  await new Promise((r) => setTimeout(r, 400));
  chat.detach();

  const shown = [...out.matchAll(/→ (\S+)/g)].map((m) => m[1]);
  expect(out).toMatch(/\[фотография, 20 байт\] → \S+photo\.png/);
  expect(out).toMatch(/\[файл printout\.pdf, 13 байт\] → \S+printout\.pdf/);
  expect(shown).toHaveLength(2);
  expect(shown.every((p) => p.startsWith(path.join(dir, 'demo-files')) && existsSync(p))).toBe(true);
  expect(readFileSync(shown[0])).toEqual(png);
  expect(readFileSync(shown[1], 'utf8')).toBe('%PDF-1.4 demo');
});

it('in MAX too: the file and the image of a message are written; buttons are numbered, a menu button sends its text', async () => {
  const max = await new FakeMaxApi({ token: 'demo-files-max-token-0001' }).start();
  let shown = '';
  const screen = screenInto((text) => (shown += text));
  const demoChat = new MaxChat(max);
  const chat = new TerminalChat(demoChat, screen, loadDemoTexts(), PERSONA, path.join(dir, 'max-files'));
  demoChat.addUser({ id: USER, firstName: 'М' });
  const api = new MaxApi({ token: 'demo-files-max-token-0001', apiRoot: max.url });
  const png = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'));
  try {
    const image = await api.upload('image', png, 'chart.png');
    const file = await api.upload('file', new Uint8Array(Buffer.from('%PDF-1.4 max')), 'printout.pdf');
    await api.sendMessage(
      { user_id: USER },
      {
        text: '<b>Печать</b> готова',
        format: 'html',
        attachments: [
          image,
          file,
          {
            type: 'inline_keyboard',
            payload: {
              buttons: [
                [
                  { type: 'callback', text: 'Ещё', payload: 'more' },
                  { type: 'link', text: 'Сайт', url: 'https://example.org/' },
                ],
                [{ type: 'message', text: '📒 Отметки' }],
              ],
            },
          },
        ],
      },
    );
    await new Promise((r) => setTimeout(r, 400));
    // The menu's `message` button writes its text to the bot, as the person would; the bot answers.
    const pressing = chat.input('3');
    const res = await fetch(`${max.url}/updates?timeout=5`, {
      headers: { authorization: 'demo-files-max-token-0001' },
    });
    const { updates } = (await res.json()) as {
      updates: { update_type: string; message?: { body: { text: string } } }[];
    };
    expect(updates.map((u) => [u.update_type, u.message?.body.text])).toEqual([['message_created', '📒 Отметки']]);
    await api.sendMessage({ user_id: USER }, { text: 'Отметки за неделю' });
    await pressing;
  } finally {
    chat.detach();
    await max.stop();
  }
  const paths = [...shown.matchAll(/→ (\S+)/g)].map((m) => m[1]);
  expect(shown).toContain('  Печать готова\n  [1] Ещё   [2] Сайт ↗\n  [3] 📒 Отметки');
  expect(shown).toMatch(/\[фотография, 20 байт\] → \S+/);
  expect(shown).toMatch(/\[файл printout\.pdf, 12 байт\] → \S+printout\.pdf/);
  expect(paths).toHaveLength(2);
  expect(readFileSync(paths[0], 'utf8')).toBe('%PDF-1.4 max');
  expect(readFileSync(paths[1])).toEqual(Buffer.from(png));
  expect(shown).toMatch(/Вы: 📒 Отметки\n\n── Бот ──\n {2}Отметки за неделю\n/);
}, 20_000);
