import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setHomework, upsertLesson } from '../core/journal/index.js';
import { makePrintouts } from '../core/paper/service.js';
import { verifyBackup, SKIPPED_TABLES } from '../core/backup/manifest.js';
import { restoreBackup } from '../core/backup/restore.js';
import { tablesInLoadOrder } from '../core/backup/tables.js';
import { backupStatus, runBackup } from '../core/backup/runs.js';
import { backupCommand, restoreCommand } from '../cli/backup.js';
import { systemClock } from '../core/clock.js';
import { startOpsServer } from '../jobs/notifications/ops-server.js';
import type { NotificationWorker } from '../jobs/notifications/worker.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { captureIo } from './helpers/cli-io.js';
import { makeControlSchool, WEEK, type ControlFixture } from './helpers/control-fixture.js';

let db: TestDb;
let f: ControlFixture;
let dir: string;
const actor = { kind: 'cli', command: 'test' } as const;
/** Text that COPY must escape: tabs, line breaks, backslashes, quotes, an emoji. */
const AWKWARD = 'Упр. 5\tстолбиком\nи ещё: C:\\dir\\file "в кавычках" 📐';

const counts = async (d: TestDb) => {
  const out: Record<string, number> = {};
  for (const t of await tablesInLoadOrder(d.ds))
    out[t.name] = Number((await d.ds.query(`SELECT count(*) AS n FROM "${t.name}"`))[0].n);
  return out;
};

