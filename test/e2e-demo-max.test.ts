import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { redisPrefix, ROOT, tempDir } from './helpers/processes.js';

/**
 * `npm run demo -- --messenger max` with its input piped in, as a person types at the prompt: the
 * demo school played through the fake MAX API. A parent opens the bot from the invitation's link,
 * agrees to the consent question and sees the marks, pressing MAX's buttons by their numbers. The
 * database is one of the test run's (a fresh one), which spares starting an embedded PostgreSQL.
 */
const data = tempDir('dnevnik-e2e-demo-max-');
let testDb: TestDb;
let child: ChildProcessWithoutNullStreams | undefined;
let out = '';

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await testDb?.close();
  data.remove();
});

function demo(args: string[]): ChildProcessWithoutNullStreams {
  const { BOT_TOKEN: _t, MAX_BOT_TOKEN: _m, DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
  const env = {
    ...inherited,
    DATA_DIR: data.dir,
    DATABASE_URL: testDb.url,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: redisPrefix() } : {}),
  };
  // The run's compiled app (test/global-setup.ts), as the other spawned processes run.
  const p = spawn(process.execPath, [path.join(inject('appBuild'), 'cli', 'demo.js'), ...args], { cwd: ROOT, env });
  out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (out += d));
  return p;
}

/** Waits until the output (after `from`) matches; fails with what it showed. */
async function shown(re: RegExp, from: number, what: string, ms = 60_000): Promise<RegExpExecArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = re.exec(out.slice(from));
    if (m) return m;
    if (Date.now() > end || child?.exitCode !== null)
      throw new Error(`the demo did not show ${what} within ${ms} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exit = (p: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.on('exit', resolve)));

describe('npm run demo -- --messenger max', () => {
  it('refuses an unknown messenger with exit code 2 and says how to run it', async () => {
    const p = demo(['--messenger', 'icq']);
    expect(await exit(p)).toBe(2);
    expect(out).toContain('Неверные параметры демо: --messenger: must be telegram or max');
    expect(out).toContain('npm run demo [-- --messenger telegram|max]');
  }, 20_000);

  it('a parent links from the MAX deep link through the consent question and sees the marks', async () => {
    const started = Date.now();
    child = demo(['--messenger', 'max']);
    const menu = await shown(/\[(\d)\] Родитель — (\S+ \S+)/, 0, 'the menu of people');
    expect(out).toContain('Демо MAX-бота электронного дневника школы');
    expect(out).toMatch(/Мессенджер: MAX \(имитация MAX Bot API: http:\/\/127\.0\.0\.1:\d+\)/);
    expect(out).toContain('сервер PostgreSQL из переменной DATABASE_URL');
    let at = out.length;
    child.stdin.write(`${menu[1]}\n`);

    const agree = await shown(/\[(\d)\] Согласен/, at, 'the consent question');
    const consent = out.slice(at);
    expect(consent).toContain(`Вы вошли как: Родитель — ${menu[2]}`);
    expect(consent).toMatch(/Вы: «Начать» по ссылке https:\/\/max\.ru\/dnevnik_demo_bot\?start=[A-Z0-9]{16}\n/);
    expect(consent).toContain('Вы даёте согласие на обработку этих данных?');
    expect(consent).toMatch(/Мини-приложение [^\n]+ как его открывает MAX: http:\/\/127\.0\.0\.1:\d+\/\d+\n/);
    at = out.length;
    child.stdin.write(`${agree[1]}\n`);

    const marks = await shown(/\[(\d+)\] 📒 Отметки/, at, 'the menu after linking');
    const welcome = out.slice(at);
    expect(welcome).toContain('Вы: [Согласен]');
    expect(welcome).toContain('(бот убрал кнопки под сообщением «Согласие на обработку');
    expect(welcome).toContain('Вы подключены как родитель (законный представитель)');
    at = out.length;
    child.stdin.write(`${marks[1]}\n`);

    await shown(/📒 Отметки · [^\n]+\n(?:[^\n]*\n)*?\s*📘 [^\n]+\n\s*(?:🆕)?[2-5] \S/, at, 'the marks');
    expect(out.slice(at)).toContain('Вы: 📒 Отметки');

    // The marks' Mini App button opens the app as MAX does: launch data signed with the demo's MAX token.
    const app = await shown(/\[(\d+)\] 📈 [^\n]+ ↗/, at, 'the Mini App button');
    at = out.length;
    child.stdin.write(`${app[1]}\n`);
    const [, link] = await shown(/Эта кнопка открывает мини-приложение\. В браузере: (\S+)/, at, 'the browser link');
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const to = new URL(opened.headers.get('location')!);
    const initData = new URLSearchParams(to.hash.slice(1)).get('WebAppData')!;
    expect(new URLSearchParams(initData).get('start_param')).toMatch(/^term_student-\d+(_period-\d+)?$/);
    const term = await fetch(new URL('api/term', to), { headers: { authorization: `max ${initData}` } });
    expect(term.status).toBe(200);
    expect(JSON.stringify(await term.json())).toContain('Математика');
    child.stdin.end('/quit\n');
    expect(await exit(child), out).toBe(0);
    expect(out).toContain('Останавливаю бота и базу данных…');
    console.log(`[e2e] demo in MAX with piped input (fresh school): done in ${Date.now() - started} ms`);
  }, 90_000);
});
