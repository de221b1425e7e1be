import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../core/logger.js';
import { upsertSchool } from '../core/school/structure.js';
import { startFeedClient, type AppliedInfo } from '../jobs/feed-client/index.js';
import { ReferenceFeedServer, type ChangeInput } from '../cli/feed/server.js';
import { Random } from '../cli/seed/random.js';
import { machine, ms, percentiles } from './support.js';

/**
 * The journal feed end to end: a recorded school day of a 1,000-student
 * school (≥ 20,000 events) replayed by the reference server over a real
 * WebSocket on loopback, through the client into PostgreSQL (embedded, and
 * the server at DATABASE_URL when set). Prints events/s, the apply time of
 * one event, and the time from a mark event arriving to its outbox row
 * being committed (marks sent at a teacher-like pace).
 */
const SCHOOL = 'bench-school';
const TOKEN = 'bench-feed-token-0123456789';
const DATE = '2026-11-24';
const YEAR = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };
/** Class letters А, Б, В, Г (as escapes: no Cyrillic literals in code). */
const LETTERS = ['\u0410', '\u0411', '\u0412', '\u0413'];
const SLOTS = 8;
const KINDS = ['test', 'oral', 'classwork'];

/** The school's structure: 40 classes of 25 (grades 2–11), 10 subjects, 60 teachers, a guardian each. */
function structure(): ChangeInput[] {
  const out: ChangeInput[] = [];
  const classes: string[] = [];
  for (let grade = 2; grade <= 11; grade++)
    for (const letter of LETTERS) {
      const id = `c-${grade}${letter}`;
      classes.push(id);
      out.push({ event: 'class.set', externalId: id, data: { grade, letter, year: YEAR } });
    }
  for (let s = 1; s <= 10; s++)
    out.push({ event: 'subject.set', externalId: `subj-${s}`, data: { name: `Subject ${s}` } });
  KINDS.forEach((code, i) =>
    out.push({
      event: 'workKind.set',
      externalId: `wk-${code}`,
      data: { code, name: `Kind ${code}`, weight: 1 + i / 2 },
    }),
  );
  for (let t = 1; t <= 60; t++)
    out.push({
      event: 'staff.set',
      externalId: `t-${t}`,
      data: { lastName: `Teacher${t}`, firstName: 'T', active: true, roles: [{ role: 'teacher' }] },
    });
  let n = 0;
  for (const c of classes)
    for (let i = 0; i < 25; i++) {
      n++;
      out.push({
        event: 'student.set',
        externalId: `s-${n}`,
        data: { class: c, lastName: `Student${n}`, firstName: 'S', active: true },
      });
      out.push({
        event: 'guardian.set',
        externalId: `g-${n}`,
        data: { lastName: `Parent${n}`, firstName: 'P', children: [{ student: `s-${n}`, relation: 'mother' }] },
      });
    }
  return out;
}

/**
 * The day: the timetable in the morning, then slot by slot as it happens in a
 * school — every class's lesson starts (its topic), the roll calls, the marks,
 * a few corrections, the homework — the classes' events interleaved.
 */
function schoolDay(): { timetable: ChangeInput[]; day: ChangeInput[] } {
  const rng = new Random('bench-feed-day');
  const timetable: ChangeInput[] = [];
  const classes: { cls: string; c: number; first: number }[] = [];
  for (let grade = 2; grade <= 11; grade++)
    for (const letter of LETTERS)
      classes.push({ cls: `c-${grade}${letter}`, c: classes.length + 1, first: classes.length * 25 });
  const day: ChangeInput[] = [];
  for (let slot = 1; slot <= SLOTS; slot++) {
    const phases: ChangeInput[][] = [[], [], [], [], []];
    for (const { cls, c, first } of classes) {
      const key = `l-${cls}-${slot}`;
      const subject = `subj-${1 + ((slot + c) % 10)}`;
      const lesson = (topic: string | null): ChangeInput => ({
        event: 'lesson.set',
        externalId: key,
        data: {
          class: cls,
          subject,
          teacher: `t-${1 + ((c + slot * 7) % 60)}`,
          date: DATE,
          slot,
          startsAt: `${String(7 + slot).padStart(2, '0')}:00`,
          endsAt: `${String(7 + slot).padStart(2, '0')}:45`,
          topic,
          cancelled: false,
        },
      });
      timetable.push(lesson(null));
      phases[0].push(lesson(`Topic ${slot}`));
      for (let i = 1; i <= 25; i++)
        phases[1].push({
          event: 'attendance.set',
          externalId: `a-${key}-${first + i}`,
          data: { lesson: key, student: `s-${first + i}`, status: rng.chance(0.08) ? 'absent' : 'present' },
        });
      const marks: ChangeInput[] = [];
      for (let i = 1; i <= 25; i++)
        for (const kind of rng.chance(0.3) ? ['classwork', 'oral'] : ['classwork'])
          marks.push({
            event: 'mark.set',
            externalId: `m-${key}-${first + i}-${kind}`,
            data: {
              student: `s-${first + i}`,
              subject,
              workKind: `wk-${kind}`,
              lesson: key,
              date: DATE,
              value: String(rng.int(2, 5)) as '2' | '3' | '4' | '5',
            },
          });
      phases[2].push(...marks);
      for (const m of rng.sample(marks, 3))
        phases[3].push({ ...m, data: { ...(m.data as object), value: '5' } } as ChangeInput);
      phases[4].push({
        event: 'homework.set',
        externalId: `hw-${key}`,
        data: { lesson: key, text: `Exercise ${slot * 3}` },
      });
    }
    for (const phase of phases) day.push(...phase);
  }
  return { timetable, day };
}

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

