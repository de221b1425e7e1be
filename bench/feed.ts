import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../core/logger.js';
import { upsertSchool } from '../core/school/structure.js';
import { startFeedClient, type AppliedInfo } from '../jobs/feed-client/index.js';
import { ReferenceFeedServer, type ChangeInput } from '../cli/feed/server.js';
import { DATE, DATE2, schoolDay, structure } from './feed-day.js';
import { EntryClock, entryOutcome, planEntries, submitEntries } from './feed-entries.js';
import { machine, ms, percentiles, phaseCost, statementTap } from './support.js';

/**
 * The journal feed end to end: a recorded school day of a 1,000-student
 * school (≥ 20,000 events) replayed by the reference server over a real
 * WebSocket on loopback, through the client into PostgreSQL (embedded, and
 * the server at DATABASE_URL when set). Prints events/s, the apply time of
 * one event, and the time from a mark event arriving to its outbox row
 * being committed (marks sent at a teacher-like pace). Then a second day
 * with 2,000 teachers' entries going to the e-journal meanwhile (protocol v2,
 * bench/feed-entries.ts): submit → accepted → applied, entries/s, and the
 * day's events/s with the entries flowing. Each phase also prints its SQL statements and this process's CPU time
 * per event (and per entry): figures that hold on a loaded machine, where rates do not.
 */
const SCHOOL = 'bench-school';
const TOKEN = 'bench-feed-token-0123456789';
/** Teachers' entries during the second day, and how many teachers enter at once. */
const ENTRIES = 2000;
const TEACHERS = 4;
/** Events the e-journal lets the client lag behind on the second day, so an accepted entry's event is not queued behind the whole day. */
const WINDOW = 800;

