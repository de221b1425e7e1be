import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickPersonas, type Persona } from '../cli/demo/school.js';
import type { IssuedCode } from '../cli/seed/invitations.js';
import type { ThemeName } from '../cli/demo/launch.js';
import { signLaunchData } from '../cli/demo/launch.js';
import { freePort } from '../db/embedded.js';
import { openDatabase } from '../db/database.js';
import type { MarkValue } from '../db/entities/index.js';
import { setMark } from '../core/journal/marks.js';
import { inTransaction } from '../core/unit-of-work.js';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, ROOT, SCHOOL_DAY, spawnApp, tail, tempDir, type Spawned } from './helpers/processes.js';
import {
  GRID_READY,
  gridUrlFromToday,
  pressRussian,
  hasChromium,
  launchChromium,
  linkInChat,
  openMiniApp,
  say,
  webAppUrlOf,
} from './helpers/webapp-browser.js';

/**
 * The Mini App end to end, in Debian's Chromium: the demo school seeded by the
 * CLI, main.ts polling the fake Bot API with WEBAPP_URL/WEBAPP_PORT set and the
 * clock at SCHOOL_DAY, the demo's people linked through the chat, and the page
 * opened as Telegram opens it — from the chat's buttons, with launch data
 * signed by the bot's token in the fragment, in Telegram's light and dark
 * themes. One process, one browser for every test; screenshots of every
 * screen opened go to test-artifacts/webapp/ (ignored by git) for reviewers.
 * Without /usr/bin/chromium (CI installs it) the file is skipped and says so. E2E_WEBAPP_DEBUG=1
 * prints the pages' console and their failed requests.
 */
const TOKEN = '123456:TEST-e2e-webapp-token-0000000000';
const SERVER = !!process.env.DATABASE_URL;
const SHOTS = path.join(ROOT, 'test-artifacts', 'webapp');
const THEMES: ThemeName[] = ['light', 'dark'];
const REFUSED = 'Не удалось подтвердить вход. Закройте и откройте приложение из чата с ботом.';
const EXPIRED = 'Сеанс устарел. Закройте и откройте приложение из чата с ботом ещё раз.';
const CARD: Record<string, string> = { grid: 'Журнал', glance: 'Мой класс', term: 'Успеваемость', panel: 'Контроль' };
const NO_LAUNCH = 'Откройте это приложение кнопкой в чате с ботом «Дневник».';

const browserHere = hasChromium();
if (!browserHere)
  console.warn('SKIPPED: /usr/bin/chromium is not installed (apt-get install -y chromium); the Mini App e2e needs it.');

let fake: FakeBotApi;
let testDb: TestDb | undefined;
let bot: Spawned;
let browser: Browser;
let app: string;
const people = new Map<Persona['role'], Persona>();
const data = tempDir('dnevnik-e2e-webapp-');

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-webapp-key-0123456789',
  CLOCK_START: SCHOOL_DAY,
  // A mark's notification waits out the correction window: a short one, so the parent's arrives in the test.
  NOTIFY_CORRECTION_WINDOW_SECONDS: '2',
  NOTIFY_POLL_SECONDS: '1',
  ...(SERVER
    ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
    : {}),
});

/** The product's now: the process's clock started at SCHOOL_DAY when it was spawned (a little before its own start). */
const productNow = () => new Date(Date.parse(SCHOOL_DAY) + Date.now() - bot.startedAt);
const person = (role: Persona['role']) => {
  const p = people.get(role);
  if (!p) throw new Error(`the demo school has no ${role}`);
  return p;
};
const launchUser = (p: Persona) => ({ id: p.userId, firstName: p.firstName, lastName: p.lastName });

