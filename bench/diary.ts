import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Update } from 'grammy/types';
import type { DataSource } from 'typeorm';
import { manualClock } from '../core/clock.js';
import { benchBot } from './bot.js';
import { issueInvitation } from '../core/linking/invitations.js';
import { ensureDatabase, openDatabase, type Database } from '../db/database.js';
import { ACTOR, CLASS, TODAY } from './diary-school.js';
import { writeYear, type Year } from './diary-year.js';
import { machine, statementTap, ms, percentiles } from './support.js';

/**
 * The diary's views for a student with a full school year behind them:
 * one class (7Б of the demo data: its timetable, teachers, subjects, topics,
 * work kinds; 25 students; English in two subgroups) from 1 September to
 * 26 May, ≈1,000 lessons, ≈1,500 marks of the student (and a mark a lesson
 * for classmates), homework with a few files, absences, substitutions,
 * cancellations, period marks. "Today" is Thursday 20 May 2027, 10:00.
 * Each view goes through bot.handleUpdate (session, access profile, the
 * feature, Fluent) with the Bot API answered in-process; we count every SQL
 * statement the update sends and, apart, the view's own (not the session
 * store's, not the access profile's).
 *
 * The year is written in bulk inserts (like the demo seed's history: rows
 * carry `updatedBy` and mark_history; no outbox events for history).
 */
const NOW = '2027-05-20T10:00:00+03:00';
const N = 200;
const WARMUP = 20;

