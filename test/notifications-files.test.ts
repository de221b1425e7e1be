import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { postgresMessengerFileStore } from '../db/stores/messenger-files.js';
import { startNotifications, type Notifications } from '../jobs/notifications/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { bigClass, NOTIFY_HASH_KEY } from './helpers/notifications.js';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';

/**
 * Files across messengers through the real worker and both fakes: a Telegram справка reaches MAX
 * families with its bytes, a MAX one Telegram families, uploaded once per messenger.
 */
const TOKEN = '700077:FILES-across-messengers-token-0000';
let db: TestDb;
let f: SchoolFixture;
let tg: FakeBotApi;
let max: FakeMaxApi;
let running: Notifications | undefined;
let tgChats: number[];
let maxChats: number[];
let seq = 0;

const PDF = Buffer.from('%PDF-1.4\n% справка 086/у\n1 0 obj <<>> endobj\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('фото справки')]);

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  const { chats } = await bigClass(db.ds, f.school.id, f.year.id, 6, 8_300_000);
  tgChats = chats.slice(0, 3);
  maxChats = chats.slice(3);
  await db.ds.query(`UPDATE link SET messenger = 'max' WHERE "chatId" = ANY($1::bigint[])`, [maxChats]);
  tg = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await tg.start();
  max = await new FakeMaxApi().start();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(async () => {
  await tg.stop();
  await max.stop();
  await db.close();
});

/** What the worker logged (JSON lines), for the tests that check a file left out is said so. */
const logged: string[] = [];

async function start(token = TOKEN): Promise<Notifications> {
  const config = loadConfig({
    NOTIFY_QUIET_HOURS: 'off',
    NOTIFY_RATE_PER_SECOND: '100',
    MAX_NOTIFY_RATE_PER_SECOND: '30',
    NOTIFY_POLL_SECONDS: '0.2',
    MAX_BOT_TOKEN: max.token,
    MAX_API_ROOT: max.url,
  });
  running = await startNotifications({
    ds: db.ds,
    config,
    logger: createLogger(process.env.NTF_LOG ?? 'warn', { write: (line: string) => void logged.push(line) }),
    token,
    apiRoot: tg.url,
    hashKey: NOTIFY_HASH_KEY,
    databaseUrl: db.url,
    schedules: false,
  });
  return running;
}

/** An announcement with a file, queued for these chats of one messenger. */
async function queue(messenger: 'telegram' | 'max', chats: number[], text: string, file: object): Promise<string> {
  const key = `files:${++seq}`;
  await db.ds.query(
    `INSERT INTO notification_delivery ("schoolId", "dedupeKey", kind, messenger, "chatId", "linkId", text, extra)
     SELECT "schoolId", $1 || ':' || "chatId", 'announcement', messenger, "chatId", id, $2, $3::jsonb
       FROM link WHERE messenger = $4 AND "chatId" = ANY($5::bigint[])`,
    [key, text, JSON.stringify({ file }), messenger, chats],
  );
  return key;
}

/** Waits until every delivery of `key` is settled, and returns their statuses. */
async function settled(key: string): Promise<string[]> {
  for (let i = 0; i < 150; i++) {
    const rows: { status: string }[] = await db.ds.query(
      `SELECT status FROM notification_delivery WHERE "dedupeKey" LIKE $1 || ':%'`,
      [key],
    );
    if (rows.length && rows.every((r) => r.status !== 'pending' && r.status !== 'sending'))
      return rows.map((r) => r.status);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`deliveries of ${key} not settled`);
}

const maxUploads = () => max.calls.filter((c) => c.method === 'POST' && c.path === '/uploads').length;
const maxDownloads = () => max.calls.filter((c) => c.path.startsWith('/files/')).length;
const tgCalls = (method: string) => tg.calls.filter((c) => c.method === method);
const lastTo = (chat: number) => tg.botMessagesFor(chat).at(-1);
const maxBytesOf = (m: { attachments: Record<string, any>[] } | undefined) => {
  const a = m?.attachments.find((x) => x.type === 'file' || x.type === 'image');
  const p = a?.payload as { token?: string; photos?: Record<string, { token: string }> } | undefined;
  const token = p?.token ?? Object.values(p?.photos ?? {})[0]?.token;
  return token ? max.state.uploads.get(token)?.data : undefined;
};

describe('files across messengers through the worker', () => {
  it('a Telegram справка reaches three MAX families with its bytes, uploaded to MAX once', async () => {
    const doc = tg.userFile('document', PDF, { fileName: 'spravka.pdf', mimeType: 'application/pdf' }).document!;
    await start();
    const key = await queue('max', maxChats, '📝 Справка к сообщению об отсутствии', {
      kind: 'document',
      fileId: doc.file_id,
    });
    expect(await settled(key)).toEqual(['sent', 'sent', 'sent']);
    for (const chat of maxChats) {
      const [m] = max.sentToUser(chat);
      expect(m.text).toBe('📝 Справка к сообщению об отсутствии');
      expect(m.attachments.map((a) => a.type)).toEqual(['file']);
      expect(maxBytesOf(m)).toEqual(PDF);
    }
    expect([maxUploads(), tgCalls('getFile').length, tgCalls('file').length]).toEqual([1, 1, 1]);
    const [row] = await db.ds.query(`SELECT "maxCopy" FROM messenger_file WHERE "fileId" = $1`, [doc.file_id]);
    expect(row.maxCopy).toMatch(/^max:tok-/);
  });

  it('a photo a MAX parent sent reaches three Telegram families with its bytes, uploaded to Telegram once', async () => {
    const { token } = max.userSendsFile({ user_id: 4242, first_name: 'Мама' }, 'image', JPEG);
    // The MAX front end keeps the address when the message comes in (max/front.ts keepFiles).
    await postgresMessengerFileStore(db.ds).rememberMaxFiles([
      { fileId: `max:${token}`, url: `${max.url}/files/${token}` },
    ]);
    const uploadsBefore = tgCalls('sendPhoto').filter((c) => c.files.length).length;
    await start();
    const key = await queue('telegram', tgChats, '📣 Объявление — 5А', { kind: 'photo', fileId: `max:${token}` });
    expect(await settled(key)).toEqual(['sent', 'sent', 'sent']);
    for (const chat of tgChats) {
      const m = lastTo(chat)!;
      expect(m.caption).toBe('📣 Объявление — 5А');
      expect(m.photo?.data).toEqual(JPEG);
    }
    expect(tgCalls('sendPhoto').filter((c) => c.files.length).length - uploadsBefore).toBe(1);
    expect(maxDownloads()).toBe(1);
  });

  it('a file whose source is gone, or that this process cannot fetch, goes as the text alone; nothing is lost', async () => {
    await start();
    const gone = await queue('max', maxChats.slice(0, 1), 'Справка (файл удалён)', {
      kind: 'document',
      fileId: 'BQACAgIAAxkBAAIBgone',
    });
    const unknown = await queue('telegram', tgChats.slice(0, 1), 'Фото из MAX без адреса', {
      kind: 'photo',
      fileId: 'max:tok-never-seen',
    });
    expect([await settled(gone), await settled(unknown)]).toEqual([['sent'], ['sent']]);
    // Said in the log, without the file's id or anyone's chat.
    const warnings = logged.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reason);
    expect(warnings.map(({ kind, from, to, reason }) => ({ kind, from, to, reason }))).toEqual(
      expect.arrayContaining([
        { kind: 'document', from: 'telegram', to: 'max', reason: 'telegram400' },
        { kind: 'photo', from: 'max', to: 'telegram', reason: 'maxAddressUnknown' },
      ]),
    );
    expect(logged.join('\n')).not.toMatch(/BQACAgIAAxkBAAIBgone|tok-never-seen|FILES-across/);
    expect(logged.join('\n')).not.toContain(String(maxChats[0]));
    expect(max.sentToUser(maxChats[0]).at(-1)).toMatchObject({ text: 'Справка (файл удалён)', attachments: [] });
    expect(lastTo(tgChats[0])).toMatchObject({ text: 'Фото из MAX без адреса' });
    expect(lastTo(tgChats[0])?.photo).toBeUndefined();
    expect(tgCalls('getFile').at(-1)?.response).toMatchObject({
      ok: false,
      description: 'Bad Request: invalid file_id',
    });
  });

  it('a Telegram file over 20 MB (getFile refuses it) goes as the text alone, tried once', async () => {
    const big = tg.userFile('document', Buffer.alloc(21 * 1024 * 1024, 1), { fileName: 'scan.pdf' }).document!;
    const getFiles = tgCalls('getFile').length;
    await start();
    const key = await queue('max', maxChats.slice(2), 'Скан справки', { kind: 'document', fileId: big.file_id });
    expect(await settled(key)).toEqual(['sent']);
    expect(max.sentToUser(maxChats[2]).at(-1)).toMatchObject({ text: 'Скан справки', attachments: [] });
    expect(
      tgCalls('getFile')
        .slice(getFiles)
        .map((c) => (c.response as { description?: string } | undefined)?.description),
    ).toEqual(['Bad Request: file is too big']);
  });

  it("a MAX photo over Telegram's 10 MB for a bot's photo goes as the text alone, nothing uploaded", async () => {
    const { token } = max.userSendsFile(
      { user_id: 4243, first_name: 'Папа' },
      'image',
      Buffer.alloc(11 * 1024 * 1024, 7),
    );
    await postgresMessengerFileStore(db.ds).rememberMaxFiles([
      { fileId: `max:${token}`, url: `${max.url}/files/${token}` },
    ]);
    const sendPhotos = tgCalls('sendPhoto').length;
    await start();
    const key = await queue('telegram', tgChats.slice(1, 2), 'Большое фото', { kind: 'photo', fileId: `max:${token}` });
    expect(await settled(key)).toEqual(['sent']);
    expect(lastTo(tgChats[1])).toMatchObject({ text: 'Большое фото' });
    expect(tgCalls('sendPhoto').length).toBe(sendPhotos);
  });

  it('a Telegram file while Telegram answers 500 waits and goes with the file later', async () => {
    const photo = tg.userFile('photo', JPEG).photo![0];
    tg.failNext('getFile', { times: 1 });
    await start();
    const key = await queue('max', maxChats.slice(1, 2), 'Фото расписания', { kind: 'photo', fileId: photo.file_id });
    expect(await settled(key)).toEqual(['sent']);
    const m = max.sentToUser(maxChats[1]).at(-1);
    expect(m?.text).toBe('Фото расписания');
    expect(maxBytesOf(m)).toEqual(JPEG);
    const [row] = await db.ds.query(`SELECT attempts FROM notification_delivery WHERE "dedupeKey" LIKE $1 || ':%'`, [
      key,
    ]);
    // One try refused by the source, one that went: retried per the worker's policy, not lost.
    expect(row.attempts).toBe(2);
  });
});