/** Opens the Mini App at `url` as `p`; resolves once the page has asked the server who is signed in. */
async function open(p: Persona, url: string, theme: ThemeName = 'light', initData?: string) {
  const opened = await openMiniApp(browser, {
    appUrl: url,
    token: TOKEN,
    user: launchUser(p),
    authDate: productNow(),
    theme,
    ...(initData ? { initData } : {}),
  });
  if (process.env.E2E_WEBAPP_DEBUG) {
    opened.page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    opened.page.on('response', (r) => r.status() >= 400 && console.log(`[page ${r.status()}] ${r.url()}`));
  }
  return opened;
}

/**
 * What the page shows once the sign-in (GET /app/api/me) is answered and drawn;
 * `idle`: and once the screen's own requests are answered too (no request for 0.5 s).
 */
async function settled({ page, me }: { page: Page; me: Promise<unknown> }, idle = false): Promise<string> {
  await me;
  await page.waitForFunction(() => !document.body.innerText.includes('Загрузка…'), undefined, { timeout: 15_000 });
  if (idle) await page.waitForLoadState('networkidle');
  return (await page.locator('body').innerText()).trim();
}

/** The grid at the lesson opened as `p` and drawn: the row of the student named `lastName`, the lesson's column. */
async function gridAt(p: Persona, pair: Pair, lessonId: number, lastName: string) {
  const opened = await open(p, gridLink(pair, lessonId));
  await settled(opened);
  const { page } = opened;
  await page.locator(GRID_READY).waitFor({ timeout: 15_000 });
  const names = await page.locator('tbody tr th.name').allInnerTexts();
  const row = names.findIndex((n) => n.includes(lastName));
  const col = (await page.locator('td.cell.active').getAttribute('data-cell'))!.split(':').map(Number)[1];
  return { opened, page, names, row, col };
}

