import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned } from './helpers/processes.js';

/**
 * The real process (`tsx main.ts`) against the fake Bot API: start-up, a first
 * answer, SIGTERM, a restart on the same data, a second instance refused,
 * configuration errors. Embedded PostgreSQL in a temp DATA_DIR, or — when the
 * test run has DATABASE_URL — a fresh database of that server plus REDIS_URL.
 */
const TOKEN = '123456:TEST-e2e-main-token-00000000';
const SERVER = !!process.env.DATABASE_URL;
const GREETING = 'Здравствуйте! Это электронный дневник школы в Telegram.';

let fake: FakeBotApi;
let testDb: TestDb | undefined;
const data = tempDir('dnevnik-e2e-main-');
const timings: string[] = [];

beforeAll(async () => {
  // Update ids and users unlike any earlier run's: in server mode Redis keeps sessions between runs.
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
});

afterAll(async () => {
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
  if (timings.length)
    console.log(
      `process start → first getUpdates (${SERVER ? 'server' : 'embedded'} mode):\n  ${timings.join('\n  ')}`,
    );
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.url,
    DATA_DIR: data.dir,
    LOG_LEVEL: 'info',
    ...(SERVER
      ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
      : {}),
    ...extra,
  };
}

/** Starts main.ts and waits for its first getUpdates; returns the child and the time that took. */
async function startPolling(label: string, extra: Record<string, string> = {}): Promise<Spawned> {
  const since = fake.calls.length;
  const child = spawnApp('main.ts', env(extra));
  const exitedEarly = child.exited.then(({ code }) => {
    throw new Error(`main.ts exited with ${code} before polling:\n${tail(child)}`);
  });
  const call = await Promise.race([fake.waitForRequest((c) => c.method === 'getUpdates', 90_000, since), exitedEarly]);
  const ms = call.at - child.startedAt;
  timings.push(`${label}: ${ms} ms`);
  console.log(`[e2e] ${label}: first getUpdates after ${ms} ms`);
  return child;
}

async function greetsOnStart(child: Spawned): Promise<void> {
  const user = randomInt(100_000_000, 900_000_000);
  const { message } = fake.injectMessage(user, '/start');
  const reply = await fake
    .waitForMessage(user, () => true, 30_000, message.messageId)
    .catch((e: Error) => {
      throw new Error(`${e.message}\n${tail(child)}`);
    });
  expect(reply.text).toContain(GREETING);
}

async function stopsOnSigterm(child: Spawned): Promise<void> {
  child.proc.kill('SIGTERM');
  const { code } = await exitWithin(child, 10_000);
  expect(code, tail(child)).toBe(0);
}

describe(`main.ts as a process (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`, () => {
  it('(a) fresh start: polls, answers /start in Russian, exits 0 on SIGTERM', async () => {
    const child = await startPolling(SERVER ? 'server, fresh database' : 'embedded, fresh DATA_DIR');
    expect(fake.calls.some((c) => c.method === 'getMe')).toBe(true);
    expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    await greetsOnStart(child);
    await stopsOnSigterm(child);
  }, 150_000);

  it('(b) a second start on the existing data works', async () => {
    const child = await startPolling(SERVER ? 'server, existing database' : 'embedded, existing DATA_DIR');
    await greetsOnStart(child);
    await stopsOnSigterm(child);
  }, 120_000);

  it('(c) a second instance on the same DATA_DIR exits 3 and says why', async () => {
    // The lock belongs to the embedded database: this test runs without DATABASE_URL in both modes.
    const shared = SERVER ? tempDir('dnevnik-e2e-lock-') : data;
    const embedded = { DATABASE_URL: '', REDIS_URL: '', DATA_DIR: shared.dir };
    try {
      const first = await startPolling(
        SERVER ? 'embedded (lock test), fresh DATA_DIR' : 'embedded, existing DATA_DIR (lock test)',
        embedded,
      );
      const second = spawnApp('main.ts', env(embedded));
      const { code } = await exitWithin(second, 60_000);
      expect(code, tail(second)).toBe(3);
      expect(second.stderr()).toContain('Another instance is using DATA_DIR');
      expect(first.isRunning()).toBe(true);
      await greetsOnStart(first);
      await stopsOnSigterm(first);
    } finally {
      if (SERVER) shared.remove();
    }
  }, 180_000);

  it('(d) configuration errors exit 2 with a sentence a person can act on', async () => {
    const noToken = spawnApp('main.ts', { DATA_DIR: data.dir, BOT_API_ROOT: fake.url });
    const badMode = spawnApp('main.ts', env({ BOT_MODE: 'pull' }));
    const [a, b] = await Promise.all([exitWithin(noToken, 30_000), exitWithin(badMode, 30_000)]);
    expect(a.code).toBe(2);
    expect(noToken.stderr()).toContain('Neither BOT_TOKEN nor MAX_BOT_TOKEN is set');
    expect(noToken.stderr()).toContain('business.max.ru');
    expect(noToken.stderr()).toContain('@BotFather');
    expect(noToken.stderr()).toContain('npm run demo');
    expect(b.code).toBe(2);
    expect(badMode.stderr()).toContain('BOT_MODE');
  }, 60_000);
});
