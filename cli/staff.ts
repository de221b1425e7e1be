import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { deactivateStaff } from '../core/linking/account.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';

/** The contract ended (seed 002 §4.3): the person's links end now and unused codes are revoked. */
export async function runStaffDeactivate(ds: DataSource, staffId: number, io: Io): Promise<{ linksEnded: number }> {
  const r = await deactivateStaff(ds, staffId, { kind: 'cli', command: 'staff' });
  if (!r) throw new CliError(`no staff member with id ${staffId}`);
  io.out(`Staff member ${staffId} deactivated: ${r.linksEnded} Telegram link(s) ended, unused codes revoked.`);
  return r;
}

export const command: CliCommand = {
  summary: "end a staff member's access at once (contract ended)",
  usage: 'staff deactivate --staff <id>',
  async main(argv, io) {
    const [action, ...rest] = argv;
    if (action !== 'deactivate') throw new CliError('usage: staff deactivate --staff <id>');
    const args = parseCommandArgs(
      rest,
      { staff: { type: 'string' } },
      z.object({ staff: z.coerce.number().int().positive() }),
    );
    await withDatabase(io, (ds) => runStaffDeactivate(ds, args.staff, io));
  },
};
