import { z } from 'zod';
import { parseCommandArgs } from '../args.js';
import type { DemoMessengerName } from './chat-api.js';

/** `npm run demo -- [--messenger telegram|max]`: which messenger the demo plays (Telegram by default). */
export interface DemoArgs {
  messenger: DemoMessengerName;
}

/** The demo's arguments; a CliError (one line, English) naming the option when they are wrong. */
export function parseDemoArgs(argv: string[]): DemoArgs {
  return parseCommandArgs(
    argv,
    { messenger: { type: 'string' } },
    z.object({
      messenger: z.enum(['telegram', 'max'], { error: 'must be telegram or max' }).default('telegram'),
    }),
  );
}
