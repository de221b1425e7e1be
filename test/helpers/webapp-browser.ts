import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { launchUrl, signLaunchData, type LaunchUser, type ThemeName } from '../../cli/demo/launch.js';
import type { ChatMessage, FakeBotApi } from '../support/fake-bot-api/index.js';

/**
 * The Mini App in a real Chromium (Debian's, installed by .ci/run with apt;
 * playwright-core drives it, its own browser download being unreachable here),
 * opened the way Telegram opens it: the page's address with signed launch data
 * and the theme in the fragment. Shared by test/e2e-webapp.test.ts and
 * bench/webapp-browser.ts.
 */
export const CHROMIUM = '/usr/bin/chromium';
/** The grid's table once it is drawn with its data and takes keys (web/app/screens/grid/table.tsx). */
export const GRID_READY = '[data-grid-ready]';
export const hasChromium = () => existsSync(CHROMIUM);

/**
 * The browser without libfaketime: the suite's shifted-date pass preloads it
 * into every process, and Chromium under it hangs at start. The product's
 * clock is the server's (CLOCK_START, or the faked date of its process); the
 * page dates nothing itself.
 */
const FAKETIME = /^(LD_PRELOAD|FAKETIME.*|DONT_FAKE_MONOTONIC)$/;

export function launchChromium(): Promise<Browser> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !FAKETIME.test(k))) as Record<
    string,
    string
  >;
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], env });
}

export interface OpenOptions {
  /** The address a chat button opens (WEBAPP_URL with its query). */
  appUrl: string;
  token: string;
  user: LaunchUser;
  /** When Telegram signed the launch data: the product's now, for the server to take it. */
  authDate: Date;
  theme?: ThemeName;
  /** Launch data as given instead of signed (a forged one). */
  initData?: string;
}

/** A fresh browser context (no session storage kept from another person) with the Mini App opened as `user`. */
export async function openMiniApp(
  browser: Browser,
  o: OpenOptions,
): Promise<{ context: BrowserContext; page: Page; me: Promise<Response> }> {
  const context = await browser.newContext({
    viewport: { width: 420, height: 860 },
    locale: 'ru-RU',
    colorScheme: o.theme === 'dark' ? 'dark' : 'light',
  });
  const page = await context.newPage();
  const initData = o.initData ?? signLaunchData(o.token, o.user, o.authDate);
  // The page's sign-in: waited for from before the navigation, so a fast answer is not missed.
  const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/app/api/me', { timeout: 20_000 });
  me.catch(() => undefined);
  await page.goto(launchUrl(o.appUrl, initData, o.theme));
  return { context, page, me };
}

/** A text from `userId`; resolves with the bot's first message after it that matches. */
export async function say(
  fake: FakeBotApi,
  userId: number,
  text: string,
  match: (m: ChatMessage) => boolean,
  timeoutMs = 20_000,
): Promise<ChatMessage> {
  const { message } = fake.injectMessage(userId, text);
  return fake.waitForMessage(userId, match, timeoutMs, message.messageId);
}

/** Links `userId` by its invitation code in the chat, agreeing to the consent question when asked; waits for the menu button. */
export async function linkInChat(fake: FakeBotApi, userId: number, code: string): Promise<void> {
  const linked = (m: ChatMessage) => /Готово! Вы подключены/.test(m.text ?? '');
  const since = fake.calls.length;
  const first = await say(
    fake,
    userId,
    `/start ${code}`,
    (m) => linked(m) || /Согласен/.test(JSON.stringify(m.inlineKeyboard ?? [])),
  );
  if (!linked(first)) {
    fake.pressButton(userId, first.messageId, 'Согласен');
    await fake.waitForMessage(userId, linked, 20_000, first.messageId);
  }
  // The chat's menu button is set after the welcome, when the bot knows the role.
  await fake.waitForCall((c) => c.method === 'setChatMenuButton' && Number(c.params.chat_id) === userId, 10_000, since);
}

/** The address of the `web_app` button labelled `label` under a bot message. */
export function webAppUrlOf(m: ChatMessage, label: string): string {
  const b = m.inlineKeyboard?.flat().find((x) => x.text === label);
  const url = (b?.web_app as { url?: string } | undefined)?.url;
  if (!url) throw new Error(`no web_app button «${label}» under «${(m.text ?? '').slice(0, 60)}»`);
  return url;
}

/** The teacher's first lesson of the day in /today, and the «Открыть журнал» address under its card. */
export async function gridUrlFromToday(fake: FakeBotApi, userId: number): Promise<string> {
  const day = await say(fake, userId, '/today', (m) => !!m.inlineKeyboard?.length);
  const lesson = day.inlineKeyboard!.flat().find((b) => /^\d+\. /.test(b.text));
  if (!lesson) throw new Error(`no lesson in /today: ${day.text}`);
  const before = day.editCount;
  fake.pressButton(userId, day.messageId, lesson.text);
  const deadline = Date.now() + 20_000;
  for (;;) {
    // The card is shown in place of the day's list (the same message, edited).
    const card = fake.messagesFor(userId).find((m) => m.messageId === day.messageId)!;
    if (card.editCount > before) return webAppUrlOf(card, '📒 Открыть журнал');
    if (Date.now() > deadline) throw new Error('the lesson card did not open');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A key pressed on the Russian layout («н» is the Y key): the keydown a teacher's browser sends. Playwright's
 * keyboard knows the US layout only and would insert «н» as text, without a keydown.
 */
export async function pressRussian(page: Page, key: string, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text: key, unmodifiedText: key });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code });
  await cdp.detach();
}
