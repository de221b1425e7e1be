import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { linkInMax, MaxHarness, maxButtons, maxTexts } from './helpers/max-harness.js';
import { ACCESS_PEOPLE, accessMatrix, USER, type Screen } from './helpers/access-cases.js';
import type { MaxCall } from './support/fake-max-api/index.js';

/**
 * The access matrix (test/helpers/access-cases.ts) through the MAX front end: each person linked by
 * their invitation's MAX deep link (identity: messenger 'max', their MAX user id), every answer read
 * from what the fake MAX API received.
 */
let db: TestDb;
let f: SchoolFixture;
let h: MaxHarness;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  h = await new MaxHarness(db.ds).start();
  // The unlinked user has opened the bot (a button press needs a message of the bot's to be under).
  await h.started(USER.unlinked);
  for (const [userId, code] of ACCESS_PEOPLE(f)) await linkInMax(h, db.ds, userId, code);
});
afterAll(async () => {
  await h.stop();
  await db.close();
});

const isAnswer = (c: MaxCall) => c.method === 'POST' && c.path === '/answers';

/**
 * What the user was shown. A keyboard-only edit in MAX sends the message's text again (MAX replaces
 * both); that text is not news to the user, so `all` leaves it out.
 */
function screen(calls: MaxCall[], pressed?: { mid: string; text: string | null }): Screen {
  const [only] = calls;
  const shown = calls.map((c) => {
    const body = c.body as { text?: string } | undefined;
    const same = c.method === 'PUT' && c.query.message_id === pressed?.mid && body?.text === pressed?.text;
    return same ? { ...body, text: undefined } : body;
  });
  return {
    texts: maxTexts(calls),
    buttons: maxButtons(calls).map((b) => b.text),
    all: JSON.stringify(shown),
    onlyAlert:
      calls.length === 1 && isAnswer(only) && only.status === 200
        ? ((only.body as { notification?: string }).notification ?? undefined)
        : undefined,
    answered: calls.some((c) => (isAnswer(c) || (c.method === 'POST' && c.path === '/messages')) && c.status === 200),
  };
}

accessMatrix('MAX', () => ({
  ds: db.ds,
  f,
  press: async (userId, data) => {
    const pressed = h.fake.sentToUser(userId).at(-1);
    return screen(await h.press(userId, data), pressed && { mid: pressed.mid, text: pressed.text });
  },
  send: async (userId, text) => screen(await h.send(userId, text)),
}));

it('everyone acts as a MAX account: their links are MAX links, the same ids in Telegram have none', async () => {
  const rows = await db.ds.query(`SELECT DISTINCT messenger FROM link WHERE "revokedAt" IS NULL`);
  expect(rows).toEqual([{ messenger: 'max' }]);
  expect((await h.services.access.profile(USER.guardian, 'max')).children.map((c) => c.firstName)).toEqual(['Борис']);
  expect((await h.services.access.profile(USER.guardian)).links).toEqual([]);
});
