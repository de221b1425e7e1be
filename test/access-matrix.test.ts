import { afterAll, beforeAll } from 'vitest';
import type { TestDb } from './helpers/db.js';
import { setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import { ACCESS_PEOPLE, accessMatrix, type Screen } from './helpers/access-cases.js';

/** The access matrix (test/helpers/access-cases.ts) through the Telegram front end. */
let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({ fixture: makeSchool, people: ACCESS_PEOPLE }));
});
afterAll(() => db.close());

function screen(calls: ApiCall[]): Screen {
  const [only] = calls;
  return {
    texts: texts(calls),
    buttons: buttons(calls),
    all: JSON.stringify(calls.map((c) => c.payload)),
    onlyAlert:
      calls.length === 1 && only.method === 'answerCallbackQuery' && only.payload.show_alert === true
        ? only.payload.text
        : undefined,
    answered: calls.some((c) => c.method === 'answerCallbackQuery'),
  };
}

accessMatrix('Telegram', () => ({
  ds: db.ds,
  f,
  press: async (userId, data) => screen(await h.press(userId, data)),
  send: async (userId, text) => screen(await h.send(userId, text)),
}));
