import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { exitWithin, ROOT, tempDir, type Spawned } from './helpers/processes.js';

/**
 * Row 4 of issue 14 and "production runs compiled JavaScript in one process":
 * `npm start` is `node dist/main.js`, the image has no tsx and no secrets.
 */
const TOKEN = '123456:TEST-compiled-start-token-00000';
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** `npm run build`'s output for this run (test/global-setup.ts builds it with BUILD_DIR, as `npm start` expects). */
const OUT = inject('appBuild');

describe('the compiled bot', () => {
  const data = tempDir('dnevnik-compiled-');
  let fake: FakeBotApi;
  afterAll(async () => {
    await fake?.stop();
    data.remove();
  });

  it('`npm start` runs dist/main.js: one node process that polls and exits 0 on SIGTERM', async () => {
    expect(JSON.parse(read('package.json')).scripts.start).toBe('node dist/main.js');
    fake = new FakeBotApi({ token: TOKEN });
    const apiRoot = await fake.start();
    const proc = spawn(process.execPath, [path.join(OUT, 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, BOT_TOKEN: TOKEN, BOT_API_ROOT: apiRoot, DATA_DIR: data.dir, BACKUP_AT: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const child = {
      proc,
      exited: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        proc.once('exit', (code, signal) => r({ code, signal })),
      ),
      stdout: () => out,
      stderr: () => '',
    } as unknown as Spawned;
    await fake.waitForRequest((c) => c.method === 'getUpdates', 90_000);
    const children = spawnSync('ps', ['--ppid', String(proc.pid), '-o', 'comm='], { encoding: 'utf8' }).stdout;
    expect(children.split('\n').filter((c) => c.trim() === 'node')).toEqual([]);
    proc.kill('SIGTERM');
    expect((await exitWithin(child, 15_000)).code, out).toBe(0);
  }, 120_000);
});

describe('the image', () => {
  it('builds with dev dependencies and runs the compiled code without tsx, as an unprivileged user', () => {
    const dockerfile = read('Dockerfile');
    const run = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(dockerfile).toMatch(/^FROM node:20\S* AS build$/m);
    expect(run).toMatch(/^USER node$/m);
    expect(run).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(run).not.toMatch(/tsx|COPY \. \./);
    expect(Object.keys(JSON.parse(read('package.json')).dependencies)).not.toContain('tsx');
  });

  it('never gets .env files, data, backups, node_modules or .git in its build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['.env', '.env.*', 'data/', 'backups/', 'node_modules/', '.git/'])
      expect(ignored).toContain(entry);
  });
});
