import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { guardianOf } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { linkInMax, MaxHarness, maxTexts } from './helpers/max-harness.js';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { Api } from 'grammy';
import { FileBridge } from '../max/file-bridge.js';
import { maxFilesInTelegram } from '../max/telegram-files.js';
import { postgresMessengerFileStore } from '../db/stores/messenger-files.js';
import { createLogger } from '../core/logger.js';

/** Files a MAX parent sends are the diary's files; a Telegram file shown in MAX is carried over. */
const MOTHER = 7301;
/** The same mother's second MAX account, linked for Павел (6Б). */
const MOTHER_OF_PAVEL = 7302;
const BORIS_FATHER = 7303;
const TOKEN = '700078:MAX-files-test-token-000000000000';
const clock = manualClock('2026-11-23T07:30:00+03:00');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('фото справки')]);
const PDF = Buffer.from('%PDF-1.4\n% справка 086/у\n%%EOF\n');

let db: TestDb;
let f: SchoolFixture;
let h: MaxHarness;
let tg: FakeBotApi;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  tg = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await tg.start();
  h = await new MaxHarness(db.ds, clock, {}, { telegram: { token: TOKEN, apiRoot: tg.url } }).start();
  await linkInMax(h, db.ds, MOTHER, guardianOf(f, f.anna, f.mother));
  await linkInMax(h, db.ds, MOTHER_OF_PAVEL, guardianOf(f, f.pavel, f.mother));
  await linkInMax(h, db.ds, BORIS_FATHER, guardianOf(f, f.boris, f.borisFather));
});
afterAll(async () => {
  await h.stop();
  await tg.stop();
  await db.close();
});

const reports = () =>
  db.ds.query(
    `SELECT "fromDate"::text AS "fromDate", reason, status, "certificateKind", "certificateFileId" FROM absence_report ORDER BY id`,
  );
const maxUploads = () => h.calls.filter((c) => c.method === 'POST' && c.path === '/uploads').length;

/** The parent's way to the справка question about today's absence of `child`. */
async function untilCertificate(user: number, child: string) {
  const dates = await h.send(user, '📝 Сообщить об отсутствии');
  expect(maxTexts(dates)).toEqual([`Когда ${child} не будет в школе?`]);
  const reason = await h.press(user, MaxHarness.payload(dates, 'Сегодня'));
  const cert = await h.press(user, MaxHarness.payload(reason, 'Болезнь'));
  expect(maxTexts(cert).at(-1)).toBe(
    'Если есть справка, пришлите её сейчас — фото или PDF до 20 МБ. Или отправьте её позже.',
  );
}

describe('a MAX parent attaches a справка', () => {
  it('a photo of the справка: the report is stored with the photo, its MAX download address kept', async () => {
    await untilCertificate(MOTHER, 'Анна Иванова');
    const confirm = await h.sendFile(MOTHER, 'image', JPEG);
    expect(maxTexts(confirm)).toEqual([
      '<b>Сообщение об отсутствии</b>\nУченик: Анна Иванова, 5А\nКогда: 23 ноября\nПричина: болезнь\nСправка: приложена\n\nОтправить классному руководителю?',
    ]);
    const sent = await h.press(MOTHER, MaxHarness.payload(confirm, 'Отправить'));
    expect(maxTexts(sent)).toContain('✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.');
    const [report] = await reports();
    expect(report).toMatchObject({
      fromDate: '2026-11-23',
      reason: 'illness',
      status: 'pending',
      certificateKind: 'photo',
    });
    expect(report.certificateFileId).toMatch(/^max:utok-/);
    const [file] = await db.ds.query(`SELECT "maxUrl" FROM messenger_file WHERE "fileId" = $1`, [
      report.certificateFileId,
    ]);
    expect(file.maxUrl).toBe(`${h.fake.url}/files/${report.certificateFileId.slice(4)}`);
  });

  it('a PDF with words: stored as a document (a PDF, as the справка must be)', async () => {
    await untilCertificate(MOTHER_OF_PAVEL, 'Павел Иванов');
    const confirm = await h.sendFile(MOTHER_OF_PAVEL, 'file', PDF, {
      filename: 'spravka.pdf',
      text: 'Справка из поликлиники',
    });
    expect(maxTexts(confirm).at(-1)).toContain('Справка: приложена');
    const sent = await h.press(MOTHER_OF_PAVEL, MaxHarness.payload(confirm, 'Отправить'));
    expect(maxTexts(sent)).toContain('✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.');
    const rows = await reports();
    expect(rows.at(-1)).toMatchObject({ fromDate: '2026-11-23', certificateKind: 'document' });
    expect(rows.at(-1).certificateFileId).toMatch(/^max:utok-/);
  });
});

