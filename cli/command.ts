import type { Io } from './io.js';

/** One CLI command: `main` takes the arguments after the command's name and returns the exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  main(argv: string[], io: Io): Promise<number | void>;
}
