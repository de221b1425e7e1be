import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseCommandArgs } from '../args.js';
import { withDatabase } from '../database.js';
import type { Io } from '../io.js';

/** `feed entries --school <id> [--rejected] [--limit 50] [--json]`. */
export async function entriesCommand(argv: string[], io: Io): Promise<number> {
  const a = parseCommandArgs(
    argv,
    { school: { type: 'string' }, rejected: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    z.object({
      school: z.coerce.number().int().positive(),
      rejected: z.boolean().default(false),
      limit: z.coerce.number().int().min(1).max(10_000).default(50),
      json: z.boolean().default(false),
    }),
  );
  await withDatabase(io, (ds) => runEntries(ds, io, a));
  return 0;
}

/** `feed entries`: teachers' entries for a school's e-journal (protocol v2), newest first; `--rejected`: the refused ones. */
export async function runEntries(
  ds: DataSource,
  io: Io,
  args: { school: number; rejected: boolean; limit: number; json: boolean },
): Promise<void> {
  const rows: {
    id: number;
    clientId: string;
    kind: string;
    status: string;
    lessonId: number | null;
    staffId: number | null;
    attempts: number;
    code: string | null;
    reason: string | null;
    createdAt: Date;
  }[] = await ds.query(
    `SELECT id, "clientId", kind, status, "lessonId", "staffId", attempts, code, reason, "createdAt" FROM feed_entry
      WHERE "schoolId" = $1 AND ($2::boolean IS FALSE OR status IN ('rejected', 'conflict'))
      ORDER BY id DESC LIMIT $3`,
    [args.school, args.rejected, args.limit],
  );
  if (args.json) return void io.out(JSON.stringify(rows));
  if (!rows.length) return void io.out(args.rejected ? 'No rejected entries.' : 'No entries.');
  const lines = [
    ['id', 'created (UTC)', 'entry', 'status', 'lesson', 'teacher', 'attempts', 'client id', 'reason'],
    ...rows.map((r) => [
      String(r.id),
      r.createdAt.toISOString().replace('T', ' ').slice(0, 19),
      r.kind,
      r.status,
      String(r.lessonId ?? '—'),
      String(r.staffId ?? '—'),
      String(r.attempts),
      r.clientId,
      r.code ? `${r.code}: ${r.reason ?? ''}` : '',
    ]),
  ];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((r) => r[i].length)));
  io.out(
    lines
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n'),
  );
}
