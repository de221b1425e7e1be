import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { processClock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { keyUse, retireUncheckableCodes } from '../core/linking/key-rotation.js';
import { hashKeysFrom } from '../core/linking/keys.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';

/**
 * `keys status`: which CODE_HASH_KEY made the stored hashes; `keys rotate`:
 * after CODE_HASH_KEY changed, revoke the unused codes no configured key can
 * check and tell their class teachers (README, "Rotating CODE_HASH_KEY").
 */
export async function runKeysStatus(ds: DataSource, config: Config, args: { json: boolean }, io: Io) {
  const keys = hashKeysFrom(config);
  const use = await keyUse(ds, keys, processClock(config).now());
  if (args.json) return void io.out(JSON.stringify(use));
  if (keys.dev) io.err('CODE_HASH_KEY is not set: this is the development key.');
  io.out('Key          State     Unused codes  Accounts');
  for (const k of use)
    io.out(`${k.keyId}  ${k.state.padEnd(8)}  ${String(k.openCodes).padStart(12)}  ${String(k.accounts).padStart(8)}`);
  const retired = use.filter((k) => k.state === 'retired' && k.openCodes > 0);
  if (retired.length)
    io.out(
      `${retired.reduce((n, k) => n + k.openCodes, 0)} unused codes were made with a key no longer configured: run "keys rotate" to revoke them and tell their class teachers.`,
    );
}

export async function runKeysRotate(ds: DataSource, config: Config, io: Io) {
  const keys = hashKeysFrom(config);
  if (keys.dev)
    throw new CliError('CODE_HASH_KEY is not set: set the new key first (README, "Rotating CODE_HASH_KEY")', 2);
  const r = await retireUncheckableCodes(ds, keys, processClock(config).now(), { kind: 'cli', command: 'keys rotate' });
  io.out(
    r.revoked
      ? `Revoked ${r.revoked} unused codes made with a retired key in ${r.schools} school(s); their class teachers and administrators are told to hand out new ones. Families already linked stay linked.`
      : 'Every unused code can still be checked with the configured keys: nothing to revoke. Families already linked stay linked.',
  );
}

const USAGE = 'keys status [--json] | rotate';

export const command: CliCommand = {
  summary: 'CODE_HASH_KEY rotation: which key made the stored hashes; revoke codes no configured key can check',
  usage: USAGE,
  async main(argv, io) {
    const [action, ...rest] = argv;
    if (action === 'status') {
      const args = parseCommandArgs(
        rest,
        { json: { type: 'boolean' } },
        z.object({ json: z.boolean().default(false) }),
      );
      return void (await withDatabase(io, (ds, config) => runKeysStatus(ds, config, args, io)));
    }
    if (action === 'rotate') {
      parseCommandArgs(rest, {}, z.object({}));
      return void (await withDatabase(io, (ds, config) => runKeysRotate(ds, config, io)));
    }
    throw new CliError(`usage: ${USAGE}`);
  },
};
