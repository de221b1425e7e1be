import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { feedStatus, requestResync } from '../../core/feed/state.js';
import { parseCommandArgs } from '../args.js';
import { isIsoDate, todayIn } from '../calendar.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../database.js';
import { CliError, type Io } from '../io.js';
import { DEMO_SCHOOL, demoDay, demoPlan, demoStructure, lessonChange, playableDay } from './demo-school.js';
import { ReferenceFeedServer } from './server.js';
import { entriesCommand } from './entries.js';

const USAGE =
  'feed serve --demo [--port 8765] [--token T] [--date YYYY-MM-DD] [--step-ms 1500] | feed status [--json] | feed dead-letters [--school <id>] [--limit 50] [--json] | feed resync --school <id> | feed entries --school <id> [--rejected] [--limit 50] [--json]';

/** Rows as aligned columns. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '—');

/** `feed status`: each school's connection state, lag and dead letters. */
export async function runStatus(ds: DataSource, io: Io, json: boolean, staleMinutes?: number): Promise<void> {
  const rows = await feedStatus(ds, { staleMinutes });
  if (json) return void io.out(JSON.stringify(rows));
  if (!rows.length)
    return void io.out('No school has a journal feed yet (set FEED_SCHOOLS and start the bot or a worker).');
  io.out(
    table([
      [
        'school',
        'journal',
        'status',
        'seq',
        'head',
        'lag',
        'synced at (UTC)',
        'dead letters',
        'entries',
        'holder',
        'last error',
      ],
      ...rows.map((r) => [
        `${r.schoolId} ${r.school}`,
        r.journal,
        r.stale ? `${r.status} (stale)` : r.status,
        String(r.lastSeq),
        String(r.head),
        `${r.lagEvents} ev, ${r.lagSeconds === null ? '—' : `${r.lagSeconds} s`}`,
        when(r.syncedAt),
        String(r.deadLetters),
        `${r.entriesPending} pending, ${r.entriesRejected} rejected`,
        r.holder ?? '—',
        r.lastError ?? '',
      ]),
    ]).join('\n'),
  );
}

/** `feed dead-letters`: what the client could not apply, newest first, with the reason. */
export async function runDeadLetters(
  ds: DataSource,
  io: Io,
  args: { school?: number; limit: number; json: boolean },
): Promise<void> {
  const rows = await ds.query<
    {
      id: number;
      schoolId: number;
      seq: string | null;
      eventId: string | null;
      type: string | null;
      externalId: string | null;
      reason: string;
      message: string;
      receivedAt: Date;
    }[]
  >(
    `SELECT id, "schoolId", seq, "eventId", type, "externalId", reason, message, "receivedAt" FROM feed_dead_letter
      WHERE ($1::int IS NULL OR "schoolId" = $1) ORDER BY id DESC LIMIT $2`,
    [args.school ?? null, args.limit],
  );
  if (args.json)
    return void io.out(JSON.stringify(rows.map((r) => ({ ...r, seq: r.seq === null ? null : Number(r.seq) }))));
  if (!rows.length) return void io.out('No dead letters.');
  io.out(
    table([
      ['id', 'school', 'seq', 'received (UTC)', 'event', 'external id', 'reason'],
      ...rows.map((r) => [
        String(r.id),
        String(r.schoolId),
        r.seq ?? '—',
        when(r.receivedAt),
        r.type ?? '?',
        r.externalId ?? '—',
        r.reason,
      ]),
    ]).join('\n'),
  );
  // Incoming events (with a seq) are fixed in the e-journal; a rejected teacher's entry (no seq) was told to its teacher.
  if (rows.some((r) => r.seq !== null))
    io.out(
      'Events: fix the data in the e-journal (or the missing entity), then `feed resync --school <id>` reloads the school silently.',
    );
  if (rows.some((r) => r.seq === null))
    io.out(
      'Rejected entries (no seq): the teacher was told the reason; nothing to replay. `feed entries --school <id> --rejected` lists them.',
    );
}

export interface ServeArgs {
  port: number;
  token?: string;
  date?: string;
  stepMs: number;
  wait: boolean;
}

/**
 * `feed serve --demo`: the reference e-journal on loopback with the demo
 * school: its structure and the day's timetable first, then — once a client
 * has synced — the school day as a teacher enters it, one change per step.
 */
