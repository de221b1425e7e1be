import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, type StorageAdapter } from 'grammy';
import type { Update } from 'grammy/types';
import { manualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { webhookHandler } from '../bot/webhook.js';
import type { SessionData } from '../bot/context.js';
import { postgresKeyValueStore } from '../db/stores/key-value.js';
import { connectRedis, type Redis } from '../db/stores/redis.js';
import {
  memoryUpdateLedger,
  postgresUpdateLedger,
  redisUpdateLedger,
  type UpdateLedger,
} from '../db/stores/update-ledger.js';
import type { DedupeOptions } from '../bot/middleware/dedupe-updates.js';
import { BotHarness } from './helpers/bot-harness.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { TestDb } from './helpers/db.js';
import { issue } from './helpers/linking.js';
import { buttonsOf, data, last } from './helpers/screen.js';

/**
 * At-least-once webhook updates across replicas (issue 17): a copy Telegram
 * re-sends after a replica died mid-update is handled once its lease runs out,
 * a copy re-sent while another replica handles it is answered 503, a copy of a
 * handled update is skipped — and a repeat writes no second report or message.
 */
const SECRET = 'at-least-once-secret-0123456789';
const MOTHER = 1701; // Анна's and Павел's mother
const MATHS = 1702;
const BORIS_FATHER = 1703;
const clock = manualClock('2026-11-23T07:30:00+03:00');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let db: TestDb;
let f: SchoolFixture;
let redis: Redis | undefined;
const servers: Server[] = [];

beforeAll(async () => {
  ({ db, f } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
    ],
  }));
  if (process.env.REDIS_URL)
    redis = await connectRedis(process.env.REDIS_URL, `test:${randomBytes(4).toString('hex')}:`);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await redis?.quit();
  await db.close();
});

/** A store shared by the replicas, and how its lease runs out: the injected clock for memory, a short TTL for the others. */
interface Shared {
  make: () => UpdateLedger;
  dedupe: DedupeOptions;
  expireLease: () => Promise<void>;
}
const memory = memoryUpdateLedger(10_000, () => clock.now().getTime());
/**
 * A shared store's ledgers, with the leases they granted remembered, so that a test ends them as a lease
 * running out would. (A short real TTL did the same until a loaded machine took longer than the TTL between
 * the crash and the re-sent copy; stores.test.ts checks that each store's leases do run out.)
 */
function endableLeases(make: () => UpdateLedger): Pick<Shared, 'make' | 'expireLease'> {
  const granted: { ledger: UpdateLedger; key: string; holder: string }[] = [];
  return {
    make: () => {
      const ledger = make();
      return {
        ...ledger,
        claim: async (key, holder, leaseMs) => {
          const claim = await ledger.claim(key, holder, leaseMs);
          if (claim === 'claimed') granted.push({ ledger, key, holder });
          return claim;
        },
      };
    },
    // release() gives up a lease still held by its holder; a key marked done stays done.
    expireLease: async () => {
      for (const g of granted.splice(0)) await g.ledger.release(g.key, g.holder);
    },
  };
}
const LONG: DedupeOptions = { leaseMs: 30_000, doneTtlSeconds: 3600 };
const stores: [string, () => Shared][] = [
  [
    'memory',
    () => ({
      make: () => memory,
      dedupe: LONG,
      expireLease: () => Promise.resolve(clock.advance(31_000)),
    }),
  ],
  ['PostgreSQL', () => ({ ...endableLeases(() => postgresUpdateLedger(db.ds)), dedupe: LONG })],
  ...(process.env.REDIS_URL
    ? ([['Redis', () => ({ ...endableLeases(() => redisUpdateLedger(redis!, 'seen:')), dedupe: LONG })]] as [
        string,
        () => Shared,
      ][])
    : []),
];

/** Session storage whose writes can hang: the replica "dies" after its handler wrote, before the session is saved. */
function dyingSessions(ds: TestDb['ds']) {
  const store = postgresKeyValueStore<SessionData>(ds);
  const state = { dead: false };
  const adapter: StorageAdapter<SessionData> = {
    read: (k) => store.read(k),
    write: (k, v) => (state.dead ? new Promise<void>(() => undefined) : store.write(k, v)),
    delete: (k) => (state.dead ? new Promise<void>(() => undefined) : store.delete(k)),
  };
  return { adapter, state };
}

