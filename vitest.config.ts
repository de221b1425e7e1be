import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // One PostgreSQL for the run; each test file gets its own database.
    pool: 'forks',
    // Most files wait on PostgreSQL, child processes and timers, not the CPU: four at a time
    // halves the run on a 2-core machine.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