describe('a MAX message with several files', () => {
  it('the справка is its first file; the parent is told the others were not kept, and nothing else is', async () => {
    await untilCertificate(BORIS_FATHER, 'Борис Борисов');
    const confirm = await h.sendFiles(BORIS_FATHER, [
      { kind: 'image', data: JPEG },
      { kind: 'image', data: JPEG },
      { kind: 'file', data: PDF, filename: 'page3.pdf' },
    ]);
    expect(maxTexts(confirm)).toEqual([
      '<b>Сообщение об отсутствии</b>\nУченик: Борис Борисов, 5А\nКогда: 23 ноября\nПричина: болезнь\nСправка: приложена\n\nОтправить классному руководителю?',
      '📎 Из сообщения взят только первый файл. Ещё 2 не сохранены: если они нужны, пришлите их по одному, отдельными сообщениями.',
    ]);
    // The note came after the report's card: the button is pressed on the card.
    const card = h.fake.sentToUser(BORIS_FATHER).at(-2)!.mid;
    await h.press(BORIS_FATHER, MaxHarness.payload(confirm, 'Отправить'), card);
    const report = (await reports()).at(-1);
    expect(report.certificateKind).toBe('photo');
    expect(report.certificateFileId).toMatch(/^max:utok-\d+-0-/);
    // One file in a message: no note.
    expect(maxTexts(await h.send(BORIS_FATHER, 'спасибо')).join('\n')).not.toContain('Из сообщения взят');
  });
});

describe('a Telegram file sent by the MAX front end', () => {
  it('is fetched from Telegram and uploaded to MAX once; its copy goes from then on', async () => {
    const doc = tg.userFile('document', PDF, { fileName: 'spravka.pdf', mimeType: 'application/pdf' }).document!;
    const before = maxUploads();
    await h.front.bot.api.sendDocument(MOTHER, doc.file_id, { caption: 'Справка' });
    await h.front.bot.api.sendDocument(MOTHER, doc.file_id, { caption: 'Справка ещё раз' });
    const [a, b] = h.fake.sentToUser(MOTHER).slice(-2);
    expect([a.text, b.text]).toEqual(['Справка', 'Справка ещё раз']);
    expect(a.attachments[0].type).toBe('file');
    expect(h.fake.state.uploads.get(a.attachments[0].payload.token as string)?.data).toEqual(PDF);
    expect(b.attachments[0].payload.token).toBe(a.attachments[0].payload.token);
    expect(maxUploads() - before).toBe(1);
  });

  it('a Telegram file that is gone: the caption goes alone; without one, the family is told the file did not come', async () => {
    await h.front.bot.api.sendPhoto(MOTHER, 'AgACAgIAAxkBAAIgone', { caption: 'Фото справки' });
    expect(h.fake.sentToUser(MOTHER).at(-1)).toMatchObject({ text: 'Фото справки', attachments: [] });
    await h.front.bot.api.sendDocument(MOTHER, 'BQACAgIAAxkBAAIgone');
    expect(h.fake.sentToUser(MOTHER).at(-1)).toMatchObject({
      text: '📎 Файл не удалось передать сюда. Попросите, пожалуйста, прислать его ещё раз.',
      attachments: [],
    });
  });
});

describe('the file bridge', () => {
  const bridge = () =>
    new FileBridge({
      store: postgresMessengerFileStore(db.ds),
      logger: createLogger('silent'),
      telegram: { token: TOKEN, apiRoot: tg.url },
    });

  it('five sends of one Telegram file at once: one download, one upload, one id for all', async () => {
    const photo = tg.userFile('photo', JPEG).photo![0];
    const uploads: Buffer[] = [];
    const upload = async (b: { data: Uint8Array }) => {
      uploads.push(Buffer.from(b.data));
      await new Promise((r) => setTimeout(r, 30));
      return 'max:tok-once';
    };
    const b = bridge();
    const ids = await Promise.all(
      Array.from({ length: 5 }, () => b.idIn('max', { kind: 'photo', fileId: photo.file_id }, upload)),
    );
    expect(ids).toEqual(Array(5).fill('max:tok-once'));
    expect(uploads).toEqual([JPEG]);
    expect(tg.calls.filter((c) => c.method === 'getFile' && c.params.file_id === photo.file_id)).toHaveLength(1);
    // Another process (a fresh bridge) finds the copy: no upload at all.
    expect(await bridge().idIn('max', { kind: 'photo', fileId: photo.file_id }, upload)).toBe('max:tok-once');
    expect(uploads).toHaveLength(1);
  });

  it('a process without the Telegram bot (MAX alone) cannot fetch a Telegram file: null, nothing asked', async () => {
    const photo = tg.userFile('photo', JPEG).photo![0];
    const before = tg.calls.length;
    const alone = new FileBridge({ store: postgresMessengerFileStore(db.ds), logger: createLogger('silent') });
    const upload = () => Promise.reject(new Error('must not upload'));
    expect(await alone.idIn('max', { kind: 'photo', fileId: photo.file_id }, upload)).toBeNull();
    expect(tg.calls.length).toBe(before);
  });

  it('a gone file asked for at once by three sends: null for each (text alone), Telegram asked once', async () => {
    const b = bridge();
    const before = tg.calls.filter((c) => c.method === 'getFile').length;
    const upload = () => Promise.reject(new Error('must not upload'));
    const ids = await Promise.all(
      Array.from({ length: 3 }, () => b.idIn('max', { kind: 'document', fileId: 'BQACAgIAAxkBAAgone' }, upload)),
    );
    expect(ids).toEqual([null, null, null]);
    expect(tg.calls.filter((c) => c.method === 'getFile').length - before).toBe(1);
  });
});

