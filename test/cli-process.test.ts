import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runMigrate } from '../cli/migrate.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { captureIo } from './helpers/cli-io.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
let db: TestDb;

/** The CLI as a process, compiled as the image runs it (the run's build), against this file's test database. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [path.join(inject('appBuild'), 'cli', 'index.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'info', ...env },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

describe(`the CLI as a process on ${inject('pgMode')} PostgreSQL`, () => {
  it('seed --demo --json prints one JSON object on stdout and logs only to stderr', async () => {
    const { stdout, stderr } = await cli(['seed', '--demo', '--json', '--today', '2026-11-25']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result.school.created).toBe(true);
    expect(result.counts.students).toBe(75);
    expect(result.invitations.length).toBe(result.counts.invitations);
    expect(result.invitations[0]).toEqual({
      code: expect.any(String),
      role: expect.any(String),
      name: expect.any(String),
      student: null,
      class: expect.any(String),
    });
    // Logs are JSON lines on stderr, without names or codes.
    const logs = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logs.length).toBeGreaterThan(0);
    expect(stderr).not.toContain(result.invitations[0].code);
    expect(stderr).not.toContain(result.invitations[0].name.split(' ')[0]);
  }, 120_000);

  it('a bad argument exits non-zero with one line on stderr and no stack trace', async () => {
    const e = await cli(['seed', '--demo', '--today', '25.11.2026']).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(e).not.toBeNull();
    expect(e!.code).toBe(1);
    expect(e!.stdout).toBe('');
    expect(e!.stderr.trim().split('\n')).toEqual(['seed: --today: expected a date as YYYY-MM-DD']);
  }, 60_000);

  it('an import with a bad row exits 1', async () => {
    const e = await cli(['import', '--students', 'test/fixtures/bad-students.csv']).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(e?.code).toBe(1);
    expect(e!.stderr).toContain('test/fixtures/bad-students.csv:3: birth_date: is not a date');
  }, 60_000);
});

describe('migrate', () => {
  it('applies what is pending and says how many', async () => {
    await db.ds.undoLastMigration({ transaction: 'each' });
    const io = captureIo();
    expect((await runMigrate(db.ds, io)).applied).toHaveLength(1);
    expect(io.stdout[0]).toMatch(/^Applied 1 migration: /);
    const again = captureIo();
    expect((await runMigrate(db.ds, again)).applied).toEqual([]);
    expect(again.stdout).toEqual(['Applied 0 migrations: the database is up to date.']);
  });
});
