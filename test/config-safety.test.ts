import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../core/config.js';
import { hashKeysFrom, DEV_HASH_KEY } from '../core/linking/keys.js';
import { runCodesIssue } from '../cli/codes.js';
import { captureIo } from './helpers/cli-io.js';
import { createTestDb } from './helpers/db.js';
import { makeSchool } from './helpers/fixtures.js';
import { exitWithin, killAll, ROOT, spawnApp } from './helpers/processes.js';

afterAll(killAll);

const TOKEN = '42:TEST-token-for-unit-tests-only';

describe('CODE_HASH_KEY in production', () => {
  it('is required and at least 32 bytes: a short, empty or missing key stops start-up with exit code 2', async () => {
    for (const key of [undefined, '', 'sixteen-chars-ok-in-dev']) {
      const child = spawnApp('main.ts', { BOT_TOKEN: TOKEN, NODE_ENV: 'production', CODE_HASH_KEY: key });
      const { code } = await exitWithin(child, 60_000);
      expect(code, `CODE_HASH_KEY=${JSON.stringify(key)}`).toBe(2);
      expect(child.stderr()).toContain('CODE_HASH_KEY: is required with NODE_ENV=production');
      expect(child.stderr()).toContain('openssl rand -base64 48');
    }
  });

  it('a 32-byte key passes; outside production the development key still serves a laptop', () => {
    const key = 'k'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', CODE_HASH_KEY: key }).CODE_HASH_KEY).toBe(key);
    expect(() => loadConfig({ NODE_ENV: 'production', CODE_HASH_KEY: 'k'.repeat(31) })).toThrow(ConfigError);
    expect(hashKeysFrom(loadConfig({ CODE_HASH_KEY: '' }))).toEqual({ current: DEV_HASH_KEY, previous: [], dev: true });
  });
});

describe('settings the core reads', () => {
  it('an empty INVITATION_TTL_DAYS means the default: `codes issue` gives codes 14 days, not 0', async () => {
    expect(loadConfig({ INVITATION_TTL_DAYS: '' }).INVITATION_TTL_DAYS).toBe(14);
    const db = await createTestDb();
    const saved = process.env.INVITATION_TTL_DAYS;
    process.env.INVITATION_TTL_DAYS = ''; // as docker-compose passes an unset variable
    try {
      const f = await makeSchool(db.ds);
      const io = { ...captureIo(), env: { INVITATION_TTL_DAYS: '' } };
      await runCodesIssue(db.ds, { school: f.school.id, role: 'parent', student: f.anna.id, json: true }, io);
      const [inv] = await db.ds.query(
        `SELECT "expiresAt" - "issuedAt" AS ttl FROM invitation ORDER BY id DESC LIMIT 1`,
      );
      expect(inv.ttl).toEqual({ days: 14 });
    } finally {
      if (saved === undefined) delete process.env.INVITATION_TTL_DAYS;
      else process.env.INVITATION_TTL_DAYS = saved;
      await db.close();
    }
  });

  it('no file under core/ reads process.env: configuration comes from the validated config object', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && /process\.env\b/.test(readFileSync(p, 'utf8')))
          offenders.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, 'core'));
    expect(offenders).toEqual([]);
  });
});