export async function runServe(args: ServeArgs, io: Io, until?: Promise<void>): Promise<ReferenceFeedServer> {
  const token = args.token ?? randomBytes(18).toString('base64url');
  const server = new ReferenceFeedServer({ port: args.port, pingMs: 20_000 });
  server.addSchool(DEMO_SCHOOL, token);
  const { people, plan } = demoPlan();
  const day = playableDay(args.date ?? todayIn('Europe/Moscow'));
  for (const c of demoStructure(people)) server.publish(DEMO_SCHOOL, c);
  for (const p of plan.lessons.filter((x) => x.lesson.date === day))
    server.publish(DEMO_SCHOOL, lessonChange(p, { topic: null }));
  const url = await server.listen();
  const feed = JSON.stringify([{ school: DEMO_SCHOOL, url, token }]);
  io.out(`Reference e-journal for the demo school listening on ${url}; playing ${day}.`);
  io.out(`Start the bot with: FEED_SCHOOLS='${feed}'`);
  io.out(
    `after making the e-journal the school's journal of record: npm run cli -- school set --school ${DEMO_SCHOOL} --journal external`,
  );
  const ready = server.head(DEMO_SCHOOL);
  void (async () => {
    if (args.wait) {
      io.err('Waiting for a client to finish its first sync…');
      while (server.acked(DEMO_SCHOOL) < ready) await new Promise((r) => setTimeout(r, 200));
    }
    const steps = demoDay(day, plan);
    io.err(`Playing the school day: ${steps.length} changes, one every ${args.stepMs} ms.`);
    for (const [i, s] of steps.entries()) {
      await new Promise((r) => setTimeout(r, args.stepMs));
      const e = server.publish(DEMO_SCHOOL, s.change);
      io.err(`  #${e.seq} ${s.label} (${i + 1}/${steps.length})`);
    }
    io.err('The school day is over; the server stays up (Ctrl+C stops it).');
  })();
  if (until) {
    await until;
    await server.close();
  }
  return server;
}

const schoolArg = z.coerce.number().int().positive();

export const command: CliCommand = {
  summary:
    "the school e-journal feed: reference server with the demo day, status, dead letters, teachers' entries, resync",
  usage: USAGE,
  async main(argv, io) {
    const [action, ...rest] = argv;
    switch (action) {
      case 'serve': {
        const a = parseCommandArgs(
          rest,
          {
            demo: { type: 'boolean' },
            port: { type: 'string' },
            token: { type: 'string' },
            date: { type: 'string' },
            'step-ms': { type: 'string' },
            'no-wait': { type: 'boolean' },
          },
          z.object({
            demo: z.literal(true, {
              error: 'is required (the demo school is the only one the reference server plays)',
            }),
            port: z.coerce.number().int().min(0).max(65535).default(8765),
            token: z.string().min(16, 'must be at least 16 characters').optional(),
            date: z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD').optional(),
            'step-ms': z.coerce.number().int().min(0).max(600_000).default(1500),
            'no-wait': z.boolean().default(false),
          }),
        );
        const stop = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await runServe(
          { port: a.port, token: a.token, date: a.date, stepMs: a['step-ms'], wait: !a['no-wait'] },
          io,
          stop,
        );
        return 0;
      }
      case 'status': {
        const a = parseCommandArgs(rest, { json: { type: 'boolean' } }, z.object({ json: z.boolean().default(false) }));
        await withDatabase(io, (ds, config) => runStatus(ds, io, a.json, config.FEED_STALE_MINUTES));
        return 0;
      }
      case 'dead-letters': {
        const a = parseCommandArgs(
          rest,
          { school: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
          z.object({
            school: schoolArg.optional(),
            limit: z.coerce.number().int().min(1).max(10_000).default(50),
            json: z.boolean().default(false),
          }),
        );
        await withDatabase(io, (ds) => runDeadLetters(ds, io, a));
        return 0;
      }
      case 'entries':
        return entriesCommand(rest, io);
      case 'resync': {
        const a = parseCommandArgs(rest, { school: { type: 'string' } }, z.object({ school: schoolArg }));
        await withDatabase(io, async (ds) => {
          if (!(await requestResync(ds, a.school))) throw new CliError(`school ${a.school} has no journal feed`);
          io.out(
            `Resync of school ${a.school} requested: the replica holding its feed reloads it silently within a minute.`,
          );
        });
        return 0;
      }
      default:
        throw new CliError(`usage: ${USAGE}`);
    }
  },
};
