import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Update } from 'grammy/types';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { manualClock } from '../core/clock.js';
import { benchBot } from './bot.js';
import { issueInvitation } from '../core/linking/invitations.js';
import * as s from '../core/school/structure.js';
import type { Actor } from '../core/actor.js';
import { actorKey } from '../core/actor.js';
import { ensureDatabase, openDatabase, type Database } from '../db/database.js';
import {
  AttendanceEntity,
  HomeworkAttachmentEntity,
  LessonEntity,
  MarkEntity,
  MarkHistoryEntity,
  PeriodMarkEntity,
  type MarkValue,
} from '../db/entities/index.js';
import { addDays, eachDate, weekday, zonedInstant } from '../cli/calendar.js';
import { demo, topicsFor } from '../cli/seed/data.js';
import { bellTimes } from '../cli/seed/timetable.js';
import { machine, ms, percentiles } from './support.js';

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
const ACTOR: Actor = { kind: 'cli', command: 'bench' };
const TODAY = '2027-05-20';
const NOW = '2027-05-20T10:00:00+03:00';
const CLASS = demo.classes.find((c) => c.grade === 7)!;
const N = 200;
const WARMUP = 20;

/** A small deterministic PRNG (mulberry32): the same year on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertChunked<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T>[],
  returning: string[] = ['id'],
) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + 1000))
      .returning(returning)
      .updateEntity(false)
      .execute();
    out.push(...(res.raw as Record<string, unknown>[]));
  }
  return out;
}

/** A database of its own: a fresh one on the server at DATABASE_URL (dropped after), or an embedded PostgreSQL in a temp folder. */
async function benchDb(): Promise<{ db: Database; mode: string; close: () => Promise<void> }> {
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

interface Year {
  studentId: number;
  guardianId: number;
  schoolId: number;
  periods: Map<string, number>;
  subjectIds: number[];
  counts: Record<string, number>;
}

export async function writeYear(em: EntityManager): Promise<Year> {
  const random = rng(17);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const d = demo.school;
  const school = await s.upsertSchool(
    em,
    {
      name: d.name,
      shortName: d.shortName,
      timezone: d.timezone,
      externalId: 'bench-diary',
      settings: { thresholds: d.thresholds },
    },
    ACTOR,
  );
  const schoolId = school.id;
  const year = await s.upsertAcademicYear(em, { schoolId, ...demo.year }, ACTOR);
  const periods = new Map<string, number>();
  for (const p of demo.periods)
    periods.set(
      `${p.kind}:${p.number}`,
      (await s.upsertPeriod(em, { schoolId, academicYearId: year.id, ...p }, ACTOR)).id,
    );
  for (const h of demo.holidays) await s.upsertHoliday(em, { schoolId, academicYearId: year.id, ...h }, ACTOR);
  const workKinds = new Map<string, number>();
  for (const k of demo.workKinds) workKinds.set(k.code, (await s.upsertWorkKind(em, { schoolId, ...k }, ACTOR)).id);
  const subjects = new Map<string, number>();
  for (const sub of demo.subjects)
    subjects.set(
      sub.name,
      (await s.upsertSubject(em, { schoolId, name: sub.name, shortName: sub.shortName }, ACTOR)).id,
    );
  const staff = new Map<string, number>();
  for (const p of demo.staff)
    staff.set(
      p.key,
      (
        await s.upsertStaff(
          em,
          { schoolId, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName },
          ACTOR,
        )
      ).id,
    );
  const cls = await s.upsertClass(
    em,
    { schoolId, academicYearId: year.id, grade: CLASS.grade, letter: CLASS.letter },
    ACTOR,
  );
  const students: number[] = [];
  for (let i = 0; i < CLASS.students; i++) {
    const [male, female] = demo.names.surnames[i % demo.names.surnames.length];
    const girl = i % 2 === 0;
    students.push(
      (
        await s.upsertStudent(
          em,
          {
            schoolId,
            classId: cls.id,
            lastName: girl ? female : male,
            firstName: girl
              ? demo.names.childFemale[i % demo.names.childFemale.length]
              : demo.names.childMale[i % demo.names.childMale.length],
          },
          ACTOR,
        )
      ).id,
    );
  }
  const target = students[0];
  const guardian = await s.upsertGuardian(
    em,
    { schoolId, lastName: demo.names.surnames[0][1], firstName: demo.names.adultFemale[0] },
    ACTOR,
  );
  await s.linkGuardianToStudent(em, { studentId: target, guardianId: guardian.id, relation: 'mother' }, ACTOR);
  const subgroups = new Map<string, number>();
  for (const [subject, teachers] of Object.entries(CLASS.teachers)) {
    if (!Array.isArray(teachers)) continue;
    for (let g = 0; g < teachers.length; g++) {
      const sg = await s.upsertSubgroup(
        em,
        { schoolId, classId: cls.id, name: `${subject}, ${demo.subgroupNames[g]}` },
        ACTOR,
      );
      subgroups.set(`${subject}|${g}`, sg.id);
      for (const [i, st] of students.entries()) if (i % teachers.length === g) await s.addToSubgroup(em, sg.id, st);
    }
  }

  // The timetable of the whole year, weekdays outside holidays.
  const off = new Set<string>(demo.daysOff);
  for (const h of demo.holidays) for (const x of eachDate(h.startsOn, h.endsOn)) off.add(x);
  const yearEnd = demo.periods.find((p) => p.kind === 'year')!.endsOn;
  const days = eachDate(demo.year.startsOn, yearEnd).filter((x) => weekday(x) <= 5 && !off.has(x));
  const by = actorKey(ACTOR);
  const seq = new Map<string, number>();
  const lessons: { row: Partial<Record<string, unknown>>; subject: string; group: number | null }[] = [];
  for (const date of days) {
    (CLASS.grid[weekday(date) - 1] ?? []).forEach((subject, i) => {
      const assigned = CLASS.teachers[subject];
      const teachers = Array.isArray(assigned) ? assigned : [assigned];
      teachers.forEach((teacher, g) => {
        const group = Array.isArray(assigned) ? g : null;
        const n = seq.get(`${subject}|${group}`) ?? 0;
        seq.set(`${subject}|${group}`, n + 1);
        const topics = topicsFor(subject, CLASS.grade);
        const { startsAt, endsAt } = bellTimes(i + 1);
        const past = date < TODAY;
        const homework =
          past && random() < 0.9
            ? `${pick(['§', 'No.', 'p.'])} ${1 + (n % 40)}, ${10 + Math.floor(random() * 300)}`
            : null;
        lessons.push({
          subject,
          group,
          row: {
            schoolId,
            classId: cls.id,
            subgroupId: group === null ? null : subgroups.get(`${subject}|${group}`)!,
            subjectId: subjects.get(subject)!,
            teacherId: staff.get(teacher)!,
            substituteTeacherId: random() < 0.02 ? staff.get(pick(demo.staff).key)! : null,
            date,
            slot: i + 1,
            startsAt: `${startsAt}:00`,
            endsAt: `${endsAt}:00`,
            room: demo.staff.find((x) => x.key === teacher)?.room ?? null,
            topic: topics.length ? topics[n % topics.length] : null,
            homework,
            homeworkSetAt: homework ? zonedInstant(date, endsAt, d.timezone) : null,
            cancelled: random() < 0.01,
            updatedBy: by,
          },
        });
      });
    });
  }
  const lessonIds = (
    await insertChunked(
      em,
      LessonEntity,
      lessons.map((l) => l.row),
    )
  ).map((r) => r.id as number);

  // Marks: the student ≈1.5 per own lesson; each classmate in turn one a lesson.
  const marks: Partial<Record<string, unknown>>[] = [];
  const valueOf = (): MarkValue => {
    const r = random();
    return r < 0.4 ? '5' : r < 0.75 ? '4' : r < 0.95 ? '3' : '2';
  };
  lessons.forEach((l, i) => {
    const row = l.row as { date: string; subjectId: number; teacherId: number; endsAt: string; cancelled: boolean };
    if (row.date >= TODAY || row.cancelled) return;
    const subj = demo.subjects.find((x) => x.name === l.subject)!;
    const own = l.group === null || l.group === 0;
    const at = zonedInstant(row.date, row.endsAt.slice(0, 5), d.timezone);
    const mark = (studentId: number, kind: string, value: MarkValue) =>
      marks.push({
        schoolId,
        studentId,
        subjectId: row.subjectId,
        lessonId: lessonIds[i],
        workKindId: workKinds.get(kind)!,
        date: row.date,
        value,
        comment:
          random() < 0.1 ? pick([...demo.markComments.low, ...demo.markComments.mid, ...demo.markComments.high]) : null,
        teacherId: row.teacherId,
        updatedBy: by,
        createdAt: at,
        updatedAt: at,
      });
    if (own)
      for (let k = 0; k < (i % 5 < 3 ? 2 : 1); k++)
        mark(
          target,
          pick(subj.regular.length ? [...subj.regular, ...subj.control.map((c) => c.kind)] : ['oral']),
          valueOf(),
        );
    mark(students[1 + (i % (students.length - 1))], pick(subj.regular.length ? subj.regular : ['oral']), valueOf());
  });
  const markIds = await insertChunked(em, MarkEntity, marks);
  await insertChunked(
    em,
    MarkHistoryEntity,
    markIds.map((r, i) => ({
      markId: r.id as number,
      action: 'created' as const,
      oldValue: null,
      newValue: marks[i].value as MarkValue,
      oldComment: null,
      newComment: marks[i].comment as string | null,
      actor: by,
      at: marks[i].createdAt as Date,
    })),
  );

  // Absences: two weeks ill in winter, and now and then a lesson (reasons of all kinds), latenesses.
  const attendance: Partial<Record<string, unknown>>[] = [];
  lessons.forEach((l, i) => {
    const row = l.row as { date: string };
    const own = l.group === null || l.group === 0;
    if (!own || row.date >= TODAY) return;
    const ill = row.date >= '2027-02-01' && row.date <= '2027-02-12';
    const r = random();
    if (ill || r < 0.03)
      attendance.push({
        schoolId,
        studentId: target,
        lessonId: lessonIds[i],
        status: !ill && r < 0.008 ? 'late' : 'absent',
        reason: ill ? 'illness' : pick(['excused', 'unexcused', 'unknown']),
        updatedBy: by,
      });
  });
  await insertChunked(em, AttendanceEntity, attendance);

  // Period marks of the ended periods, a file or two on recent homework.
  const pm: Partial<Record<string, unknown>>[] = [];
  for (const key of ['quarter:1', 'quarter:2', 'quarter:3', 'halfYear:1'])
    for (const subjectId of new Set(lessons.map((l) => l.row.subjectId as number)))
      pm.push({ schoolId, studentId: target, subjectId, periodId: periods.get(key)!, value: valueOf(), updatedBy: by });
  await insertChunked(em, PeriodMarkEntity, pm);
  const files = lessons
    .map((l, i) => ({ l, id: lessonIds[i] }))
    .filter((x) => x.l.row.homework && (x.l.row.date as string) >= addDays(TODAY, -10))
    .slice(0, 6);
  await insertChunked(
    em,
    HomeworkAttachmentEntity,
    files.map((x) => ({
      schoolId,
      lessonId: x.id,
      fileName: 'worksheet.pdf',
      mimeType: 'application/pdf',
      size: 2048,
      content: Buffer.alloc(2048, 1),
      createdBy: by,
    })),
  );
  const [own] = await em.query(`SELECT count(*)::int AS n FROM mark WHERE "studentId" = $1`, [target]);
  return {
    studentId: target,
    guardianId: guardian.id,
    schoolId,
    periods,
    subjectIds: [...subjects.values()],
    counts: {
      lessons: lessons.length,
      marks: marks.length,
      studentMarks: own.n,
      absences: attendance.length,
      students: students.length,
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

export async function run(): Promise<void> {
  const { db, mode, close } = await benchDb();
  const ds = db.dataSource;
  const t0 = performance.now();
  const year = await ds.transaction((em) => writeYear(em));
  const genSec = (performance.now() - t0) / 1000;
  await ds.query('ANALYZE');

  // Every statement the pool sends, while a collector is open.
  let collected: string[] | null = null;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back below and called with the client as `this`
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string };
    if (collected) collected.push(typeof q === 'string' ? q : q.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const USER = 555_000_001;
  const sim = benchBot(ds, manualClock(NOW));
  const { bot } = sim;
  const message = (text: string) => sim.message(USER, text);
  const press = (data: string) => sim.press(USER, data);

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
  await bot.handleUpdate(message(`/start ${code}`));
  await bot.handleUpdate(press('cf:y'));

  const [busiest] = await ds.query(
    `SELECT "subjectId" FROM mark WHERE "studentId" = $1 GROUP BY "subjectId" ORDER BY count(*) DESC LIMIT 1`,
    [year.studentId],
  );
  const q4 = year.periods.get('quarter:4')!;
  const yearPeriod = year.periods.get('year:1')!;
  const monday = '20270517';
  const views: [string, () => Update][] = [
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
  const rows: { name: string; p50: number; p95: number; total: number; own: number }[] = [];
  for (const [name, update] of views) {
    // The subject page reads its period from the message it is pressed under: open the year first.
    const before = name.startsWith('subject') ? () => bot.handleUpdate(press(`dm:${yearPeriod}`)) : async () => {};
    const times: number[] = [];
    let total = 0;
    let own = 0;
    for (let i = 0; i < WARMUP + N; i++) {
      await before();
      collected = [];
      const t = performance.now();
      await bot.handleUpdate(update());
      const elapsed = performance.now() - t;
      const sql = collected;
      collected = null;
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
    rows.push({ name, p50: p.p50, p95: p.p95, total, own });
  }
  pg.Client.prototype.query = original;

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
    `  the chart is a picture drawn per press (SVG → PNG in resvg): p95 ${ms(chart.p95)}, ${chart.p95 < 50 ? 'within' : 'over'} the 50 ms of the text views`,
  );
  await close();
}
