import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { setJournalOfRecord } from '../core/school/journal.js';
import { JOURNALS_OF_RECORD, type JournalOfRecord } from '../db/entities/index.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';

const USAGE = 'school set --school <externalId> --journal external|internal';

const MEANING: Record<JournalOfRecord, string> = {
  internal: 'this system is the journal of record: teachers enter here, no feed may run for it',
  external:
    "the school's e-journal is the record: it feeds this system (FEED_SCHOOLS) and teachers' entries are sent to it",
};

/** `school set --journal`: the school's journal of record (issue 18). */
export async function runSchoolSet(
  ds: DataSource,
  io: Io,
  args: { school: string; journal: JournalOfRecord },
): Promise<void> {
  const r = await setJournalOfRecord(ds, args.school, args.journal, { kind: 'cli', command: 'school set' });
  if (!r) throw new CliError(`no school with the external id ${args.school}`);
  const what = r.before === args.journal ? 'stays' : `changed from ${r.before} to`;
  io.out(`School ${r.schoolId} ${r.shortName}: journal of record ${what} ${args.journal} (${MEANING[args.journal]}).`);
  if (args.journal === 'external') io.out('Restart the workers with the school in FEED_SCHOOLS for its feed to start.');
  else io.out('Remove the school from FEED_SCHOOLS: a worker refuses to start a feed for an internal school.');
}

export const command: CliCommand = {
  summary: "a school's settings: its journal of record (internal, or the school's external e-journal)",
  usage: USAGE,
  async main(argv, io) {
    const [action, ...rest] = argv;
    if (action !== 'set') throw new CliError(`usage: ${USAGE}`);
    const a = parseCommandArgs(
      rest,
      { school: { type: 'string' }, journal: { type: 'string' } },
      z.object({
        school: z.string().min(1).max(200),
        journal: z.enum(JOURNALS_OF_RECORD as [JournalOfRecord, ...JournalOfRecord[]], {
          error: 'must be external or internal',
        }),
      }),
    );
    await withDatabase(io, (ds) => runSchoolSet(ds, io, a));
    return 0;
  },
};