describe('a MAX file sent by the Telegram bot', () => {
  it('is fetched from MAX and uploaded to Telegram once; a file with no known address: the caption alone', async () => {
    await h.sendFile(MOTHER, 'file', PDF, { filename: 'homework.pdf' });
    const [{ fileId }] = await db.ds.query(`SELECT "fileId" FROM messenger_file WHERE "fileName" = 'homework.pdf'`);
    const api = new Api(TOKEN, { apiRoot: tg.url });
    api.config.use(
      maxFilesInTelegram(new FileBridge({ store: postgresMessengerFileStore(db.ds), logger: createLogger('silent') })),
    );
    const uploads = () => tg.calls.filter((c) => c.method === 'sendDocument' && c.files.length).length;
    const before = uploads();
    const a = await api.sendDocument(9100, fileId, { caption: 'Домашнее задание' });
    const b = await api.sendDocument(9101, fileId, { caption: 'Домашнее задание' });
    expect(b.document?.file_id).toBe(a.document?.file_id);
    for (const chat of [9100, 9101])
      expect(tg.botMessagesFor(chat).at(-1)).toMatchObject({ caption: 'Домашнее задание', document: { data: PDF } });
    expect(uploads() - before).toBe(1);
    await api.sendPhoto(9102, 'max:tok-never-seen', { caption: 'Фото к заданию' });
    expect(tg.botMessagesFor(9102).map((m) => [m.text, m.photo])).toEqual([['Фото к заданию', undefined]]);
    // Without a caption the text would be empty (Telegram refuses it): the family is told the file did not come.
    await api.sendDocument(9102, 'max:tok-never-seen');
    expect(tg.botMessagesFor(9102).at(-1)?.text).toBe(
      '📎 Файл не удалось передать сюда. Попросите, пожалуйста, прислать его ещё раз.',
    );
  });

  it("a photo Telegram refuses to take: the caption goes alone, no error, not tried again; a 429 stays the send's answer", async () => {
    const maxImage = async () => {
      await h.sendFile(MOTHER, 'image', JPEG);
      const [{ fileId }] = await db.ds.query(
        `SELECT "fileId" FROM messenger_file WHERE "fileName" IS NULL ORDER BY "updatedAt" DESC LIMIT 1`,
      );
      return fileId as string;
    };
    const refused = await maxImage();
    const api = new Api(TOKEN, { apiRoot: tg.url });
    api.config.use(
      maxFilesInTelegram(new FileBridge({ store: postgresMessengerFileStore(db.ds), logger: createLogger('silent') })),
    );
    const uploads = () => tg.calls.filter((c) => c.method === 'sendPhoto' && c.files.length).length;
    const before = uploads();
    tg.failNext('sendPhoto', { code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    await api.sendPhoto(9103, refused, { caption: 'Справка к пропуску' });
    expect(tg.botMessagesFor(9103).map((m) => [m.text, m.photo])).toEqual([['Справка к пропуску', undefined]]);
    // The next family's copy: the text at once, the file neither fetched nor uploaded again.
    await api.sendPhoto(9105, refused, { caption: 'Справка к пропуску' });
    expect(tg.botMessagesFor(9105).map((m) => [m.text, m.photo])).toEqual([['Справка к пропуску', undefined]]);
    expect(uploads() - before).toBe(1);
    tg.failNext('sendPhoto', { code: 429, retryAfter: 3 });
    await expect(api.sendPhoto(9104, await maxImage(), { caption: 'Справка к пропуску' })).rejects.toMatchObject({
      error_code: 429,
    });
    expect(tg.botMessagesFor(9104)).toEqual([]);
  });
});
