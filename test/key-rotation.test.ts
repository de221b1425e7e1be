import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeysRotate, runKeysStatus } from '../cli/keys.js';
import { loadConfig } from '../core/config.js';
import { LINKING_EVENT_HANDLERS } from '../core/linking/notify.js';
import { keyId } from '../core/linking/keys.js';
import { ProfileCache } from '../core/notifications/audience.js';
import type { OutboxEvent } from '../db/entities/index.js';
import { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import { captureIo } from './helpers/cli-io.js';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { HASH_KEY, issue, linkAs } from './helpers/linking.js';

/**
 * CODE_HASH_KEY changes (issue 14, row 1): families linked under the old key
 * keep their access and can still leave; codes under a retired key are revoked
 * and their class teacher is told. HASH_KEY is the "old" key of these tests.
 */
const NEW_KEY = 'a-new-key-for-rotation-tests-0123456789';

let db: TestDb;
let f: SchoolFixture;
let before: BotHarness;
let after: BotHarness;

beforeAll(async () => {
  ({ db, f, h: before } = await setupBotTest({ fixture: makeSchool }));
  after = new BotHarness(db.ds, { hashKey: NEW_KEY }, { CODE_HASH_KEY: NEW_KEY });
});
afterAll(() => db.close());

const guardianOf = (studentId: number) => ({ schoolId: f.school.id, role: 'guardian' as const, studentId });

describe('a family linked under the old key, after CODE_HASH_KEY changed', () => {
  it('still sees the diary and can add a second child', async () => {
    await linkAs(before, db.ds, 9001, { ...guardianOf(f.anna.id), guardianId: f.mother.id });
    const marks = texts(await after.send(9001, '/marks')).join('\n');
    expect(marks).toContain('Анна Иванова');
    expect(marks).not.toMatch(/что-то пошло не так/);

    await linkAs(after, db.ds, 9001, { ...guardianOf(f.pavel.id), guardianId: f.mother.id });
    expect(buttons(await after.send(9001, '👨‍👩‍👧 Мои дети'))).toEqual([
      'Анна Иванова, 5А',
      '✅ Павел Иванов, 6Б',
      '➕ Добавить ребёнка по коду',
    ]);
    const accounts = await db.ds.query(`SELECT "keyId" FROM account WHERE "telegramUserId" = '9001'`);
    expect(accounts).toEqual([{ keyId: keyId(HASH_KEY) }]);
  });

  it('/logout ends every link, old and new', async () => {
    await after.send(9001, '/logout');
    expect(texts(await after.press(9001, 'lo:y'))[0]).toMatch(/^Аккаунт отвязан/);
    const [open] = await db.ds.query(
      `SELECT count(*)::int AS n FROM link WHERE "revokedAt" IS NULL AND "chatId" = 9001`,
    );
    expect(open.n).toBe(0);
    expect(texts(await after.send(9001, '/children'))[0]).toMatch(/^Ваш аккаунт не привязан/);
  });

  it('«Мой доступ скомпрометирован» ends the links made under the old key', async () => {
    await linkAs(before, db.ds, 9002, { ...guardianOf(f.boris.id), guardianId: f.borisFather.id });
    await after.send(9002, '/compromised');
    expect(texts(await after.press(9002, 'cp:y'))[0]).toMatch(/^Доступ закрыт/);
    const [open] = await db.ds.query(
      `SELECT count(*)::int AS n FROM link WHERE "revokedAt" IS NULL AND "chatId" = 9002`,
    );
    expect(open.n).toBe(0);
    expect(texts(await after.send(9002, '/settings'))[0]).toMatch(/^Ваш аккаунт не привязан/);
  });
});

describe('unused codes made under the old key', () => {
  it('are accepted while the old key is in CODE_HASH_KEY_PREVIOUS, refused once it is not', async () => {
    const code = await issue(db.ds, { ...guardianOf(f.anna.id), guardianId: f.mother.id });
    const withPrevious = new BotHarness(
      db.ds,
      { hashKey: NEW_KEY },
      { CODE_HASH_KEY: NEW_KEY, CODE_HASH_KEY_PREVIOUS: HASH_KEY },
    );
    expect(buttons(await withPrevious.send(9101, code))).toContain('Согласен');
    expect(texts(await after.send(9102, code))[0]).toMatch(/^Этот код не подходит/);
  });

  it('`keys rotate` revokes them and tells the class teacher whom to give new codes', async () => {
    await linkAs(before, db.ds, 9201, {
      schoolId: f.school.id,
      role: 'classTeacher',
      staffId: f.petrova.id,
      classId: f.c5a.id,
    });
    await db.ds.query(`UPDATE invitation SET "revokedAt" = now() WHERE "usedAt" IS NULL`);
    await issue(db.ds, { ...guardianOf(f.anna.id), guardianId: f.mother.id });
    await issue(db.ds, { schoolId: f.school.id, role: 'student', studentId: f.boris.id });
    const config = loadConfig({ CODE_HASH_KEY: NEW_KEY });

    const status = captureIo();
    await runKeysStatus(db.ds, config, { json: false }, status);
    expect(status.stdout.join('\n')).toMatch(/2 unused codes were made with a key no longer configured/);

    const io = captureIo();
    await runKeysRotate(db.ds, config, io);
    expect(io.stdout[0]).toMatch(/^Revoked 2 unused codes made with a retired key in 1 school/);
    const [open] = await db.ds.query(
      `SELECT count(*)::int AS n FROM invitation WHERE "usedAt" IS NULL AND "revokedAt" IS NULL`,
    );
    expect(open.n).toBe(0);

    const [event]: OutboxEvent[] = await db.ds.query(`SELECT * FROM outbox WHERE type = 'invitations.keyRetired'`);
    const planned = await LINKING_EVENT_HANDLERS['invitations.keyRetired'](event, {
      ds: db.ds,
      cache: new ProfileCache(db.ds, NEW_KEY),
      now: new Date(),
      timezone: 'Europe/Moscow',
    });
    expect(planned.map((p) => p.recipient.chatId)).toEqual(['9201']);
    expect(planned[0].text).toContain('Пригласительные коды больше не действуют: 2');
    expect(planned[0].text).toContain('• Иванова Ольга — родитель ученика Анна Иванова, 5А');
    expect(planned[0].text).toContain('• Борисов Борис — ученик, 5А');

    const again = captureIo();
    await runKeysRotate(db.ds, config, again);
    expect(again.stdout[0]).toMatch(/^Every unused code can still be checked/);
  });
});
