import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { redisPrefix, ROOT, tempDir } from './helpers/processes.js';

/**
 * `npm run demo` driven as a person would: in tmux (a real terminal), keys
 * typed with send-keys, the screen read with capture-pane. CI installs tmux
 * (apt-get install -y tmux); without it this test is skipped and says so.
 */
const SERVER = !!process.env.DATABASE_URL;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A tmux server of our own: its sessions see the environment we give, and kill-server ends all of it.
const SOCKET = `dnevnik-e2e-${randomBytes(4).toString('hex')}`;
const SESSION = 'demo';
const data = tempDir('dnevnik-e2e-demo-');
let testDb: TestDb | undefined;

const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-u', '-L', SOCKET, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' },
  });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', SESSION);
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Polls the screen until `test` holds; fails with what the screen showed. */
async function waitForScreen(test: (text: string) => boolean, timeoutMs: number, what: string): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < until) {
    text = screen();
    if (test(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the demo did not show ${what} within ${timeoutMs} ms; the screen:\n${text}`);
}

beforeAll(async () => {
  if (SERVER) testDb = await createTestDb();
});

afterAll(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  await testDb?.close();
  data.remove();
});

describe(`npm run demo in a terminal (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`, () => {
  it('offers people to play, links a parent through the consent question, quits cleanly', async (ctx) => {
    if (!hasTmux) {
      console.warn('SKIPPED: tmux is not installed (apt-get install -y tmux); the terminal demo test needs it.');
      ctx.skip();
    }
    const env = [
      `DATA_DIR=${quote(data.dir)}`,
      ...(SERVER
        ? [
            `DATABASE_URL=${quote(testDb!.url)}`,
            ...(process.env.REDIS_URL
              ? [`REDIS_URL=${quote(process.env.REDIS_URL)}`, `REDIS_PREFIX=${redisPrefix()}`]
              : []),
          ]
        : []),
    ];
    const unset = SERVER ? [] : ['-u', 'DATABASE_URL', '-u', 'REDIS_URL'];
    const command = `cd ${quote(ROOT)} && env ${unset.join(' ')} ${env.join(' ')} npm run demo; echo "demo exited with $?"; sleep 120`;
    const started = Date.now();
    tmux('new-session', '-d', '-s', SESSION, '-x', '160', '-y', '50', command);

    // The first screen: what this is, where the data lives, whom to play.
    const menu = await waitForScreen(
      (s) => s.includes('/quit — выход') && /\[1\] /.test(s),
      120_000,
      'the menu of people',
    );
    console.log(`[e2e] demo (${SERVER ? 'server' : 'embedded'}, fresh data): menu after ${Date.now() - started} ms`);
    expect(menu).toContain('Демо Telegram-бота электронного дневника школы');
    expect(menu).toContain('токен от @BotFather не нужен');
    expect(menu).toContain(SERVER ? 'сервер PostgreSQL из переменной DATABASE_URL' : 'встроенный PostgreSQL');
    expect(menu).toContain('Выберите, за кого войти в бот:');
    expect(menu).toMatch(/\[\d\] Ученик — /);
    expect(menu).toMatch(/\[\d\] Классный руководитель \d+\S* — /);
    const parent = /\[(\d)\] Родитель — (\S+ \S+)/.exec(menu);
    expect(parent, menu).not.toBeNull();

    tmux('send-keys', '-t', SESSION, parent![1], 'Enter');
    const consent = await waitForScreen(
      (s) => s.includes('Вы даёте согласие на обработку этих данных?'),
      30_000,
      'the consent question',
    );
    expect(consent).toContain(`Вы вошли как: Родитель — ${parent![2]}`);
    expect(consent).toMatch(/Вы: \/start [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(consent).toContain('Согласие на обработку персональных данных');
    const agree = /\[(\d)\] Согласен/.exec(consent);
    expect(agree, consent).not.toBeNull();

    tmux('send-keys', '-t', SESSION, agree![1], 'Enter');
    const welcome = await waitForScreen((s) => s.includes('Вы подключены как родитель'), 30_000, 'the welcome');
    expect(welcome).toContain('Кнопки под полем ввода:');
    // The consent buttons are gone from the question: said in one line, not by reprinting it.
    expect(welcome).toContain('(бот убрал кнопки под сообщением «Согласие на обработку');

    tmux('send-keys', '-t', SESSION, '/quit', 'Enter');
    const bye = await waitForScreen((s) => s.includes('demo exited with'), 30_000, 'the exit');
    expect(bye).toContain('Останавливаю бота и базу данных…');
    expect(bye).toContain('demo exited with 0');
  }, 240_000);

  it('runs with input piped in; a second start reuses the school and its codes', async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: data.dir,
      ...(SERVER ? { DATABASE_URL: testDb!.url, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: redisPrefix() } : {}),
    };
    const started = Date.now();
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/demo.ts'], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // Lines are taken one by one, each after the bot has answered the previous one: the parent, then the teacher.
    child.stdin.write('1\n/switch\n4\n');
    await openMiniAppAsTeacher(() => out);
    child.stdin.end('/quit\n');
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the demo did not exit within 90 s:\n${out}`));
      }, 90_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    console.log(
      `[e2e] demo with piped input (${SERVER ? 'server' : 'embedded'}, ${hasTmux ? 'existing' : 'fresh'} data): done in ${Date.now() - started} ms`,
    );
    expect(code, out).toBe(0);
    expect(out).toContain('Выберите, за кого войти в бот:');
    if (hasTmux) {
      // The tmux test seeded the school and linked the parent: nothing is seeded again, the parent is welcomed back.
      expect(out).not.toContain('Создаю демо-школу');
      expect(out).toContain('Этот аккаунт уже подключён в прошлый раз');
      expect(out).toContain('С возвращением!');
    } else {
      expect(out).toContain('Вы даёте согласие на обработку этих данных?');
    }
    expect(out).toContain('Останавливаю бота и базу данных…');
  }, 120_000);
});