/** The Mini App's API as `p` signs in (for what a test must know before it drives the page). */
async function apiAs<T>(p: Persona, path: string): Promise<T> {
  const res = await fetch(`${app}api/${path}`, {
    headers: { authorization: `tma ${signLaunchData(TOKEN, launchUser(p), productNow())}` },
  });
  if (!res.ok) throw new Error(`GET ${path} as ${p.role}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Child {
  studentId: number;
  firstName: string;
  lastName: string;
  className: string;
}
const children = new Map<number, Child>();

/** The parent's (first) child, as the Mini App's /me names it. */
async function childOfParent(parent: Persona): Promise<Child> {
  if (!children.has(parent.userId)) {
    const me = await apiAs<{ children: { studentId: number; name: string; className: string }[] }>(parent, 'me');
    const [c] = me.children;
    const [firstName, ...rest] = c.name.split(' ');
    children.set(parent.userId, {
      studentId: c.studentId,
      firstName,
      lastName: rest.join(' '),
      className: c.className,
    });
  }
  return children.get(parent.userId)!;
}

type Pair = {
  classId: number;
  className: string;
  subjectId: number;
  subject: string;
  subgroupId: number | null;
  readOnly: boolean;
};

/** A demo teacher who may enter marks today in the child's class: who, the class and subject, the open lesson. */
async function gridFor(parent: Persona) {
  const child = await childOfParent(parent);
  for (const who of [person('teacher'), person('class_teacher')]) {
    const pairs = await apiAs<{ pairs: Pair[] } | Pair[]>(who, 'grid/options');
    const list = Array.isArray(pairs) ? pairs : pairs.pairs;
    for (const pair of list.filter((x) => x.className === child.className && !x.readOnly)) {
      const sub = pair.subgroupId ? `&subgroup=${pair.subgroupId}` : '';
      const grid = await apiAs<any>(who, `grid?class=${pair.classId}&subject=${pair.subjectId}${sub}`);
      if (!grid.keepsMarks || !grid.students.some((st: { id: number }) => st.id === child.studentId)) continue;
      const lesson = [...grid.lessons].reverse().find((l: { entry: { open: boolean } }) => l.entry.open);
      if (lesson) return { who, pair, lesson: lesson as { id: number; date: string } };
    }
  }
  throw new Error(`no demo teacher enters marks today in ${child.className}`);
}

const gridLink = (pair: Pair, lessonId: number) =>
  `${app}?screen=grid&class=${pair.classId}&subject=${pair.subjectId}${pair.subgroupId ? `&subgroup=${pair.subgroupId}` : ''}&lesson=${lessonId}`;

/** The subject's row of the parent's term screen, as its API gives it. */
async function termSubject(parent: Persona, subject: string) {
  const child = await childOfParent(parent);
  const term = await apiAs<any>(parent, `term?student=${child.studentId}`);
  return (
    term.subjects as { name: string; shortName: string; average: number | null; marks: { value: string }[] }[]
  ).find((x) => x.name === subject);
}

/** «4,13», as the diary and the term screen write an average kept in hundredths. */
const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;

/** The bot process's database: the server's in the server pass, else the embedded one in DATA_DIR (its port in postmaster.pid). */
function journalUrl(): string {
  if (SERVER) return testDb!.url;
  const port = readFileSync(path.join(data.dir, 'pg', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  return `postgres://postgres:embedded@127.0.0.1:${port}/dnevnik`;
}

/** Changes a mark as the school's e-journal feed does: the journal's own write, the feed as its actor. */
async function writeAsFeed(
  mark: { id: number; studentId: number; lessonId: number; workKindId: number },
  value: MarkValue,
) {
  const db = await openDatabase({ databaseUrl: journalUrl(), dataDir: data.dir, migrate: false, poolSize: 1 });
  try {
    const [row] = await db.dataSource.query(
      `SELECT m."schoolId", m."subjectId", m."teacherId", m.date FROM mark m WHERE m.id = $1`,
      [mark.id],
    );
    await inTransaction(db.dataSource, (em) =>
      setMark(
        em,
        {
          ...row,
          studentId: mark.studentId,
          workKindId: mark.workKindId,
          lessonId: mark.lessonId,
          value,
          markId: mark.id,
        },
        { kind: 'feed', schoolId: row.schoolId },
      ),
    );
  } finally {
    await db.close();
  }
}

/** Runs statements on the bot process's database (as the school's administrator or its e-journal would). */
async function onJournal(run: (q: (sql: string, params?: unknown[]) => Promise<any>) => Promise<void>) {
  const db = await openDatabase({ databaseUrl: journalUrl(), dataDir: data.dir, migrate: false, poolSize: 1 });
  try {
    await run((sql, params = []) => db.dataSource.query(sql, params));
  } finally {
    await db.close();
  }
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!browserHere) return;
  mkdirSync(SHOTS, { recursive: true });
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
  const starting = launchChromium();
  const seed = spawnApp('cli/index.ts', env(), ['seed', '--demo', '--json']);
  const { code } = await exitWithin(seed, 90_000);
  if (code !== 0) throw new Error(`seed exit ${code}\n${tail(seed)}`);
  const invitations: IssuedCode[] = JSON.parse(seed.stdout()).invitations;
  for (const p of pickPersonas(invitations)) people.set(p.role, p);
  const port = await freePort();
  app = `http://127.0.0.1:${port}/app/`;
  bot = spawnApp('main.ts', { ...env(), WEBAPP_PORT: String(port), WEBAPP_URL: app });
  const exitedEarly = bot.exited.then(({ code }) => {
    throw new Error(`main.ts exited with ${code}:\n${tail(bot)}`);
  });
  await Promise.race([fake.waitForRequest((c) => c.method === 'getUpdates', 90_000), exitedEarly]);
  browser = await starting;
  for (const p of people.values())
    fake.addUser({ id: p.userId, first_name: p.firstName, last_name: p.lastName, language_code: 'ru' });
  await Promise.all([...people.values()].map((p) => linkInChat(fake, p.userId, p.code)));
  console.log(`[e2e] webapp (${SERVER ? 'server' : 'embedded'}): ready after ${Date.now() - bot.startedAt} ms`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
});

