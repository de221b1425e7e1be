import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Api, InputFile } from 'grammy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
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

it('a photo and a document the bot sends are written under the demo folder, their paths printed', async () => {
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const screen = new Screen(new PassThrough() as unknown as NodeJS.ReadStream, stdout as unknown as NodeJS.WriteStream);
  const persona = {
    role: 'parent',
    code: 'X',
    name: 'Мама',
    student: null,
    class: null,
    userId: USER,
    firstName: 'М',
    lastName: 'И',
  } as const;
  const chat = new TerminalChat(telegramChat(fake), screen, loadDemoTexts(), persona, path.join(dir, 'demo-files'));
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