beforeAll(async () => {
  db = await createTestDb();
  f = await makeControlSchool(db.ds);
  await setHomework(
    db.ds,
    { schoolId: f.school.id, lessonId: f.L3.id, homework: AWKWARD, setAt: new Date('2026-11-20T10:00:00Z') },
    actor,
  );
  await makePrintouts(db.ds, { classId: f.c5a.id, ...WEEK }, actor, new Date('2026-11-27T12:00:00Z'));
  dir = mkdtempSync(path.join(tmpdir(), 'dnevnik-backup-'));
}, 60_000);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('a backup restored into a fresh database has the same row counts, marks, files and texts', async () => {
    const done = (await runBackup(db.ds, { dir, keep: 5, trigger: 'cli', now: new Date() }))!;
    const { manifest, directory } = done.result;
    expect(path.basename(directory)).toMatch(/^dnevnik-\d{8}T\d{6}Z$/);
    const applied = (await db.ds.query(`SELECT name FROM migrations ORDER BY id`)).map((m: { name: string }) => m.name);
    expect(manifest.migrations).toEqual(applied);
    expect(applied).toContain('Control1764400000000');
    expect(manifest.tables.map((t) => t.name)).not.toContain('bot_session');
    // Parents before children: a table comes after every table it references.
    const order = manifest.tables.map((t) => t.name);
    for (const [child, parent] of [
      ['mark', 'student'],
      ['mark', 'lesson'],
      ['student', 'school_class'],
      ['link', 'invitation'],
      ['paper_file', 'period'],
    ])
      expect(order.indexOf(child)).toBeGreaterThan(order.indexOf(parent));
    const source = await counts(db);
    for (const t of manifest.tables) expect(t.rows).toBe(source[t.name]);
    // The checksums are the standard tool's.
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: directory, encoding: 'utf8' })).toMatch(
      /manifest\.json: OK/,
    );

    const fresh = await createTestDb();
    try {
      const r = await restoreBackup(fresh.ds, directory);
      expect(r.counts).toEqual(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])));
      expect(await counts(fresh)).toEqual(source);
      const marks = `SELECT id, "studentId", "subjectId", "lessonId", "workKindId", date, value, comment, deleted, version, "updatedBy", "createdAt" FROM mark ORDER BY id`;
      expect(await fresh.ds.query(marks)).toEqual(await db.ds.query(marks));
      expect((await fresh.ds.query(`SELECT homework FROM lesson WHERE id = $1`, [f.L3.id]))[0].homework).toBe(AWKWARD);
      const file = `SELECT content, sha256 FROM paper_file ORDER BY id`;
      expect(await fresh.ds.query(file)).toEqual(await db.ds.query(file));
      // Sequences continue after the restored ids.
      const { lesson } = await upsertLesson(
        fresh.ds,
        {
          schoolId: f.school.id,
          classId: f.c5a.id,
          subjectId: f.maths.id,
          teacherId: f.mathTeacher.id,
          date: '2026-11-30',
          slot: 1,
          startsAt: '08:00',
          endsAt: '08:45',
        },
        actor,
      );
      expect(lesson.id).toBeGreaterThan(
        Math.max(...(await db.ds.query(`SELECT id FROM lesson`)).map((x: { id: number }) => x.id)),
      );
    } finally {
      await fresh.close();
    }
  });

  it('refuses a database that is not empty, a changed file and another schema, loading nothing', async () => {
    const { result } = (await runBackup(db.ds, {
      dir,
      keep: 5,
      trigger: 'cli',
      now: new Date('2026-11-25T10:00:01Z'),
    }))!;
    await expect(restoreBackup(db.ds, result.directory)).rejects.toThrow(/not empty: table \w+ has rows/);

    const fresh = await createTestDb();
    try {
      await fresh.ds.query(`DELETE FROM migrations WHERE name = 'Control1764400000000'`);
      await expect(restoreBackup(fresh.ds, result.directory)).rejects.toThrow(
        new RegExp(
          `the backup's schema \\(${result.manifest.migrations.at(-1)}, ${result.manifest.migrations.length} migrations\\) differs`,
        ),
      );
      const copy = path.join(dir, 'tampered');
      execFileSync('cp', ['-r', result.directory, copy]);
      const markFile = path.join(copy, 'mark.copy.gz');
      const bytes = readFileSync(markFile);
      bytes[bytes.length - 5] ^= 0xff;
      writeFileSync(markFile, bytes);
      await expect(verifyBackup(copy)).rejects.toThrow('mark.copy.gz does not match its checksum');
      expect(Number((await fresh.ds.query(`SELECT count(*) AS n FROM mark`))[0].n)).toBe(0);
      rmSync(copy, { recursive: true });
    } finally {
      await fresh.close();
    }
  });

  it('keeps the newest backups, records each run, and claims a scheduled slot once', async () => {
    for (let i = 2; i <= 4; i++)
      await runBackup(db.ds, { dir, keep: 3, trigger: 'cli', now: new Date(`2030-01-01T00:00:0${i}Z`) });
    expect(
      readdirSync(dir)
        .filter((n) => n.startsWith('dnevnik-'))
        .sort(),
    ).toEqual(['dnevnik-20300101T000002Z', 'dnevnik-20300101T000003Z', 'dnevnik-20300101T000004Z']);
    const slot = 'backup:2031-01-05T03:00';
    expect(
      await runBackup(db.ds, { dir, keep: 3, trigger: 'schedule', slot, now: new Date('2031-01-05T00:00:00Z') }),
    ).not.toBeNull();
    expect(
      await runBackup(db.ds, { dir, keep: 3, trigger: 'schedule', slot, now: new Date('2031-01-05T00:00:01Z') }),
    ).toBeNull();
    const s = await backupStatus(db.ds);
    expect(s.lastOk).toMatchObject({ status: 'ok', trigger: 'schedule', slot });
    expect(s.lastOk!.directory).toBe(path.join(dir, 'dnevnik-20310105T000000Z'));
    expect(s.lastFailed).toBeNull();
    writeFileSync(path.join(dir, 'a-file'), 'not a folder');
    await expect(
      runBackup(db.ds, { dir: path.join(dir, 'a-file', 'backups'), keep: 3, trigger: 'cli', now: new Date() }),
    ).rejects.toThrow(/ENOTDIR/);
    expect((await backupStatus(db.ds)).lastFailed).toMatchObject({ status: 'failed' });
  });

  it('the health endpoint shows when the last successful backup finished, not where it is', async () => {
    const ops = await startOpsServer({
      ds: db.ds,
      port: 0,
      worker: { lastTick: new Date() } as unknown as NotificationWorker,
      clock: systemClock,
    });
    try {
      const body = await (await fetch(`http://127.0.0.1:${ops.port}/health`)).json();
      const { lastOk } = await backupStatus(db.ds);
      expect(body).toMatchObject({
        status: 'ok',
        backup: { at: new Date(lastOk!.finishedAt!).toISOString() },
      });
      expect(JSON.stringify(body)).not.toContain(lastOk!.directory!);
    } finally {
      await ops.close();
    }
  });

  it('runs from the CLI: backup, backup status, restore', async () => {
    const env = { DATABASE_URL: db.url, BACKUP_DIR: dir, BACKUP_KEEP: '10', LOG_LEVEL: 'silent' };
    const io = { ...captureIo(), env };
    await backupCommand.main(['--json'], io);
    const out = JSON.parse(io.stdout[0]);
    expect(out.migration).toBe((await db.ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name);
    expect(out.rows).toBeGreaterThan(100);
    const status = { ...captureIo(), env };
    expect(await backupCommand.main(['status'], status)).toBe(0);
    expect(status.stdout[0]).toBe(
      `last successful backup: ${new Date((await backupStatus(db.ds)).lastOk!.finishedAt!).toISOString()} → ${out.directory} (${out.tables} tables, ${out.rows} rows, ${out.bytes} bytes, manifest sha256 ${out.sha256})`,
    );
    const fresh = await createTestDb();
    try {
      const r = { ...captureIo(), env: { ...env, DATABASE_URL: fresh.url } };
      await restoreCommand.main(['--from', out.directory], r);
      expect(r.stdout[0]).toMatch(
        new RegExp(
          `^restored ${out.tables} tables, ${out.rows} rows in \\d+ ms; every table's row count matches the backup's manifest$`,
        ),
      );
    } finally {
      await fresh.close();
    }
    expect(SKIPPED_TABLES).toContain('backup_run');
  });
});