/** A database of its own: a fresh one on the server at DATABASE_URL (dropped after), or an embedded PostgreSQL in a temp folder. */
export async function benchDb(): Promise<{ db: Database; mode: string; close: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `bench_diary_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(server, name);
    const u = new URL(server);
    u.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    return {
      db,
      mode: 'PostgreSQL server',
      async close() {
        await db.close();
        const c = new pg.Client(server);
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-diary-'));
  const db = await openDatabase({ dataDir: dir });
  return {
    db,
    mode: 'embedded PostgreSQL',
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Which statements belong to the update's plumbing rather than to the view. */
const PLUMBING = [
  /bot_session/,
  /FROM link l\s+LEFT JOIN staff/,
  /WHERE st\.id = ANY\(\$1\)/,
  /SELECT "activeStudentId" FROM account/,
  /UPDATE link SET "inactiveReason" = NULL/,
  /UPDATE link SET "lastSeenAt" = now\(\)/,
];

type Sim = ReturnType<typeof benchBot>;
export const USER = 555_000_001;

/** The student's mother links her account with an invitation code, as a parent would. */
export async function linkGuardian(ds: DataSource, sim: Sim, year: Year): Promise<void> {
  const code = await ds.transaction(
    async (em) =>
      (
        await issueInvitation(
          em,
          {
            schoolId: year.schoolId,
            role: 'guardian',
            studentId: year.studentId,
            guardianId: year.guardianId,
            now: manualClock(NOW).now(),
            ttlDays: 14,
          },
          ACTOR,
          process.env.CODE_HASH_KEY ?? 'dnevnik-dev-key-change-me',
        )
      ).code,
  );
  await sim.bot.handleUpdate(sim.message(USER, `/start ${code}`));
  await sim.bot.handleUpdate(sim.press(USER, 'cf:y'));
}

/** The views measured, each as the update that opens it. */
async function viewsOf(ds: DataSource, sim: Sim, year: Year): Promise<[string, () => Update][]> {
  const message = (text: string) => sim.message(USER, text);
  const press = (data: string) => sim.press(USER, data);
  const [busiest] = await ds.query(
    `SELECT "subjectId" FROM mark WHERE "studentId" = $1 GROUP BY "subjectId" ORDER BY count(*) DESC LIMIT 1`,
    [year.studentId],
  );
  const q4 = year.periods.get('quarter:4')!;
  const yearPeriod = year.periods.get('year:1')!;
  const monday = '20270517';
  return [
    ['/marks (4th quarter)', () => message('/marks')],
    ['marks of the year (button)', () => press(`dm:${yearPeriod}`)],
    ['subject page, year (button)', () => press(`dj:${busiest.subjectId}`)],
    ['year summary (button)', () => press('dy:year')],
    ['/homework (tomorrow)', () => message('/homework')],
    ['homework of the week', () => press(`dk:${monday}`)],
    ['/schedule (today, next lesson)', () => message('/schedule')],
    ['schedule of the week', () => press(`dw:${monday}`)],
    ['/absences (4th quarter)', () => message('/absences')],
    ['absences of the year', () => press(`da:${yearPeriod}`)],
    ['chart PNG, 4th quarter', () => press(`dg:${q4}`)],
  ];
}

interface ViewRow {
  name: string;
  p50: number;
  p95: number;
  total: number;
  own: number;
}

/** Times one view over WARMUP + N updates and counts its statements. */
async function measureView(
  sim: Sim,
  tap: ReturnType<typeof statementTap>,
  name: string,
  update: () => Update,
  yearPeriod: number,
): Promise<ViewRow> {
  const { bot } = sim;
  // The subject page reads its period from the message it is pressed under: open the year first.
  const before = name.startsWith('subject')
    ? () => bot.handleUpdate(sim.press(USER, `dm:${yearPeriod}`))
    : async () => {};
  const times: number[] = [];
  let total = 0;
  let own = 0;
  for (let i = 0; i < WARMUP + N; i++) {
    await before();
    tap.collected = [];
    const t = performance.now();
    await bot.handleUpdate(update());
    const elapsed = performance.now() - t;
    const sql = tap.collected;
    tap.collected = null;
    if (i < WARMUP) continue;
    // BENCH_SQL=1 prints the statements of one update per view, the plumbing marked with a dash.
    if (i === WARMUP && process.env.BENCH_SQL)
      console.log(
        `${name}:\n${sql.map((q) => `  ${PLUMBING.some((re) => re.test(q)) ? '-' : '+'} ${q.replace(/\s+/g, ' ').slice(0, 110)}`).join('\n')}`,
      );
    times.push(elapsed);
    total = Math.max(total, sql.length);
    own = Math.max(own, sql.filter((q) => !PLUMBING.some((re) => re.test(q))).length);
  }
  const p = percentiles(times);
  return { name, p50: p.p50, p95: p.p95, total, own };
}

function report(mode: string, genSec: number, year: Year, rows: ViewRow[]): void {
  console.log(`diary on ${mode}; ${machine()}`);
  console.log(
    `  data (written in ${genSec.toFixed(1)} s): class 7${CLASS.letter} of ${year.counts.students} students, ${year.counts.lessons} lessons 1 Sep–26 May, ${year.counts.marks} marks; the student: ${year.counts.studentMarks} marks, ${year.counts.absences} absences; today ${TODAY}`,
  );
  console.log(
    `  ${N} updates per view after ${WARMUP} warm-up, sequential, through bot.handleUpdate; SQL = statements per update (all / the view's own)`,
  );
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(w)}  p50 ${ms(r.p50).padStart(9)}  p95 ${ms(r.p95).padStart(9)}  SQL ${String(r.total).padStart(2)} / ${r.own}`,
    );
  const text = rows.filter((r) => !r.name.startsWith('chart'));
  const chart = rows.find((r) => r.name.startsWith('chart'))!;
  const slow = text.filter((r) => r.p95 >= 50).map((r) => r.name);
  const chatty = rows.filter((r) => r.own > 5).map((r) => r.name);
  console.log(
    `  target, text views (p95 < 50 ms, ≤ 5 own SQL): ${slow.length || chatty.length ? `MISSED — slow: ${slow.join(', ') || 'none'}; over 5 SQL: ${chatty.join(', ') || 'none'}` : 'met by every view'}`,
  );
  console.log(
    `  the chart's PNG is drawn once per picture and cached (a press on the same data): p95 ${ms(chart.p95)}, ${chart.p95 < 50 ? 'within' : 'over'} the 50 ms of the text views; the first draw: npm run bench -- chart`,
  );
}

export async function run(): Promise<void> {
  const { db, mode, close } = await benchDb();
  const ds = db.dataSource;
  const t0 = performance.now();
  const year = await ds.transaction((em) => writeYear(em));
  const genSec = (performance.now() - t0) / 1000;
  await ds.query('ANALYZE');

  const tap = statementTap();
  const sim = benchBot(ds, manualClock(NOW));
  await linkGuardian(ds, sim, year);
  const views = await viewsOf(ds, sim, year);
  const yearPeriod = year.periods.get('year:1')!;
  const rows: ViewRow[] = [];
  for (const [name, update] of views) rows.push(await measureView(sim, tap, name, update, yearPeriod));
  tap.restore();

  report(mode, genSec, year, rows);
  await close();
}
