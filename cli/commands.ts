import type { CliCommand } from './command.js';

export type { CliCommand } from './command.js';

/**
 * Every command, by its first argument. Loaded on demand so one command's
 * imports do not slow the others; a new command is one more entry here.
 */
export const commands: Record<string, () => Promise<CliCommand>> = {
  migrate: async () => (await import('./migrate.js')).command,
  seed: async () => (await import('./seed/index.js')).command,
  codes: async () => (await import('./codes.js')).command,
  keys: async () => (await import('./keys.js')).command,
  staff: async () => (await import('./staff.js')).command,
  import: async () => (await import('./import/index.js')).command,
  printouts: async () => (await import('./paper.js')).printoutsCommand,
  'summary-sheet': async () => (await import('./paper.js')).summarySheetCommand,
  backup: async () => (await import('./backup.js')).backupCommand,
  restore: async () => (await import('./backup.js')).restoreCommand,
  feed: async () => (await import('./feed/index.js')).command,
  school: async () => (await import('./school.js')).command,
  deliveries: async () => (await import('./deliveries.js')).command,
  cluster: async () => (await import('./cluster/command.js')).command,
};
