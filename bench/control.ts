import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { restoreBackup } from '../core/backup/restore.js';
import { runBackup } from '../core/backup/runs.js';
import { buildControlReport, scopeLessons } from '../core/control/figures.js';
import { classRows, currentClasses, lessonLines, teacherRows } from '../core/panel/rows.js';
import { studentRows } from '../core/panel/students.js';
import { weeklyKept } from '../core/panel/weeks.js';
import { wallClock } from '../core/calendar.js';
import { makePrintouts, makeSummarySheet, resolvePeriod } from '../core/paper/service.js';
import { createDataSource } from '../db/data-source.js';
import { benchDatabase, machine, ms, percentiles } from './support.js';

/**
 * The administration on the demo school (docs/control-panel.md): the time to
 * build the control panel for the whole school and for each class and
 * teacher, the printouts and summary sheets (time and PDF size per class),
 * and a backup with its restore into a fresh database.
 */
type Scope = { schoolId: number; from: string; to: string };
type Classes = { id: number; name: string }[];
const tz = 'Europe/Moscow';
const actor = { kind: 'cli' as const, command: 'bench' };

/** The panel for the whole school (20 runs after one warm-up), then for each class and each teacher. */
async function panels(ds: DataSource, scope: Scope, classes: Classes, now: Date): Promise<void> {
  await buildControlReport(ds, scope, { now, timezone: tz });
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await buildControlReport(ds, scope, { now, timezone: tz });
    samples.push(performance.now() - t);
  }
  const p = percentiles(samples);
  const r = await buildControlReport(ds, scope, { now, timezone: tz });
  console.log(
    `  panel, whole school (20 runs): p50 ${ms(p.p50)}, p95 ${ms(p.p95)}; figures: no marks ${r.marks.none.length}/${r.marks.pairs}, one mark ${r.marks.one.length}, homework late ${r.homeworkLate.length}, missing ${r.homeworkMissing.length}/${r.homeworkExpected}, no topic ${r.noTopic.length}/${r.lessonsHeld}, marks late ${r.marksLate.length}/${r.writtenMarks}`,
  );
  const teachers: { id: number }[] = await ds.query(
    `SELECT DISTINCT "teacherId" AS id FROM lesson WHERE "schoolId" = $1`,
    [scope.schoolId],
  );
  const t = performance.now();
  for (const c of classes) await buildControlReport(ds, { ...scope, classId: c.id }, { now, timezone: tz });
  for (const x of teachers) await buildControlReport(ds, { ...scope, teacherId: x.id }, { now, timezone: tz });
  const each = (performance.now() - t) / (classes.length + teachers.length);
  console.log(
    `  panel per class or teacher (${classes.length} classes, ${teachers.length} teachers): mean ${ms(each)}`,
  );
}

/**
 * The Mini App panel's drill-down beyond the report (core/panel): the school's
 * class rows and ten weeks' chart, and a class's teachers, lessons, students and chart.
 */
async function drillDown(ds: DataSource, scope: Scope, classes: Classes, now: Date, today: string): Promise<void> {
  const to = scope.to < today ? scope.to : today;
  const time = async (f: () => Promise<unknown>) => {
    await f();
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await f();
      samples.push(performance.now() - t);
    }
    return percentiles(samples);
  };
  const school = await time(async () => {
    const r = await buildControlReport(ds, scope, { now, timezone: tz });
    const lessons = await scopeLessons(ds, [scope.schoolId, scope.from, to, null, null, tz]);
    classRows(r, lessons, await currentClasses(ds, scope.schoolId, today));
    await weeklyKept(ds, r.scope, { settings: r.settings, now, today, timezone: tz });
  });
  const cls = await time(async () => {
    const c = { ...scope, classId: classes[0].id };
    const r = await buildControlReport(ds, c, { now, timezone: tz });
    const lessons = await scopeLessons(ds, [scope.schoolId, scope.from, to, c.classId, null, tz]);
    teacherRows(r, lessons, await lessonLines(ds, r, lessons));
    await studentRows(ds, r, c.classId, { from: scope.from, to });
    await weeklyKept(ds, r.scope, { settings: r.settings, now, today, timezone: tz });
  });
  console.log(
    `  Mini App panel (report + drill-down + chart, 10 runs): school p50 ${ms(school.p50)}, p95 ${ms(school.p95)}; class ${classes[0].name} p50 ${ms(cls.p50)}, p95 ${ms(cls.p95)}`,
  );
}

/** Each class's printouts of two weeks and its summary sheet of the first quarter. */
async function paper(ds: DataSource, classes: Classes, today: string, now: Date): Promise<void> {
  for (const c of classes) {
    let t = performance.now();
    const printouts = (await makePrintouts(
      ds,
      { classId: c.id, from: addDaysIso(today, -13), to: today },
      actor,
      now,
    ))!;
    const pMs = performance.now() - t;
    const q1 = (await resolvePeriod(ds, c.id, 'q1', today))!;
    t = performance.now();
    const sheet = await makeSummarySheet(ds, { classId: c.id, periodId: q1.id }, actor, now);
    const sMs = performance.now() - t;
    console.log(
      `  ${c.name}: printouts (${printouts.students.length} students, 2 weeks) ${kb(printouts.content.length)} in ${ms(pMs)}; summary sheet ${q1.name} PDF ${kb(sheet.pdf.content.length)}, CSV ${kb(sheet.csv.content.length)} in ${ms(sMs)}`,
    );
  }
}

/** A backup, restored into a fresh database that is dropped after. */
async function backupAndRestore(ds: DataSource, url: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dnevnik-bench-backup-'));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const name = `bench_restore_${randomBytes(4).toString('hex')}`;
  try {
    const done = (await runBackup(ds, { dir, keep: 2, trigger: 'cli', now: new Date() }))!;
    console.log(
      `  backup: ${done.result.manifest.tables.length} tables, ${done.result.rows} rows, ${kb(done.result.bytes)} in ${ms(done.result.ms)}`,
    );
    const client = new pg.Client(admin.toString());
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const fresh = createDataSource(target.toString(), { poolSize: 2 });
    await fresh.initialize();
    await fresh.runMigrations({ transaction: 'each' });
    const restored = await restoreBackup(fresh, done.result.directory);
    console.log(`  restore into a fresh database: ${restored.rows} rows in ${ms(restored.ms)}, row counts verified`);
    await fresh.destroy();
  } finally {
    const client = new pg.Client(admin.toString());
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const { db, seed, mode, close } = await benchDatabase();
  const ds = db.dataSource;
  const now = new Date();
  const today = wallClock(tz, now).date;
  const schoolId = seed.school.id;
  const classes: Classes = await ds.query(`SELECT id, name FROM school_class WHERE "schoolId" = $1 ORDER BY grade`, [
    schoolId,
  ]);
  const period = (await resolvePeriod(ds, classes[0].id, undefined, today))!;
  const scope = { schoolId, from: period.startsOn, to: period.endsOn };
  console.log(
    `control on ${mode}; ${machine()}; demo school: ${seed.counts.students} students, ${seed.counts.lessons} lessons, ${seed.counts.marks} marks; period ${period.startsOn}…${today}`,
  );
  await panels(ds, scope, classes, now);
  await drillDown(ds, scope, classes, now, today);
  await paper(ds, classes, today, now);
  try {
    await backupAndRestore(ds, db.url);
  } finally {
    await close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}
