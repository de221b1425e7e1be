import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCity, type CityResult } from '../cli/seed/city.js';
import { command } from '../cli/seed/index.js';
import { manualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { createServices, type Services } from '../core/services/index.js';
import { isNotice } from '../core/diary/service.js';
import { postgresRateLimiter } from '../db/stores/rate-limit.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { captureIo } from './helpers/cli-io.js';

/**
 * `seed --city` with a small city (2 schools × 50 students, 3 weeks of journal as of Wednesday 25 November
 * 2026): the rows a family would see through the core services, and a second run that writes nothing.
 */
const TODAY = '2026-11-25';
const KEY = 'test-key-0123456789';
const ARGS = { schools: 2, students: 50, weeks: 3, today: TODAY };
let db: TestDb;
let first: CityResult;
let firstOut: string[];
let services: Services;

const io = () => ({ ...captureIo(), env: { CODE_HASH_KEY: KEY } });
const rows = (sql: string, params: unknown[] = []) => db.ds.query(sql, params);

beforeAll(async () => {
  db = await createTestDb();
  const out = io();
  first = await runCity(db.ds, ARGS, out);
  firstOut = out.stdout;
  services = createServices({
    db: db.ds,
    config: loadConfig({ CODE_HASH_KEY: KEY }),
    clock: manualClock(`${TODAY}T16:00:00Z`),
    hashKey: KEY,
    rateLimiter: postgresRateLimiter(db.ds),
  });
}, 120_000);
afterAll(() => db.close());

describe(`seed --city on ${inject('pgMode')} PostgreSQL`, () => {
  it('writes the schools with their classes, students and guardians, and says how fast', async () => {
    expect(first.schools).toEqual({ written: 2, existed: 0 });
    const schools = await rows(`SELECT s.name, count(DISTINCT c.id)::int AS classes, count(st.id)::int AS students
      FROM school s JOIN school_class c ON c."schoolId" = s.id JOIN student st ON st."classId" = c.id
      GROUP BY s.id ORDER BY s.id`);
    expect(schools).toEqual([
      { name: 'МБОУ «Средняя общеобразовательная школа № 1»', classes: 2, students: 50 },
      { name: 'МБОУ «Средняя общеобразовательная школа № 2»', classes: 2, students: 50 },
    ]);
    const perStudent = await rows(`SELECT count(*)::int AS n FROM student_guardian GROUP BY "studentId"`);
    expect(perStudent).toHaveLength(100);
    for (const g of perStudent) expect([1, 2]).toContain(g.n);
    const unlinked = await rows(`SELECT sg.* FROM student_guardian sg LEFT JOIN link l
      ON l."guardianId" = sg."guardianId" AND l."studentId" = sg."studentId" AND l."chatId" IS NOT NULL WHERE l.id IS NULL`);
    expect(unlinked).toEqual([]);
    expect(firstOut[0]).toBe(
      `City of 2 schools × 50 students, journal as of ${TODAY}: 2 written, 0 already there (left as is).`,
    );
    expect(firstOut.at(-1)).toMatch(/^ {2}[\d,]+ rows in [\d.]+ s: [\d,]+ rows\/s$/);
    expect(first.rows.student).toBe(100);
    expect(first.rows.link).toBe(first.rows.guardian);
  });

  it("shows a parent their child's marks of the term through the diary", async () => {
    const [link] = await rows(
      `SELECT l."telegramUserId"::text AS "user", l."studentId" FROM link l ORDER BY l.id LIMIT 1 OFFSET 7`,
    );
    const profile = await services.access.profile(Number(link.user));
    expect(profile.children.map((c) => c.studentId)).toEqual([link.studentId]);
    const access = await services.diary.student(profile);
    if (access.kind !== 'ok') throw new Error(`diary access: ${access.kind}`);
    const view = await services.diary.marks(profile.accountHash, access.student);
    if (isNotice(view)) throw new Error(`diary notice: ${view.notice}`);
    expect(view.overview.period.name).toBe('2 четверть');
    const shown = view.overview.subjects.flatMap((s) => s.marks.map((m) => `${s.subject.name} ${m.date} ${m.value}`));
    const stored = await rows(
      `SELECT sj.name || ' ' || to_char(m.date, 'YYYY-MM-DD') || ' ' || m.value AS line FROM mark m
        JOIN subject sj ON sj.id = m."subjectId" WHERE m."studentId" = $1 AND m.date >= '2026-11-04' AND NOT m.deleted`,
      [link.studentId],
    );
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.sort()).toEqual(stored.map((r: { line: string }) => r.line).sort());
    for (const s of view.overview.subjects) expect(s.average).not.toBeNull();
  });

  it("has tomorrow's homework for the evening digest", async () => {
    const [r] = await rows(
      `SELECT count(*)::int AS n FROM lesson WHERE date = '2026-11-26' AND homework IS NOT NULL AND NOT cancelled`,
    );
    expect(r.n).toBe(2 * 2 * 5);
  });

  it('writes nothing on a second run, and refuses unclear arguments', async () => {
    const out = io();
    const again = await runCity(db.ds, ARGS, out);
    expect(again.schools).toEqual({ written: 0, existed: 2 });
    expect(out.stdout).toEqual([
      `City of 2 schools × 50 students, journal as of ${TODAY}: 0 written, 2 already there (left as is).`,
    ]);
    expect((await rows(`SELECT count(*)::int AS n FROM student`))[0].n).toBe(100);
    await expect(command.main(['--city', '0'], io())).rejects.toThrow('--city: ');
    await expect(command.main(['--city', '2', '--demo'], io())).rejects.toThrow(
      'give --demo (the demo school) or --city N (N schools for load tests), one of them',
    );
  });
});
