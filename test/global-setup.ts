import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, unhookEmbeddedExitEvents, type EmbeddedServer } from '../db/embedded.js';
import { buildWebApp } from '../web/build.js';

// The run's exit code is vitest's: a failed test must fail `npm test`. The hook's 'beforeExit' would
// exit 0 over it, and its 'exit' handler calls a missing callback once 'beforeExit' is gone; teardown
// stops the server itself.
unhookEmbeddedExitEvents(['beforeExit', 'exit']);

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a maintenance database on the server the tests use (to create one database per file). */
    pgAdminUrl: string;
    pgMode: 'embedded' | 'server';
    /** The app compiled by `npm run build` for this run: the processes tests start run it (see spawnApp). */
    appBuild: string;
  }
}

let server: EmbeddedServer | undefined;
let dir: string | undefined;
const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * Inside the repository (node finds node_modules from there), one folder per run (runs side by side in
 * one checkout must not delete each other's), ignored like every dist-check/ folder.
 */
const APP_BUILD = path.join(ROOT, 'dist-check', `run-${process.pid}`);

/**
 * The processes tests start (the bot, the CLI, a cluster's replicas) run compiled JavaScript, as
 * production does: under tsx's loader each start costs about 2 s more CPU, and a pass starts dozens.
 */
function buildApp(): void {
  const build = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BUILD_DIR: path.relative(ROOT, APP_BUILD) },
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

/** One PostgreSQL for the whole run: the server at DATABASE_URL, or an embedded one in a temp folder. */
export async function setup(project: TestProject) {
  // The Mini App's page from the sources, for its server's tests and the browser's (half a second).
  await buildWebApp();
  buildApp();
  project.provide('appBuild', APP_BUILD);
  const url = process.env.DATABASE_URL;
  if (url) {
    const u = new URL(url);
    u.pathname = '/postgres';
    project.provide('pgAdminUrl', u.toString());
    project.provide('pgMode', 'server');
    return;
  }
  dir = mkdtempSync(path.join(tmpdir(), 'dnevnik-test-'));
  server = await startEmbeddedPostgres(dir);
  project.provide('pgAdminUrl', server.url);
  project.provide('pgMode', 'embedded');
}

export async function teardown() {
  rmSync(APP_BUILD, { recursive: true, force: true });
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
