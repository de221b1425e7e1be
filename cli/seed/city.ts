import type { DataSource } from 'typeorm';
import { processClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { hashKeysFrom } from '../../core/linking/keys.js';
import { addDays, mondayOf, todayIn } from '../calendar.js';
import type { Io } from '../io.js';
import { CITY_EXTERNAL_PREFIX, writeCitySchool, type CityRows } from './city-school.js';
import { demo } from './data.js';

/**
 * `seed --city N`: a city's schools for load tests and benchmarks (default 50 × 1,000 students), each with
 * its guardians (linked to synthetic Telegram accounts), a term of lessons, homework, marks and absences up
 * to today, and the lessons of the next week (tomorrow's digest has homework). Each school is one
 * transaction; a school already there (found by its external id) is left as is, so a second run writes
 * nothing and an interrupted one resumes.
 */
export interface CityArgs {
  schools: number;
  students: number;
  /** Weeks of journal up to today's week. */
  weeks: number;
  today?: string;
}

export interface CityResult {
  schools: { written: number; existed: number };
  rows: CityRows;
  seconds: number;
  rowsPerSecond: number;
  today: string;
}

const add = (into: CityRows, rows: CityRows) => {
  for (const [k, v] of Object.entries(rows)) into[k] = (into[k] ?? 0) + v;
};

export async function runCity(ds: DataSource, args: CityArgs, io: Io): Promise<CityResult> {
  const config = loadConfig(io.env);
  const today = args.today ?? todayIn(demo.school.timezone, processClock(config).now());
  const monday = mondayOf(today);
  const plan = {
    students: args.students,
    from: addDays(monday, -7 * (args.weeks - 1)),
    today,
    until: addDays(monday, 13),
    hashKey: hashKeysFrom(config).current,
  };
  const existing = new Set<string>(
    (await ds.query(`SELECT "externalId" FROM school WHERE "externalId" LIKE $1`, [`${CITY_EXTERNAL_PREFIX}%`])).map(
      (r: { externalId: string }) => r.externalId,
    ),
  );
  const rows: CityRows = {};
  const result: CityResult = { schools: { written: 0, existed: 0 }, rows, seconds: 0, rowsPerSecond: 0, today };
  const started = performance.now();
  for (let n = 1; n <= args.schools; n++) {
    if (existing.has(`${CITY_EXTERNAL_PREFIX}${n}`)) {
      result.schools.existed++;
      continue;
    }
    const t = performance.now();
    const school = await ds.transaction((em) => writeCitySchool(em, { ...plan, number: n }));
    add(rows, school.rows);
    result.schools.written++;
    io.log.info({ school: n, ms: Math.round(performance.now() - t) }, 'city school written');
  }
  result.seconds = (performance.now() - started) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  result.rowsPerSecond = result.seconds > 0 ? total / result.seconds : 0;
  printCity(result, args, io);
  return result;
}

const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');

function printCity(r: CityResult, args: CityArgs, io: Io): void {
  const { rows } = r;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  io.out(
    `City of ${args.schools} schools × ${args.students} students, journal as of ${r.today}: ${r.schools.written} written, ${r.schools.existed} already there (left as is).`,
  );
  if (!r.schools.written) return;
  io.out(
    `  ${n(rows.school_class)} classes, ${n(rows.student)} students, ${n(rows.guardian)} guardians (${n(rows.link)} linked), ${n(rows.staff)} staff`,
  );
  io.out(
    `  ${n(rows.lesson)} lessons with homework, ${n(rows.mark)} marks (+ ${n(rows.mark_history)} history rows), ${n(rows.attendance)} absences and late arrivals`,
  );
  io.out(`  ${n(total)} rows in ${r.seconds.toFixed(1)} s: ${n(Math.round(r.rowsPerSecond))} rows/s`);
}
