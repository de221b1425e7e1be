import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import type { SessionData } from '../bot/context.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { data, last, texts } from './helpers/screen.js';

/** Session writes (bot/session-storage.ts): a session the update did not change is not written back. */
const MOTHER = 801;
const writes: string[] = [];
const memory = new MemorySessionStorage<SessionData>();
const recording = {
  read: (key: string) => memory.read(key),
  write: (key: string, value: SessionData) => (writes.push(key), memory.write(key, value)),
  delete: (key: string) => memory.delete(key),
};

let db: TestDb;
let h: BotHarness;

beforeAll(async () => {
  ({ db, h } = await setupBotTest({
    fixture: makeSchool,
    clock: manualClock('2026-11-23T07:30:00+03:00'),
    deps: { sessionStorage: recording },
    people: (f) => [[MOTHER, guardianOf(f, f.anna, f.mother)]],
  }));
});
afterAll(() => db.close());

describe('session writes', () => {
  it('the same view again writes nothing; a step of a dialog writes the session once per update', async () => {
    await h.send(MOTHER, '/help');
    writes.length = 0;
    await h.send(MOTHER, '/help');
    await h.send(MOTHER, '/help');
    expect(writes).toEqual([]);
    const dates = await h.send(MOTHER, '📝 Сообщить об отсутствии');
    expect(texts(dates)).toEqual(['Когда Анна Иванова не будет в школе?']);
    const before = writes.length;
    expect(before).toBe(1);
    const reason = last(await h.press(MOTHER, data(last(dates), 'Сегодня')));
    expect(reason.payload.text).toBe('Причина отсутствия?');
    expect(writes.length).toBe(2);
    expect(new Set(writes).size).toBe(1);
    expect(memory.read(writes[0])?.family).toBeDefined();
  });

  it("a group's chatter, which the bot does not answer, writes no session", async () => {
    writes.length = 0;
    expect(await h.group(-100_500, MOTHER, 'Кто знает, что задали по математике?')).toEqual([]);
    expect(await h.group(-100_500, MOTHER, 'Спасибо!')).toEqual([]);
    expect(writes).toEqual([]);
  });
});
