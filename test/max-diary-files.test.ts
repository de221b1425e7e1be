import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { studentOf } from './helpers/bot-test.js';
import { attachPdf, makeDiarySchool, NOW, type DiarySchool } from './helpers/diary.js';
import { linkInMax, MaxHarness } from './helpers/max-harness.js';
import { FakeBotApi } from './support/fake-bot-api/index.js';

/** A homework file opened in MAX: from its content, or carried over from Telegram by the id the diary keeps. */
const ANNA_IN_MAX = 7401;
const TOKEN = '700079:MAX-diary-files-token-0000000000';
let db: TestDb;
let f: DiarySchool;
let h: MaxHarness;
let tg: FakeBotApi;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeDiarySchool(db.ds);
  await attachPdf(db.ds, f.school.id, f.L.m1126.id);
  tg = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await tg.start();
  h = await new MaxHarness(db.ds, manualClock(NOW), {}, { telegram: { token: TOKEN, apiRoot: tg.url } }).start();
  await linkInMax(h, db.ds, ANNA_IN_MAX, studentOf(f, f.anna));
});
afterAll(async () => {
  await h.stop();
  await tg.stop();
  await db.close();
});

const lastFile = () => {
  const m = h.fake.sentToUser(ANNA_IN_MAX).at(-1)!;
  const a = m.attachments.find((x) => x.type === 'file');
  return { text: m.text, data: h.fake.state.uploads.get(a?.payload?.token as string)?.data?.toString() };
};
const keptId = async () =>
  (await db.ds.query(`SELECT "telegramFileId" FROM homework_attachment WHERE "lessonId" = $1`, [f.L.m1126.id]))[0]
    .telegramFileId;

describe('homework files in MAX', () => {
  it('a file not yet in Telegram goes from its content; its MAX id is not kept as Telegram’s', async () => {
    await h.send(ANNA_IN_MAX, '/homework');
    await h.press(ANNA_IN_MAX, `df:${f.L.m1126.id}`);
    expect(lastFile()).toEqual({
      text: '📎 Анна Иванова: Математика, задание на чт, 26 ноября',
      data: '%PDF-1.4 tasks',
    });
    expect(await keptId()).toBeNull();
  });

  it('a file the diary keeps by its Telegram id is fetched from Telegram and sent in MAX', async () => {
    const doc = tg.userFile('document', Buffer.from('%PDF-1.4 from telegram'), { fileName: 'задачи.pdf' }).document!;
    await db.ds.query(`UPDATE homework_attachment SET "telegramFileId" = $1 WHERE "lessonId" = $2`, [
      doc.file_id,
      f.L.m1126.id,
    ]);
    await h.press(ANNA_IN_MAX, `df:${f.L.m1126.id}`);
    expect(lastFile().data).toBe('%PDF-1.4 from telegram');
    expect(await keptId()).toBe(doc.file_id);
  });
});