describe.skipIf(!browserHere)(
  `the Mini App in Chromium (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`,
  () => {
    it("the chat's menu button opens the Mini App at the screen of each role", () => {
      const menu = (role: Persona['role']) => fake.menuButtonFor(person(role).userId) as any;
      expect(menu('teacher')).toEqual({ type: 'web_app', text: 'Журнал', web_app: { url: `${app}?screen=grid` } });
      expect(menu('parent')).toEqual({ type: 'web_app', text: 'Успеваемость', web_app: { url: `${app}?screen=term` } });
      expect(menu('student').web_app.url).toBe(`${app}?screen=term`);
      expect(menu('deputy').web_app.url).toBe(`${app}?screen=panel`);
      expect(menu('director').web_app.url).toBe(`${app}?screen=panel`);
      // A class teacher who also teaches: the home screen, where the grid and the class are.
      expect(menu('class_teacher')).toMatchObject({ type: 'web_app', web_app: { url: app } });
    });

    it('forged, expired or missing launch data: the Russian refusal and nothing else', async () => {
      const teacher = person('teacher');
      const good = signLaunchData(TOKEN, launchUser(teacher), productNow());
      // Another user's id under the teacher's signature.
      const forged = good.replace(`%22id%22%3A${teacher.userId}`, `%22id%22%3A${person('director').userId}`);
      expect(forged).not.toBe(good);
      const otherToken = signLaunchData('123456:SOME-other-bots-token-00000000', launchUser(teacher), productNow());
      for (const initData of [forged, otherToken]) {
        const opened = await open(teacher, app, 'light', initData);
        const { context, page } = opened;
        expect(await settled(opened)).toBe(REFUSED);
        expect(await page.locator('nav, button, table, input').count()).toBe(0);
        await context.close();
      }
      const stale = signLaunchData(TOKEN, launchUser(teacher), new Date(productNow().getTime() - 2 * 3600_000));
      const expired = await open(teacher, app, 'light', stale);
      expect(await settled(expired)).toBe(EXPIRED);
      await shot(expired.page, 'refused-expired-light');
      await expired.context.close();

      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(app);
      await page.waitForFunction((text) => document.body.innerText.includes(text), NO_LAUNCH);
      expect((await page.locator('body').innerText()).trim()).toBe(NO_LAUNCH);
      await context.close();
    });

    it("the home screen of each role (the class teacher's in light and dark), with what the role may open", async () => {
      const expected: Partial<Record<Persona['role'], (screens: string[]) => void>> = {
        teacher: (s) => expect(s).toEqual(['grid']),
        parent: (s) => expect(s).toEqual(['term']),
        student: (s) => expect(s).toEqual(['term']),
        class_teacher: (s) => expect(s).toEqual(expect.arrayContaining(['grid', 'glance'])),
        deputy: (s) => expect(s).toContain('panel'),
        director: (s) => expect(s).toEqual(['panel']),
      };
      const home = async (role: Persona['role'], check: (s: string[]) => void, theme: ThemeName) => {
        const opened = await open(person(role), app, theme);
        const { context, page } = opened;
        const me = await (await opened.me).json();
        check(me.screens);
        const shown = await settled(opened);
        expect(shown).not.toMatch(/Не удалось|Сеанс устарел|не привязан|Нет связи/);
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(theme === 'dark');
        // With one screen the app opens it at once; with more, a card for each.
        if (me.screens.length > 1)
          expect(await page.locator('nav.cards .card strong').allInnerTexts(), shown).toEqual(
            me.screens.map((s: string) => CARD[s]),
          );
        await shot(page, `home-${role}-${theme}`);
        await context.close();
      };
      // Both themes where the home screen is a choice (more than one screen); with one, the screen itself
      // opens (its light and dark shots come from the next test).
      for (const [role, check] of Object.entries(expected) as [Persona['role'], (s: string[]) => void][]) {
        const themes: ThemeName[] = role === 'class_teacher' ? THEMES : ['light'];
        await Promise.all(themes.map((theme) => home(role, check, theme)));
      }
    });

    // One test per screen: each opens its page twice (light and dark) and waits for the network to go
    // idle, which on a loaded machine takes most of a test's 30 s when four screens share one test.
    const screen = async (name: string, p: Persona, url: string) => {
      await Promise.all(
        THEMES.map(async (theme) => {
          const opened = await open(p, url, theme);
          const shown = await settled(opened, true);
          expect(shown, `${name} (${theme})`).not.toMatch(/Не удалось|Сеанс устарел|не привязан|Нет доступа|Нет связи/);
          await shot(opened.page, `${name}-${theme}`);
          await opened.context.close();
        }),
      );
    };

    it("the grid opened from the teacher's «Открыть журнал», light and dark (screenshots for reviewers)", async () => {
      const teacher = person('teacher');
      const grid = await gridUrlFromToday(fake, teacher.userId);
      expect(grid).toMatch(
        new RegExp(`^${app.replace(/[.?]/g, '\\$&')}\\?screen=grid&class=\\d+&subject=\\d+.*&lesson=\\d+$`),
      );
      await screen('grid', teacher, grid);
    });

    it("the term opened from the parent's /marks, light and dark (screenshots for reviewers)", async () => {
      const parent = person('parent');
      const marks = await say(fake, parent.userId, '/marks', (m) => !!m.inlineKeyboard?.length);
      const term = webAppUrlOf(marks, '📈 Успеваемость за четверть');
      expect(term).toMatch(/\?screen=term&student=\d+&period=\d+$/);
      await screen('term', parent, term);
    });

    it("the panel opened from the deputy's /control, light and dark (screenshots for reviewers)", async () => {
      const deputy = person('deputy');
      const control = await say(fake, deputy.userId, '/control', (m) => !!m.inlineKeyboard?.length);
      const panel = webAppUrlOf(control, '📊 Панель контроля');
      expect(panel).toBe(`${app}?screen=panel`);
      await screen('panel', deputy, panel);
    });

    it("the class teacher's glance, light and dark (screenshots for reviewers)", async () => {
      await screen('glance', person('class_teacher'), `${app}?screen=glance`);
    });

    it('the teacher opens the grid from «Открыть журнал», types a mark and «н», and each cell says saved', async () => {
      const teacher = person('teacher');
      const url = await gridUrlFromToday(fake, teacher.userId);
      const opened = await open(teacher, url);
      const { page } = opened;
      await settled(opened);
      await page.locator(GRID_READY).waitFor({ timeout: 15_000 });
      // The cursor starts on the lesson the button named; digits enter the chosen work kind's mark and move down.
      const [row, col] = (await page.locator('td.cell.active').getAttribute('data-cell'))!.split(':').map(Number);
      await page.locator('td.cell.active').click();
      await page.keyboard.press('4');
      await pressRussian(page, 'н', 'KeyY');
      for (const [r, text] of [
        [row, '4'],
        [row + 1, 'н'],
      ] as const) {
        const cell = page.locator(`[data-cell="${r}:${col}"]`);
        await expect.poll(() => cell.getAttribute('class'), { timeout: 15_000 }).toContain('st-saved');
        expect(await cell.innerText()).toContain(text);
        expect(await cell.getAttribute('title')).toContain('Сохранено');
      }
      await shot(page, 'grid-entered-light');
      await opened.context.close();
    });

    it("the parent's child gets a mark in the grid: the parent is told in the chat and the term screen shows it", async () => {
      const parent = person('parent');
      const { who, pair, lesson } = await gridFor(parent);
      const before = await termSubject(parent, pair.subject);
      const value = (before?.average ?? 0) >= 400 ? '2' : '5';
      const child = await childOfParent(parent);
      const { opened, page, names, row, col } = await gridAt(who, pair, lesson.id, child.lastName);
      expect(row, names.join(', ')).toBeGreaterThanOrEqual(0);
      const cell = page.locator(`[data-cell="${row}:${col}"]`);
      const lastBefore = Math.max(0, ...fake.messagesFor(parent.userId).map((m) => m.messageId));
      await cell.click();
      await page.keyboard.press(value);
      await expect.poll(() => cell.getAttribute('class'), { timeout: 15_000 }).toContain('st-saved');
      await opened.context.close();

      // The notice of this mark (an earlier one of the same subject — the first test's — may still be on its way).
      const notice = new RegExp(`${pair.subject}: (исправлена .*→ )?${value}(\\s|$)`);
      const told = await fake.waitForMessage(
        parent.userId,
        (m) => (m.text ?? '').startsWith('📘 Отметки') && notice.test(m.text ?? ''),
        30_000,
        lastBefore,
      );
      expect(told.text).toContain(child.firstName);

      const after = await termSubject(parent, pair.subject);
      expect(after!.marks.map((m) => m.value)).toContain(value);
      expect(after!.average).not.toBe(before?.average ?? null);
      const term = await open(parent, `${app}?screen=term`);
      await settled(term, true);
      const subjectRow = term.page.locator('tr', { hasText: after!.shortName }).first();
      expect(await subjectRow.innerText()).toContain(hundredths(after!.average!));
      await shot(term.page, 'term-after-mark-light');
      await term.context.close();
    });

    it('a mark the journal feed changed while the grid was open: the cell shows the conflict, the feed value stands', async () => {
      const parent = person('parent');
      const { who, pair, lesson } = await gridFor(parent);
      const child = await childOfParent(parent);
      const { opened, page, row, col } = await gridAt(who, pair, lesson.id, child.lastName);
      // The e-journal changes the mark the page shows (written as the feed writes it), after the page read it.
      const query = `grid?class=${pair.classId}&subject=${pair.subjectId}${pair.subgroupId ? `&subgroup=${pair.subgroupId}` : ''}`;
      const grid = await apiAs<any>(who, query);
      const mark = grid.marks.find((m: any) => m.lessonId === lesson.id && m.studentId === child.studentId);
      expect(mark, 'the mark the previous test entered').toBeTruthy();
      const feedValue = mark.value === '3' ? '4' : '3';
      await writeAsFeed(mark, feedValue);
      const cell = page.locator(`[data-cell="${row}:${col}"]`);
      await cell.click();
      await page.keyboard.press(mark.value === '5' ? '4' : '5');
      await expect.poll(() => cell.getAttribute('class'), { timeout: 15_000 }).toContain('st-conflict');
      expect(await page.locator('body').innerText()).toContain(`уже записано: ${feedValue}`);
      await shot(page, 'grid-conflict-light');
      await opened.context.close();
      const now = await apiAs<any>(who, query);
      expect(now.marks.find((m: any) => m.id === mark.id).value).toBe(feedValue);
    });

    it('the deputy drills down from the panel to a class, a teacher and a lesson', async () => {
      const opened = await open(person('deputy'), `${app}?screen=panel`);
      const { page, context } = opened;
      await settled(opened, true);
      const crumbs = page.locator('nav.crumbs');
      // Each step down adds a breadcrumb named after what was opened: Школа › 5А › Петрова Е. В. › 23.11, 2-й урок.
      const drill = async (steps: number) => {
        const name = await page.locator('.panel-table td.name button').first().innerText();
        await page.locator('.panel-table td.name button').first().click();
        await page.waitForFunction((n) => document.querySelectorAll('nav.crumbs > span').length === n, steps, {
          timeout: 15_000,
        });
        await page.waitForLoadState('networkidle');
        return name;
      };
      const cls = await drill(2);
      const teacher = await drill(3);
      await drill(4);
      const path = (await crumbs.innerText()).split('›').map((x) => x.trim());
      expect(path.slice(0, 3)).toEqual(['Школа', cls, teacher]);
      const lesson = await page.locator('dl.panel-lesson').innerText();
      expect(lesson).toMatch(/Учитель[\s\S]*Тема[\s\S]*Домашнее задание/);
      await shot(page, 'panel-lesson-light');
      await context.close();
    });

    it("a student who is not the family's, or who does not exist: the same «Нет доступа к этим данным.»", async () => {
      const parent = person('parent');
      const home = await open(parent, `${app}?screen=term`);
      const me = await (await home.me).json();
      await home.context.close();
      const own: number[] = me.children.map((c: { studentId: number }) => c.studentId);
      const classmate = Math.max(...own) + 1;
      for (const student of [classmate, 99_999_999]) {
        const opened = await open(parent, `${app}?screen=term&student=${student}`);
        const shown = await settled(opened, true);
        expect(shown, `student ${student}`).toContain('Нет доступа к этим данным.');
        expect(await opened.page.locator('table').count()).toBe(0);
        await opened.context.close();
      }
    });
    it("a school whose e-journal is the journal of record: the new entry listed at once, then the e-journal's answer", async () => {
      const parent = person('parent');
      const { who, pair, lesson } = await gridFor(parent);
      const child = await childOfParent(parent);
      // The administrator makes the e-journal the journal of record; what the entry names has its ids there.
      let schoolId = 0;
      await onJournal(async (q) => {
        [{ schoolId }] = await q(`SELECT "schoolId" FROM lesson WHERE id = $1`, [lesson.id]);
      });
      await onJournal(async (q) => {
        await q(`UPDATE school SET journal = 'external' WHERE id = $1`, [schoolId]);
        for (const table of ['student', 'subject', 'work_kind', 'lesson', 'staff'])
          await q(`UPDATE ${table} SET "externalId" = 'ej-' || id WHERE "schoolId" = $1 AND "externalId" IS NULL`, [
            schoolId,
          ]);
      });
      try {
        const { opened, page, row, col } = await gridAt(who, pair, lesson.id, child.lastName);
        const cell = page.locator(`[data-cell="${row}:${col}"]`);
        await cell.click();
        // A value other than the one there (the previous tests wrote this cell), so that it is a change.
        const value = (await cell.innerText()).includes('3') ? '4' : '3';
        await page.keyboard.press(value);
        await expect.poll(() => cell.getAttribute('class'), { timeout: 15_000 }).toContain('st-saved');
        // Listed without reopening the grid, as sent.
        const newest = page.locator('.journal-entries li').first();
        await expect.poll(() => newest.innerText(), { timeout: 10_000 }).toContain('отправлено в журнал школы');
        expect(await newest.innerText()).toContain(`${child.lastName}`);
        // The e-journal refuses it; the page, still open, shows the refusal with its reason.
        const reason = 'Период закрыт: изменения не принимаются.';
        await onJournal(async (q) => {
          await q(
            `UPDATE feed_entry SET status = 'rejected', code = 'period_closed', reason = $2
              WHERE id = (SELECT max(id) FROM feed_entry WHERE "schoolId" = $1)`,
            [schoolId, reason],
          );
        });
        await expect.poll(() => newest.getAttribute('data-entry-status'), { timeout: 10_000 }).toBe('rejected');
        expect(await newest.innerText()).toContain(`отклонено: ${reason}`);
        await shot(page, 'grid-journal-entries-light');
        // The lesson's topic, edited in place, is listed at once too.
        const topic = `Тема для журнала школы ${Date.now() % 100_000}`;
        await page.locator('tr.texts').first().locator('td.text').nth(col).click();
        await page.locator('.editor textarea').fill(topic);
        await page.keyboard.press('Enter');
        await expect
          .poll(() => newest.innerText(), { timeout: 10_000 })
          .toContain('тема урока: отправлено в журнал школы');
        await opened.context.close();
      } finally {
        await onJournal(
          async (q) => void (await q(`UPDATE school SET journal = 'internal' WHERE id = $1`, [schoolId])),
        );
      }
    });
  },
);
