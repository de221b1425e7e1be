import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { CliError } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node's parseArgs, then checks them with
 * zod; any problem becomes a one-line CliError naming the option.
 */
export function parseCommandArgs<S extends z.ZodTypeAny>(argv: string[], options: OptionSpec, schema: S): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    // parseArgs explains in two sentences; the first one says what is wrong.
    throw new CliError(
      String((e as Error).message)
        .split(/\.\s/)[0]
        .replace(/\.$/, ''),
    );
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `--${issue.path.join('.')}: ` : '';
    throw new CliError(`${where}${issue.message}`);
  }
  return parsed.data;
}
