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
  }
}

let server: EmbeddedServer | undefined;
let dir: string | undefined;

/** One PostgreSQL for the whole run: the server at DATABASE_URL, or an embedded one in a temp folder. */
export async function setup(project: TestProject) {
  // The Mini App's page from the sources, for its server's tests and the browser's (half a second).
  await buildWebApp();
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
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
