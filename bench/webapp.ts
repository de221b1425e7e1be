import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sign } from '@tma.js/init-data-node';
import { systemClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createServices } from '../core/services/index.js';
import { todayIn } from '../core/today/index.js';
import { postgresRateLimiter } from '../db/stores/rate-limit.js';
import { buildWebApp, WEBAPP_BUDGET_GZIP_BYTES } from '../web/build.js';
import { createWebApp } from '../web/server/index.js';
import { benchDatabase, machine, ms, percentiles } from './support.js';
import { TEACHER_USER, writeBenchClass, type BenchClass } from './webapp-class.js';

/**
 * The Mini App's journal grid (issue 16, «Benchmark»): on the demo school in
 * the embedded PostgreSQL (or DATABASE_URL's server), a class of 30 students ×
 * 70 lessons with 2,000 marks; the grid API's latency over 200 requests and a
 * cell save's over 300 saves, each through createWebApp(...).request() — launch
 * data checked, profile read, policy asked, as a real call — and the page's
 * bytes gzipped from buildWebApp(). The browser's timing is measured apart
 * (the end-to-end test in Chromium).
 */
const GRID_REQUESTS = 200;
const SAVES = 300;
const WARMUP = 20;
const TOKEN = '1:BENCH-webapp-token-xxxxxxxxxxxxxx';

type App = ReturnType<typeof createWebApp>;

async function timed(n: number, f: (i: number) => Promise<Response>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const t = performance.now();
    const res = await f(i);
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    if (i >= WARMUP) samples.push(performance.now() - t);
  }
  return samples;
}

/** GET /app/api/grid for the class and subject over the 70 lessons' dates. */
const gridRequests = (app: App, c: BenchClass, auth: () => string) =>
  timed(GRID_REQUESTS, () =>
    Promise.resolve(
      app.request(`/app/api/grid?class=${c.classId}&subject=${c.subjectId}&from=${c.from}&to=${c.to}`, {
        headers: { authorization: auth() },
      }),
    ),
  );

/** PUT /app/api/grid/mark on today's lesson, student by student, with the version each cell was last seen at. */
async function saveRequests(app: App, c: BenchClass, auth: () => string): Promise<number[]> {
  const seen = new Map<number, { id: number | null; version: number | null }>();
  return timed(SAVES, async (i) => {
    const studentId = c.studentIds[i % c.studentIds.length];
    const res = await app.request('/app/api/grid/mark', {
      method: 'PUT',
      headers: { authorization: auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        lessonId: c.openLessonId,
        studentId,
        workKindId: c.workKindIds[0],
        value: String(2 + (i % 4)),
        seen: seen.get(studentId) ?? { id: null, version: null },
        from: c.from,
        to: c.to,
      }),
    });
    const body = (await res.clone().json()) as { saved: { id: number; version: number } };
    if (res.ok) seen.set(studentId, { id: body.saved.id, version: body.saved.version });
    return res;
  });
}

export async function run(): Promise<void> {
  const { db, seed, mode, close } = await benchDatabase();
  const staticDir = mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-webapp-'));
  try {
    const ds = db.dataSource;
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      CODE_HASH_KEY: process.env.CODE_HASH_KEY ?? 'dnevnik-dev-key-change-me',
    });
    const services = createServices({
      db: ds,
      config,
      clock: systemClock,
      hashKey: config.CODE_HASH_KEY!,
      rateLimiter: postgresRateLimiter(ds),
    });
    const today = todayIn(config.SCHOOL_TIMEZONE, systemClock.now());
    const t = performance.now();
    const c = await writeBenchClass(ds, seed.school.id, today, config.CODE_HASH_KEY!);
    // Written in bulk a moment ago: the statistics autovacuum would gather on a running school.
    await ds.query('ANALYZE');
    const genSec = (performance.now() - t) / 1000;
    const page = await buildWebApp(staticDir);
    const app = createWebApp({
      services,
      botToken: TOKEN,
      logger: createLogger('silent'),
      staticDir,
      chat: { sendDocument: () => Promise.resolve(), sendFile: () => Promise.resolve(null) },
    });
    const auth = () => `tma ${sign({ user: { id: TEACHER_USER, first_name: 'B' } }, TOKEN, systemClock.now())}`;
    const grid = percentiles(await gridRequests(app, c, auth));
    const save = percentiles(await saveRequests(app, c, auth));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    // Other work on the machine shows in every figure: the load average says how much there was.
    console.log(`webapp on ${mode}; ${machine()}; load average ${loadavg()[0].toFixed(1)}`);
    console.log(
      `  data (written in ${genSec.toFixed(1)} s, in the demo school): class 8Я of ${c.studentIds.length} students × ${c.lessonIds.length} lessons ${c.from}…${c.to}, ${c.marks} marks`,
    );
    console.log(
      `  GET grid (${GRID_REQUESTS} requests after ${WARMUP} warm-up, sequential): p50 ${ms(grid.p50)}, p95 ${ms(grid.p95)}, p99 ${ms(grid.p99)} (target p95 < 50 ms)`,
    );
    console.log(
      `  PUT grid/mark (${SAVES} saves after ${WARMUP} warm-up, each a change: history, audit, outbox, new average): p50 ${ms(save.p50)}, p95 ${ms(save.p95)} (target p95 < 30 ms)`,
    );
    console.log(
      `  page: ${page.files.map((f) => `${f.name} ${kb(f.gzipBytes)}`).join(', ')} — ${kb(page.gzipBytes)} gzipped (budget ${kb(WEBAPP_BUDGET_GZIP_BYTES)})`,
    );
    console.log(
      `webapp: grid p95 ${ms(grid.p95)} (< 50), save p95 ${ms(save.p95)} (< 30), page ${kb(page.gzipBytes)} gzipped (≤ ${kb(WEBAPP_BUDGET_GZIP_BYTES)}), ${mode}, load ${loadavg()[0].toFixed(1)}`,
    );
  } finally {
    rmSync(staticDir, { recursive: true, force: true });
    await close();
  }
}