/** A replica: the bot on the shared database and ledger, behind the webhook's HTTP handler. */
async function replica(shared: Shared, sessionStorage?: StorageAdapter<SessionData>) {
  const h = new BotHarness(
    db.ds,
    {
      clock,
      updateDedupe: shared.make(),
      dedupe: shared.dedupe,
      firstUpdateId: randomInt(1, 2 ** 30),
      ...(sessionStorage ? { sessionStorage } : {}),
    },
    {},
  );
  const server = createServer(webhookHandler(h.bot, SECRET, createLogger('silent')));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`;
  /** Telegram delivering `u` to this replica: the HTTP status it gets. */
  const post = async (u: Update) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(u),
    });
    await res.text();
    return res.status;
  };
  return { h, post };
}

const press = (userId: number, callbackData: string, messageId = 1): Update => ({
  update_id: randomInt(1, 2 ** 30),
  callback_query: {
    id: String(randomInt(1, 2 ** 40)),
    from: { id: userId, is_bot: false, first_name: 'Ольга', language_code: 'ru' },
    chat_instance: 'ci',
    data: callbackData,
    message: { message_id: messageId, date: 0, chat: { id: userId, type: 'private', first_name: 'x' }, text: '' },
  },
});
const message = (userId: number, text: string): Update => ({
  update_id: randomInt(1, 2 ** 30),
  message: {
    message_id: randomInt(1, 2 ** 30),
    date: Math.floor(clock.now().getTime() / 1000),
    chat: { id: userId, type: 'private', first_name: 'Ольга' },
    from: { id: userId, is_bot: false, first_name: 'Ольга', language_code: 'ru' },
    text,
    ...(text.startsWith('/')
      ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }] }
      : {}),
  },
});
const until = async (cond: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await sleep(10);
  }
  throw new Error('timed out waiting');
};
const sentTexts = (h: BotHarness, from = 0) =>
  h.calls.slice(from).flatMap((c) => (['sendMessage', 'editMessageText'].includes(c.method) ? [c.payload.text] : []));
const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.ds.query(sql, params))[0].n as string | number);

/** Who reports whom in each ledger's run: one report a day per child, and lessons only on 23 November. */
const reporters = [
  { user: MOTHER, child: 'Анна Иванова', student: () => f.anna.id },
  { user: MOTHER, child: 'Павел Иванов', student: () => f.pavel.id },
  { user: BORIS_FATHER, child: 'Борис Борисов', student: () => f.boris.id },
];

describe.each(stores.map(([name, shared], i) => [name, shared, reporters[i]] as const))(
  'webhook updates on the %s ledger',
  (_name, sharedOf, reporter) => {
    let shared: Shared;
    beforeAll(() => {
      shared = sharedOf();
    });

    it('a normal duplicate after success is answered 200 and skipped', async () => {
      const b = await replica(shared);
      const u = message(MOTHER, '/help');
      expect(await b.post(u)).toBe(200);
      const after = b.h.calls.length;
      expect(sentTexts(b.h)).toHaveLength(1);
      expect(await b.post(u)).toBe(200);
      expect(b.h.calls.length).toBe(after);
    });

    it('a copy re-sent while another replica handles the update gets 503 and is not handled twice', async () => {
      const a = await replica(shared);
      const b = await replica(shared);
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let held = false;
      a.h.bot.api.config.use(async (prev, method, payload) => {
        held = true;
        await gate;
        return prev(method, payload);
      });
      const u = message(MOTHER, '/help');
      const first = a.post(u);
      await until(() => held);
      expect(await b.post(u)).toBe(503);
      expect(b.h.calls).toEqual([]);
      open();
      expect(await first).toBe(200);
      expect(await b.post(u)).toBe(200);
      expect(sentTexts(a.h)).toHaveLength(1);
      expect(b.h.calls).toEqual([]);
    });

    it('an absence report whose replica died before answering is filed once when Telegram re-sends the press', async () => {
      const { user, child } = reporter;
      const dying = dyingSessions(db.ds);
      const a = await replica(shared, dying.adapter);
      const start = last(await a.h.send(user, '📝 Сообщить об отсутствии'));
      const dates = user === MOTHER ? last(await a.h.press(user, data(start, child))) : start;
      const reason = last(await a.h.press(user, data(dates, 'Сегодня')));
      await a.h.press(user, data(reason, 'Семейные обстоятельства'));
      const reports = () =>
        count(`SELECT count(*) AS n FROM absence_report WHERE "studentId" = $1`, [reporter.student()]);
      const before = await reports();
      // «Отправить»: the report is written, then the replica dies before it saved the session and answered.
      dying.state.dead = true;
      const u = press(user, 'ao:yes');
      void a.post(u).catch(() => undefined);
      await until(async () => (await reports()) === before + 1 && sentTexts(a.h).some((t) => t.startsWith('✅')));

      const b = await replica(shared);
      expect(await b.post(u)).toBe(503); // the dead replica's lease still runs
      expect(b.h.calls).toEqual([]);
      await shared.expireLease();
      expect(await b.post(u)).toBe(200);
      expect(sentTexts(b.h)).toEqual(['✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.']);
      expect(await reports()).toBe(before + 1);
      expect(
        await count(
          `SELECT count(*) AS n FROM outbox WHERE type = 'absenceReport.created' AND payload->>'studentId' = $1`,
          [String(reporter.student())],
        ),
      ).toBe(before + 1);
      // Handled now: a later copy is skipped.
      const calls = b.h.calls.length;
      expect(await b.post(u)).toBe(200);
      expect(b.h.calls.length).toBe(calls);
    });

    it('a message to a teacher handled again after a crash is written once', async () => {
      const dying = dyingSessions(db.ds);
      const a = await replica(shared, dying.adapter);
      const list = last(await a.h.send(MOTHER, '✉️ Сообщения'));
      const kids = last(await a.h.press(MOTHER, data(list, '✏️ Написать учителю')));
      const teachers = last(await a.h.press(MOTHER, data(kids, 'Анна Иванова')));
      await a.h.press(MOTHER, data(teachers, 'Кузнецов Олег — Математика'));
      const text = `Можно переписать контрольную? ${randomBytes(3).toString('hex')}`;
      const written = () => count(`SELECT count(*) AS n FROM thread_message WHERE text = $1`, [text]);
      dying.state.dead = true;
      const u = message(MOTHER, text);
      void a.post(u).catch(() => undefined);
      await until(async () => (await written()) === 1 && sentTexts(a.h).some((t) => t.startsWith('✅')));

      const b = await replica(shared);
      await shared.expireLease();
      expect(await b.post(u)).toBe(200);
      expect(sentTexts(b.h)).toEqual(['✅ Сообщение отправлено: Кузнецов Олег.']);
      expect(await written()).toBe(1);
    });

    it('a consent answer handled again after a crash links once and welcomes, not «invalid code»', async () => {
      const dying = dyingSessions(db.ds);
      const a = await replica(shared, dying.adapter);
      const user = randomInt(10_000_000, 20_000_000);
      const code = await issue(db.ds, { ...guardianOf(f, f.boris, f.borisFather), now: clock.now() });
      const asked = await a.h.send(user, `/start ${code}`);
      expect(buttonsOf(last(asked)).map((x) => x.text)).toContain('Согласен');
      dying.state.dead = true;
      const u = press(user, 'cf:y');
      const links = () => count(`SELECT count(*) AS n FROM link WHERE "telegramUserId" = $1`, [String(user)]);
      void a.post(u).catch(() => undefined);
      await until(async () => (await links()) === 1 && sentTexts(a.h).some((t) => t.startsWith('Готово')));

      const b = await replica(shared);
      await shared.expireLease();
      expect(await b.post(u)).toBe(200);
      expect(sentTexts(b.h).find((t) => t.startsWith('Готово'))).toMatch(
        /^Готово! Вы подключены как родитель \(законный представитель\): Борис Борисов, 5А\./,
      );
      expect(sentTexts(b.h)).not.toContain('Код не подошёл.');
      expect(await links()).toBe(1);
      // Typing the same code again: «already yours», not a failed attempt.
      const again = await b.h.send(user, code);
      expect(sentTexts(b.h, b.h.calls.length - again.length)[0]).toMatch(/^Этот код уже привязан к вашему аккаунту/);
    });

    it('a handler failure the user was told about is not handled again; one Telegram could not hear of is', async () => {
      const b = await replica(shared);
      // The session store fails once: the error boundary apologises, the update counts as handled.
      const failing = await replica(shared, {
        read: () => Promise.reject(new Error('session store down')),
        write: () => Promise.resolve(),
        delete: () => Promise.resolve(),
      });
      const u = message(MOTHER, '/help');
      expect(await failing.post(u)).toBe(200);
      expect(sentTexts(failing.h)).toEqual([expect.stringContaining('что-то пошло не так')]);
      expect(await b.post(u)).toBe(200);
      expect(b.h.calls).toEqual([]);

      // Telegram unreachable: nobody was told, so the webhook answers 500 and the copy Telegram re-sends is handled.
      const cut = await replica(shared);
      cut.h.bot.api.config.use(() => Promise.reject(new HttpError('Network request failed', new Error('ECONNRESET'))));
      const v = message(MOTHER, '/help');
      expect(await cut.post(v)).toBe(500);
      expect(await b.post(v)).toBe(200);
      expect(sentTexts(b.h)).toHaveLength(1);
    });
  },
);