async function runMode(mode: 'embedded' | 'server'): Promise<void> {
  const { db, close } = await openMode(mode);
  const ds = db.dataSource;
  const server = new ReferenceFeedServer();
  server.addSchool(SCHOOL, TOKEN);
  await server.listen();
  const infos: AppliedInfo[] = [];
  try {
    await ds.transaction((em) =>
      upsertSchool(
        em,
        { name: 'Bench school', shortName: 'Bench', timezone: 'Europe/Moscow', externalId: SCHOOL },
        { kind: 'cli', command: 'bench' },
      ),
    );
    await ds.query(`UPDATE school SET journal = 'external' WHERE "externalId" = $1`, [SCHOOL]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const { timetable, day } = schoolDay();
    for (const c of [...structure(), ...timetable]) server.publish(SCHOOL, { ...c, changedAt: yesterday });
    const snapshotItems = server.head(SCHOOL);
    let t0 = performance.now();
    const client = await startFeedClient({
      ds,
      logger: createLogger('warn'),
      schools: [{ school: SCHOOL, url: server.url, token: TOKEN }],
      onApplied: (_s, i) => infos.push(i),
    });
    try {
      await waitFor(() => server.acked(SCHOOL) >= snapshotItems, 'the first sync');
      const snapshotS = (performance.now() - t0) / 1000;
      infos.length = 0;

      // The recorded day, replayed as fast as the client takes it.
      t0 = performance.now();
      for (const c of day) server.publish(SCHOOL, c);
      await waitFor(() => server.acked(SCHOOL) >= server.head(SCHOOL), 'the school day');
      const dayS = (performance.now() - t0) / 1000;
      const applied = percentiles(infos.map((i) => i.appliedAt - i.startedAt));
      const notified = Number((await ds.query(`SELECT count(*) AS n FROM outbox WHERE NOT silent`))[0].n);

      // Marks at a teacher-like pace (40 a second): arrival → outbox row committed.
      infos.length = 0;
      const live = day
        .filter((c) => c.event === 'mark.set')
        .slice(0, 400)
        .map((c, i) => ({ ...c, externalId: `${c.externalId}-live-${i}` }));
      for (const c of live) {
        server.publish(SCHOOL, c);
        await new Promise((r) => setTimeout(r, 25));
      }
      await waitFor(() => server.acked(SCHOOL) >= server.head(SCHOOL), 'the paced marks');
      const arrival = percentiles(infos.filter((i) => i.event === 'mark.set').map((i) => i.committedAt - i.arrivedAt));

      process.stdout.write(
        [
          `  ${mode === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL server (DATABASE_URL)'}:`,
          `    first sync (silent): ${snapshotItems} items in ${snapshotS.toFixed(1)} s = ${Math.round(snapshotItems / snapshotS)} items/s`,
          `    school day: ${day.length} events in ${dayS.toFixed(1)} s = ${Math.round(day.length / dayS)} events/s (${notified} outbox events for families)`,
          `    apply of one event (inside its batch transaction): p50 ${ms(applied.p50)}, p95 ${ms(applied.p95)}, p99 ${ms(applied.p99)}`,
          `    mark event arrival → outbox row committed, marks at 40/s: p50 ${ms(arrival.p50)}, p95 ${ms(arrival.p95)}, p99 ${ms(arrival.p99)}`,
          '',
        ].join('\n'),
      );
    } finally {
      await client.stop();
    }
  } finally {
    await server.close();
    await close();
  }
}

export async function run(): Promise<void> {
  const { day } = schoolDay();
  process.stdout.write(
    `feed: a recorded school day of a 1,000-student school, ${day.length} events, through the reference server over WebSocket on loopback\n`,
  );
  process.stdout.write(`machine: ${machine()}\n`);
  await runMode('embedded');
  if (process.env.DATABASE_URL) await runMode('server');
  else process.stdout.write('  (set DATABASE_URL to measure the PostgreSQL server mode too)\n');
}
