import { processClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { hashKeysFrom } from '../../core/linking/keys.js';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import { SchoolEntity } from '../../db/entities/index.js';
import { parseCommandArgs } from '../args.js';
import { isIsoDate, mondayOf, todayIn } from '../calendar.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../database.js';
import type { Io } from '../io.js';
import { runCity } from './city.js';
import { writeCurrentWeek } from './current-week.js';
import { backdateCurrentWeek, writeControlSettings } from './administration.js';
import { demo } from './data.js';
import { writeHistory, writePeriodMarks } from './history.js';
import { issueSchoolInvitations, type IssuedCode } from './invitations.js';
import { planJournal, planQuarterMarks } from './journal-plan.js';
import { planPeople } from './people.js';
import { Random } from './random.js';
import { countSchool, sampleCodes, table, type SchoolCounts } from './report.js';
import { writeStructure } from './structure.js';
import { planLessons, schoolDays } from './timetable.js';

export interface SeedArgs {
  /** The day the demo journal is "as of" (default: today in the school's time zone). */
  today?: string;
  json?: boolean;
  ttlDays?: number;
}

export interface SeedResult {
  school: { id: number; name: string; externalId: string; academicYear: string; asOf: string | null; created: boolean };
  counts: SchoolCounts & { invitations: number };
  invitations: IssuedCode[];
}

const ACTOR: Actor = { kind: 'cli', command: 'seed' };
/** Fixed, so every run draws the same school. */
export const SEED = 'dnevnik-demo-school-17';

/**
 * Creates the demo school unless it exists (found by its external id), then
 * issues fresh invitation codes for everyone in it and prints them.
 */
export async function runSeed(ds: DataSource, args: SeedArgs, io: Io): Promise<SeedResult> {
  // The process's clock (CLOCK_START moves it for a demo or a test on a fixed school day).
  const config = loadConfig(io.env);
  const now = processClock(config).now();
  const today = args.today ?? todayIn(demo.school.timezone, now);
  const existing = await ds.manager.findOneBy(SchoolEntity, { externalId: demo.school.externalId });
  const schoolId = existing ? existing.id : await createDemoSchool(ds, today, io);
  if (existing) io.log.info({ schoolId }, 'demo school exists; its data is left as is, only fresh codes are issued');
  const codes = { key: hashKeysFrom(config).current, ttlDays: args.ttlDays ?? config.INVITATION_TTL_DAYS };
  const invitations = await issueSchoolInvitations(ds, schoolId, ACTOR, codes, {}, now);
  const school = await ds.manager.findOneByOrFail(SchoolEntity, { id: schoolId });
  const result: SeedResult = {
    school: {
      id: school.id,
      name: school.name,
      externalId: demo.school.externalId,
      academicYear: demo.year.name,
      asOf: existing ? null : today,
      created: !existing,
    },
    counts: { ...(await countSchool(ds, schoolId)), invitations: invitations.length },
    invitations,
  };
  if (args.json) io.out(JSON.stringify(result));
  else printSummary(result, io);
  return result;
}

async function createDemoSchool(ds: DataSource, today: string, io: Io): Promise<number> {
  const started = Date.now();
  const rng = new Random(SEED);
  const people = planPeople(rng.fork('people'));
  const days = schoolDays();
  const plan = planJournal(planLessons(days), people.students, days, rng.fork('journal'));
  const monday = mondayOf(today);
  const quarter1 = demo.periods.find((p) => p.kind === 'quarter' && p.number === 1)!;
  // Structure and bulk history in one transaction: a failure leaves no half a school behind.
  const { ids, lessonIds } = await ds.transaction(async (em) => {
    const ids = await writeStructure(em, people, ACTOR);
    const lessonIds = await writeHistory(em, plan, ids, monday, ACTOR);
    if (today > quarter1.endsOn)
      await writePeriodMarks(
        em,
        planQuarterMarks(plan, (d) => d < today, people.students),
        ids.periods.get('quarter:1')!,
        ids,
        ACTOR,
      );
    return { ids, lessonIds };
  });
  io.log.info({ ms: Date.now() - started }, 'demo structure and history written');
  const week = await writeCurrentWeek(ds, plan, ids, lessonIds, { monday, today }, ACTOR);
  await backdateCurrentWeek(ds, plan, ids, lessonIds, { monday, today });
  await writeControlSettings(ds, ids, ACTOR);
  io.log.info({ ms: Date.now() - started, ...week }, 'demo current week written');
  return ids.schoolId;
}

function printSummary(r: SeedResult, io: Io): void {
  const c = r.counts;
  io.out(
    r.school.created
      ? `Created the demo school (id ${r.school.id}), academic year ${r.school.academicYear}, journal as of ${r.school.asOf}.`
      : `The demo school exists (id ${r.school.id}); its data was left as is.`,
  );
  io.out(
    `  ${c.classes} classes, ${c.subgroups} subgroups, ${c.students} students, ${c.guardians} guardians, ${c.staff} staff, ${c.subjects} subjects`,
  );
  io.out(
    `  ${c.lessons} lessons (${c.homework} with homework, ${c.substitutions} substitutions, ${c.cancelledLessons} cancelled), ${c.marks} marks, ${c.attendance} absences and late arrivals, ${c.periodMarks} period marks`,
  );
  io.out(`Issued ${c.invitations} fresh invitation codes. A few of them:`);
  for (const line of table(sampleCodes(r.invitations))) io.out(`  ${line}`);
  io.out("All codes with names as JSON: npm run -s cli -- seed --demo --json (-s keeps npm's banner off stdout)");
}

const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');

const count = (max: number) => z.coerce.number().int().min(1).max(max);

export const command: CliCommand = {
  summary: 'create the demo school (once) and issue fresh invitation codes; or a city of schools for load tests',
  usage: 'seed --demo [--json] [--today YYYY-MM-DD] | seed --city N [--students 1000] [--weeks 8] [--today YYYY-MM-DD]',
  async main(argv, io) {
    const args = parseCommandArgs(
      argv,
      {
        demo: { type: 'boolean' },
        json: { type: 'boolean' },
        today: { type: 'string' },
        city: { type: 'string' },
        students: { type: 'string' },
        weeks: { type: 'string' },
      },
      z
        .object({
          demo: z.boolean().default(false),
          json: z.boolean().default(false),
          today: isoDate.optional(),
          city: count(500).optional(),
          students: count(5000).default(1000),
          weeks: count(20).default(8),
        })
        .refine((a) => a.demo !== (a.city !== undefined), {
          error: 'give --demo (the demo school) or --city N (N schools for load tests), one of them',
        }),
    );
    if (args.city !== undefined) {
      const city = { schools: args.city, students: args.students, weeks: args.weeks, today: args.today };
      await withDatabase(io, (ds) => runCity(ds, city, io));
      return;
    }
    await withDatabase(io, (ds, config) => runSeed(ds, { ...args, ttlDays: config.INVITATION_TTL_DAYS }, io));
  },
};
