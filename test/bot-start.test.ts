import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { BotHarness } from './helpers/bot-harness.js';
import { texts } from './helpers/screen.js';

let db: TestDb;
let h: BotHarness;
beforeAll(async () => {
  db = await createTestDb();
  h = new BotHarness(db.ds);
});
afterAll(() => db.close());

describe('walking skeleton bot', () => {
  it('answers an unlinked /start in Russian and asks for the invitation code', async () => {
    const calls = await h.send(1001, '/start');
    const [text] = texts(calls);
    expect(text).toContain('Здравствуйте! Это электронный дневник школы в Telegram.');
    expect(text).toContain('пришлите пригласительный код');
  });

  it('/help explains how to get in', async () => {
    const [text] = texts(await h.send(1001, '/help'));
    expect(text).toContain('Как пользоваться ботом');
  });

  it('an error inside a handler is answered politely, not crashed on', async () => {
    // A session store that fails is the kind of fault a handler meets in production.
    const broken = new BotHarness(db.ds, {
      sessionStorage: {
        read: () => Promise.reject(new Error('db down')),
        write: async () => {},
        delete: async () => {},
      },
    });
    const calls = await broken.send(1001, '/start');
    expect(texts(calls)).toEqual([
      'Извините, что-то пошло не так. Мы уже разбираемся — попробуйте, пожалуйста, ещё раз через минуту.',
    ]);
  });
});