/**
 * The link the demo prints for a person opens the Mini App as them in any
 * browser: a redirect to the page with launch data signed at that moment by
 * the demo's token (so the link never ages out), which the Mini App's API takes.
 */
async function openMiniAppAsTeacher(out: () => string): Promise<void> {
  const until = Date.now() + 60_000;
  let link: string | undefined;
  while (!link && Date.now() < until) {
    link = /Мини-приложение .*: (http:\/\/127\.0\.0\.1:\d+\/910000004)\n/.exec(out())?.[1];
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(link, out()).toBeDefined();
  expect(out()).toContain(`(тёмная тема — ${link}?theme=dark)`);
  let me: { status: number; body: any } | undefined;
  let launch: URL | undefined;
  // The teacher is linked by the /start with the code the demo sends after printing the link.
  while (me?.status !== 200 && Date.now() < until) {
    const res = await fetch(`${link}?screen=grid&class=7`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    launch = new URL(res.headers.get('location')!);
    const fragment = new URLSearchParams(launch.hash.slice(1));
    const initData = fragment.get('tgWebAppData')!;
    const signedAt = Number(new URLSearchParams(initData).get('auth_date')) * 1000;
    expect(Math.abs(Date.now() - signedAt)).toBeLessThan(10_000);
    expect(fragment.get('tgWebAppPlatform')).toBe('web');
    expect(JSON.parse(fragment.get('tgWebAppThemeParams')!)).toMatchObject({ bg_color: '#ffffff' });
    const api = await fetch(new URL('/app/api/me', launch), { headers: { authorization: `tma ${initData}` } });
    me = { status: api.status, body: await api.json() };
    if (me.status !== 200) await new Promise((r) => setTimeout(r, 300));
  }
  expect(me, out()).toMatchObject({ status: 200, body: { staff: { roles: ['teacher'] }, screens: ['grid'] } });
  expect(launch!.pathname).toBe('/app/');
  expect(launch!.search).toBe('?screen=grid&class=7');
  const page = await fetch(launch!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<script');
  // Anyone else: not the demo's person, not signed.
  expect((await fetch(link!.replace(/\d+$/, '123'), { redirect: 'manual' })).status).toBe(404);
}
