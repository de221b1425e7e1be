import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../app.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { pickPersonas } from '../cli/demo/school.js';
import { freePort } from '../db/embedded.js';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { SCHOOL_DAY } from '../test/helpers/processes.js';
import {
  GRID_READY,
  gridUrlFromToday,
  hasChromium,
  launchChromium,
  linkInChat,
  openMiniApp,
} from '../test/helpers/webapp-browser.js';
import { benchDatabase, machine, ms } from './support.js';

/**
 * The Mini App's grid in Chromium: from navigation (the page's address with
 * signed launch data, as Telegram opens it) to an interactive grid — the grid's
 * table carrying `data-grid-ready` — as the demo teacher, on the demo school,
 * at SCHOOL_DAY, the grid's address taken from «Открыть журнал» under the
 * teacher's first lesson in /today. Each run is a fresh browser context (no
 * cache, no session storage). The app runs in this process, on an embedded
 * PostgreSQL (or DATABASE_URL's server), with the fake Bot API.
 * `npm run bench -- webapp-browser [runs]` (default 5).
 */
const TOKEN = '123456:BENCH-webapp-browser-token-000000';
export { GRID_READY };

export interface BrowserTiming {
  runs: number[];
  p50: number;
  max: number;
  gridUrl: string;
}

/** `selector`: what counts as interactive (the grid's table by default). */
export async function measureGridInteractive(runs = 5, selector = GRID_READY): Promise<BrowserTiming> {
  if (!hasChromium()) throw new Error('/usr/bin/chromium is not installed (apt-get install -y chromium)');
  const base = await benchDatabase();
  const fake = new FakeBotApi({ token: TOKEN });
  const apiRoot = await fake.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-webapp-'));
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}/app/`;
  const config = {
    ...loadConfig({
      BOT_TOKEN: TOKEN,
      CLOCK_START: SCHOOL_DAY,
      WEBAPP_PORT: String(port),
      WEBAPP_URL: appUrl,
      RUN_JOBS: 'false',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
    BOT_TOKEN: TOKEN,
  };
  const app = await startApp(config, { db: base.db, logger: createLogger('silent'), apiRoot });
  const browser = await launchChromium();
  try {
    const teacher = pickPersonas(base.seed.invitations).find((p) => p.role === 'teacher');
    if (!teacher) throw new Error('the demo school has no teacher');
    await linkInChat(fake, teacher.userId, teacher.code);
    const gridUrl = await gridUrlFromToday(fake, teacher.userId);
    const user = { id: teacher.userId, firstName: teacher.firstName, lastName: teacher.lastName };
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { context, page } = await openMiniApp(browser, {
        appUrl: gridUrl,
        token: TOKEN,
        user,
        authDate: app.clock.now(),
      });
      // Milliseconds since the navigation started (the page's time origin), read on the frame the grid is there.
      const ready = await page
        .waitForFunction((sel) => document.querySelector(sel) && performance.now(), selector, {
          polling: 'raf',
          timeout: 15_000,
        })
        .catch(async () => {
          throw new Error(
            `no ${GRID_READY} within 15 s; the page shows: ${(await page.locator('body').innerText()).slice(0, 300)}`,
          );
        });
      samples.push((await ready.jsonValue()) as number);
      await context.close();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { runs: samples, p50: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted.at(-1)!, gridUrl };
  } finally {
    await browser.close();
    await app.stop();
    await fake.stop();
    await base.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const runs = Number(process.argv[3] ?? 5);
  const t = await measureGridInteractive(runs);
  console.log(`Mini App grid in Chromium — ${machine()}`);
  console.log(`  ${t.gridUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')}`);
  console.log(`  navigation → interactive grid (${GRID_READY}), ${runs} runs: p50 ${ms(t.p50)}, max ${ms(t.max)}`);
  console.log(`  runs: ${t.runs.map((x) => x.toFixed(0)).join(', ')} ms`);
}
