import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { FakeMaxApi } from './support/fake-max-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { bigClass, NOTIFY_HASH_KEY } from './helpers/notifications.js';
import { killAll, spawnApp, tail, type Spawned } from './helpers/processes.js';

/**
 * Crash safety of MAX's sender with the real worker process (main.ts, RUN_BOT=false, MAX_BOT_TOKEN set):
 * 300 MAX families have a message waiting, one with buttons, when the process is SIGKILLed half-way; a
 * new process finishes. Every family gets its message once, and the only repeats are sends MAX (the
 * fake) had received when the process died (claimed rows whose text had arrived). A Telegram family's
 * row waiting beside them goes through Telegram's sender, not MAX's.
 */
const TOKEN = '700003:NOTIFY-max-crash-test-token-00000';
const MAX_TOKEN = 'max-crash-test-token-0000000000';
const N = 300;
let db: TestDb;
let f: SchoolFixture;
let tg: FakeBotApi;
let max: FakeMaxApi;

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: tg.url,
  MAX_BOT_TOKEN: MAX_TOKEN,
  MAX_API_ROOT: max.url,
  MAX_NOTIFY_RATE_PER_SECOND: '25',
  RUN_BOT: 'false',
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: NOTIFY_HASH_KEY,
  NOTIFY_QUIET_HOURS: 'off',
  NOTIFY_POLL_SECONDS: '1',
  NOTIFY_SEND_TIMEOUT_SECONDS: '2',
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
  tg = new FakeBotApi({ token: TOKEN, allowUnknownChats: true });
  await tg.start();
  // MAX's 30 requests a second: the worker's 25 stay under it (a 429 would only delay, not lose).
  max = await new FakeMaxApi({ token: MAX_TOKEN, rps: 30 }).start();
});
afterAll(async () => {
  await killAll();
  await max.stop();
  await tg.stop();
  await db.close();
});

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string, child?: Spawned): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms${child ? `\n${tail(child)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("MAX's sender survives SIGKILL of the worker process", () => {
  it('300 MAX messages killed half-way: each family gets its message, duplicates at most the sends in flight', async () => {
    const { chats } = await bigClass(db.ds, f.school.id, f.year.id, N + 1, 8_100_000);
    const maxChats = chats.slice(0, N);
    const tgChat = chats[N];
    await db.ds.query(`UPDATE link SET messenger = 'max' WHERE "chatId" = ANY($1::bigint[])`, [maxChats]);
    await db.ds.query(
      `INSERT INTO notification_delivery ("schoolId", "dedupeKey", kind, messenger, "chatId", "linkId", text, extra)
       SELECT l."schoolId", 'maxcrash:' || l."chatId", 'announcement', l.messenger, l."chatId", l.id,
              'Собрание в пятницу — <b>' || l."chatId" || '</b>',
              CASE WHEN l."chatId" = $1 THEN '{"buttons":[[{"text":"Ознакомлен","data":"ack:1"}]]}'::jsonb END
         FROM link l WHERE l."chatId" = ANY($2::bigint[])`,
      [maxChats[0], chats],
    );

    // Only this test's announcement counts: the worker's own schedules (digests planned at start-up) may
    // write to the same families, now in MAX too, and those are not repeats.
    const announced = () => max.allSent().filter((m) => m.text?.startsWith('Собрание в пятницу'));
    const first = spawnApp('main.ts', env());
    await until(() => announced().length >= N / 2, 60_000, 'half the MAX messages', first);
    process.kill(-first.proc.pid!, 'SIGKILL');
    await first.exited;
    const atCrash = announced().length;
    expect(atCrash).toBeLessThan(N);
    const claimed: { chatId: string; text: string }[] = await db.ds.query(
      `SELECT "chatId", text FROM notification_delivery WHERE status = 'sending' AND messenger = 'max'`,
    );
    const inFlightSent = claimed.filter((d) => max.sentToUser(Number(d.chatId)).some((m) => m.text === d.text)).length;

    const second = spawnApp('main.ts', env());
    await until(() => new Set(announced().map((m) => m.chat)).size >= N, 90_000, 'every MAX family', second);
    await until(
      async () =>
        (
          await db.ds.query(
            `SELECT count(*)::int AS n FROM notification_delivery WHERE "dedupeKey" LIKE 'maxcrash:%' AND status <> 'sent'`,
          )
        )[0].n === 0,
      20_000,
      'all rows sent',
      second,
    );
    process.kill(-second.proc.pid!, 'SIGTERM');
    await second.exited;

    const perUser = new Map<string, number>();
    for (const m of announced()) perUser.set(m.chat, (perUser.get(m.chat) ?? 0) + 1);
    expect([...perUser.keys()].sort()).toEqual(maxChats.map((c) => `user:${c}`).sort());
    expect(announced().length - N).toBeLessThanOrEqual(inFlightSent);
    const isAnnouncement = (m: { text: string | null }) => m.text?.startsWith('Собрание в пятницу') ?? false;
    const withButtons = max.sentToUser(maxChats[0]).find(isAnnouncement)!;
    expect(withButtons.format).toBe('html');
    expect(withButtons.attachments).toEqual([
      { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'Ознакомлен', payload: 'ack:1' }]] } },
    ]);
    expect(
      max
        .sentToUser(maxChats[5])
        .filter(isAnnouncement)
        .map((m) => m.text),
    ).toEqual([`Собрание в пятницу — <b>${maxChats[5]}</b>`]);
    // The Telegram family's row went to Telegram, not to MAX.
    const tgSends = tg.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok);
    expect(tgSends.map((c) => c.params.chat_id)).toContain(tgChat);
    expect(max.sentToUser(tgChat)).toEqual([]);
  }, 200_000);
});