async function waitFor(check: () => boolean, what: string, ms = 600_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function openMode(mode: 'embedded' | 'server'): Promise<{ db: Database; close: () => Promise<void> }> {
  if (mode === 'embedded') {
    const dir = mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-feed-'));
    const db = await openDatabase({ dataDir: dir });
    return {
      db,
      close: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new URL(process.env.DATABASE_URL!);
  const name = `bench_feed_${randomBytes(4).toString('hex')}`;
  admin.pathname = '/postgres';
  const c = new pg.Client(admin.toString());
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    db,
    close: async () => {
      await db.close();
      const d = new pg.Client(admin.toString());
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** Until the e-journal has `seq` acked: the client applied everything up to it. */
const ackedThrough = (server: ReferenceFeedServer, seq: number, what: string) =>
  waitFor(() => server.acked(SCHOOL) >= seq, what);

const rate = (n: number, s: number, unit: string) =>
  `${n} ${unit} in ${s.toFixed(1)} s = ${Math.round(n / s)} ${unit}/s`;

type Tap = ReturnType<typeof statementTap>;
const per = (x: number, n: number) => (x / n).toFixed(2);

/** The first day, replayed as fast as the client takes it (the whole day in the e-journal's log at once). */
async function dayAlone(
  server: ReferenceFeedServer,
  ds: DataSource,
  day: ChangeInput[],
  infos: AppliedInfo[],
  tap: Tap,
): Promise<{ lines: string[]; statementsPerEvent: number }> {
  infos.length = 0;
  const done = phaseCost(tap);
  const t0 = performance.now();
  for (const c of day) server.publish(SCHOOL, c);
  await ackedThrough(server, server.head(SCHOOL), 'the school day');
  const dayS = (performance.now() - t0) / 1000;
  const c = done();
  const applied = percentiles(infos.map((i) => i.appliedAt - i.startedAt));
  const notified = Number((await ds.query(`SELECT count(*) AS n FROM outbox WHERE NOT silent`))[0].n);
  return {
    statementsPerEvent: c.statements / day.length,
    lines: [
      `    school day: ${rate(day.length, dayS, 'events')} (${notified} outbox events for families)`,
      `      per event: ${per(c.statements, day.length)} SQL statements, ${per(c.cpuMs, day.length)} ms CPU of this process`,
      `    apply of one event (inside its batch transaction): p50 ${ms(applied.p50)}, p95 ${ms(applied.p95)}, p99 ${ms(applied.p99)}`,
    ],
  };
}

/** Marks at a teacher-like pace (40 a second): arrival → outbox row committed. */
async function pacedMarks(server: ReferenceFeedServer, day: ChangeInput[], infos: AppliedInfo[]) {
  infos.length = 0;
  const live = day
    .filter((c) => c.event === 'mark.set')
    .slice(0, 400)
    .map((c, i) => ({ ...c, externalId: `${c.externalId}-live-${i}` }));
  for (const c of live) {
    server.publish(SCHOOL, c);
    await new Promise((r) => setTimeout(r, 25));
  }
  await ackedThrough(server, server.head(SCHOOL), 'the paced marks');
  const arrival = percentiles(infos.filter((i) => i.event === 'mark.set').map((i) => i.committedAt - i.arrivedAt));
  return `    mark event arrival → outbox row committed, marks at 40/s: p50 ${ms(arrival.p50)}, p95 ${ms(arrival.p95)}, p99 ${ms(arrival.p99)}`;
}

/**
 * The second day with teachers' entries flowing: its timetable first (not timed), then its events published
 * as the client takes them (at most WINDOW ahead of its acks) while TEACHERS teachers enter ENTRIES marks.
 */
async function dayWithEntries(
  server: ReferenceFeedServer,
  ds: DataSource,
  o: { schoolId: number; clock: EntryClock; tap: Tap; statementsPerEvent: number },
) {
  const { schoolId, clock } = o;
  const { timetable, day, lessons } = schoolDay(DATE2, 'd2-');
  for (const c of timetable) server.publish(SCHOOL, c);
  await ackedThrough(server, server.head(SCHOOL), "the second day's timetable");
  clock.watch(server);
  const plan = planEntries(lessons, ENTRIES);
  const done = phaseCost(o.tap);
  const t0 = performance.now();
  const entering = submitEntries(ds, { schoolId, date: DATE2, plan, teachers: TEACHERS, clock });
  let lastOfDay = 0;
  for (let i = 0; i < day.length;) {
    if (server.head(SCHOOL) - server.acked(SCHOOL) >= WINDOW) await new Promise((r) => setTimeout(r, 2));
    else for (const end = Math.min(day.length, i + 100); i < end; i++) lastOfDay = server.publish(SCHOOL, day[i]).seq;
  }
  await ackedThrough(server, lastOfDay, 'the second day');
  const dayS = (performance.now() - t0) / 1000;
  await entering;
  await waitFor(() => clock.applied.size + clock.rejected >= ENTRIES, 'the entries');
  const entriesS = (Math.max(...clock.applied.values()) - t0) / 1000;
  const c = done();
  // What the entries added: the phase's statements less what the day's events cost alone.
  const forEntries = c.statements - o.statementsPerEvent * day.length;
  const acc = percentiles(clock.since(clock.accepted));
  const app = percentiles(clock.since(clock.applied));
  return [
    `    second day with ${ENTRIES} teachers' entries flowing (${TEACHERS} teachers entering at once, through /today's core path):`,
    `      the day's events: ${rate(day.length, dayS, 'events')}`,
    `      ${c.statements} SQL statements, ${per(c.cpuMs, day.length + ENTRIES)} ms CPU of this process per event or entry; ` +
      `the entries added ${per(forEntries, ENTRIES)} statements each (the teacher's save and the client's share)`,
    `      entries: ${rate(clock.applied.size, entriesS, 'entries')} applied (${clock.rejected} rejected); ${await entryOutcome(ds, schoolId)}`,
    `      submit → accepted: p50 ${ms(acc.p50)}, p95 ${ms(acc.p95)}; submit → applied: p50 ${ms(app.p50)}, p95 ${ms(app.p95)}`,
  ];
}

async function runMode(mode: 'embedded' | 'server'): Promise<void> {
  const { db, close } = await openMode(mode);
  const ds = db.dataSource;
  const server = new ReferenceFeedServer();
  server.addSchool(SCHOOL, TOKEN);
  await server.listen();
  const infos: AppliedInfo[] = [];
  const clock = new EntryClock();
  const tap = statementTap();
  try {
    const school = await ds.transaction((em) =>
      upsertSchool(
        em,
        { name: 'Bench school', shortName: 'Bench', timezone: 'Europe/Moscow', externalId: SCHOOL },
        { kind: 'cli', command: 'bench' },
      ),
    );
    await ds.query(`UPDATE school SET journal = 'external' WHERE "externalId" = $1`, [SCHOOL]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const { timetable, day } = schoolDay(DATE);
    for (const c of [...structure(), ...timetable]) server.publish(SCHOOL, { ...c, changedAt: yesterday });
    const snapshotItems = server.head(SCHOOL);
    const t0 = performance.now();
    const client = await startFeedClient({
      ds,
      logger: createLogger('warn'),
      schools: [{ school: SCHOOL, url: server.url, token: TOKEN }],
      onApplied: (_s, i) => {
        infos.push(i);
        clock.onApplied(i);
      },
    });
    try {
      await ackedThrough(server, snapshotItems, 'the first sync');
      const snapshotS = (performance.now() - t0) / 1000;
      const alone = await dayAlone(server, ds, day, infos, tap);
      const lines = [
        `  ${mode === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL server (DATABASE_URL)'}:`,
        `    first sync (silent): ${rate(snapshotItems, snapshotS, 'items')}`,
        ...alone.lines,
        await pacedMarks(server, day, infos),
        ...(await dayWithEntries(server, ds, {
          schoolId: school.id,
          clock,
          tap,
          statementsPerEvent: alone.statementsPerEvent,
        })),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await client.stop();
    }
  } finally {
    tap.restore();
    await server.close();
    await close();
  }
}

export async function run(): Promise<void> {
  const { day } = schoolDay(DATE);
  process.stdout.write(
    `feed: a recorded school day of a 1,000-student school, ${day.length} events, through the reference server over WebSocket on loopback\n`,
  );
  process.stdout.write(`machine: ${machine()}\n`);
  await runMode('embedded');
  if (process.env.DATABASE_URL) await runMode('server');
  else process.stdout.write('  (set DATABASE_URL to measure the PostgreSQL server mode too)\n');
}
