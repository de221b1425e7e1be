import { systemClock } from '../core/clock.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { captureIo } from './helpers/cli-io.js';
import { runCodesIssue, runCodesRevoke } from '../cli/codes.js';
import { runStaffDeactivate } from '../cli/staff.js';
import { checkCode } from '../core/linking/linking.js';
import { DEV_HASH_KEY } from '../core/linking/keys.js';
import { postgresRateLimiter } from '../db/stores/rate-limit.js';

let db: TestDb;
let f: SchoolFixture;
beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
});
afterAll(() => db.close());

const deps = () => ({
  ds: db.ds,
  rateLimiter: postgresRateLimiter(db.ds),
  hashKey: DEV_HASH_KEY,
  limits: { perAccountPerHour: 1000 },
  clock: systemClock,
});
const base = { role: 'all' as const, json: true };

describe('codes issue / revoke', () => {
  it('issues codes for a class: its class teacher, each student and each guardian, as JSON', async () => {
    const io = captureIo();
    const issued = await runCodesIssue(db.ds, { ...base, class: '5а' }, io);
    expect(issued.map((i) => [i.role, i.name, i.class])).toEqual([
      ['class_teacher', 'Петрова Елена Викторовна', '5А'],
      ['student', 'Борисов Борис', '5А'],
      ['parent', 'Борисов Игорь', '5А'],
      ['student', 'Иванова Анна Сергеевна', '5А'],
      ['parent', 'Иванова Ольга', '5А'],
    ]);
    expect(JSON.parse(io.stdout.join('\n')).invitations).toHaveLength(5);
    const check = await checkCode(deps(), 1, issued[1].code);
    expect(check).toMatchObject({
      kind: 'ok',
      summary: { role: 'student', studentName: 'Борис Борисов', className: '5А' },
    });
  });

  it("issues a person's code and refuses a role the person does not hold", async () => {
    const [code] = await runCodesIssue(db.ds, { ...base, role: 'teacher', staff: f.mathTeacher.id }, captureIo());
    expect(code).toMatchObject({ role: 'teacher', name: 'Кузнецов Олег' });
    await expect(
      runCodesIssue(db.ds, { ...base, role: 'class_teacher', staff: f.mathTeacher.id, class: '5А' }, captureIo()),
    ).rejects.toThrow(/does not hold the role classTeacher/);
    await expect(runCodesIssue(db.ds, { ...base, class: '9Я' }, captureIo())).rejects.toThrow(
      'no class 9Я in this school',
    );
  });

  it('revokes the unused codes of a class: they stop working', async () => {
    const [one] = await runCodesIssue(db.ds, { ...base, role: 'parent', student: f.anna.id }, captureIo());
    const io = captureIo();
    const n = await runCodesRevoke(db.ds, { class: '5А' }, io);
    expect(n).toBeGreaterThanOrEqual(6);
    expect(io.stdout).toEqual([`Revoked ${n} unused invitation code(s).`]);
    expect((await checkCode(deps(), 2, one.code)).kind).toBe('invalid');
  });

  it('staff deactivate ends access and reports it; an unknown id is a clear error', async () => {
    const io = captureIo();
    expect(await runStaffDeactivate(db.ds, f.sidorov.id, io)).toEqual({ linksEnded: 0 });
    expect(io.stdout[0]).toMatch(/deactivated/);
    const [s] = await db.ds.query(`SELECT active FROM staff WHERE id = $1`, [f.sidorov.id]);
    expect(s.active).toBe(false);
    await expect(runStaffDeactivate(db.ds, 999999, captureIo())).rejects.toThrow('no staff member with id 999999');
  });
});
