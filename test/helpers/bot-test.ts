import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import { createTestDb, type TestDb } from './db.js';
import { BotHarness, type HarnessOptions } from './bot-harness.js';
import { linkAs, type CodeFor } from './linking.js';
import type { StaffRoleName } from '../../db/entities/index.js';

export interface BotTestOptions<F> {
  /** Builds the school the test runs on (test/helpers/fixtures.ts and friends). */
  fixture: (ds: DataSource) => Promise<F>;
  /** Who is linked before the first test, in this order: [Telegram user id, what their invitation code is for]. */
  people?: (f: F) => [userId: number, code: CodeFor][];
  clock?: Clock;
  deps?: HarnessOptions;
  env?: Record<string, string>;
}

export interface BotTest<F> {
  db: TestDb;
  f: F;
  h: BotHarness;
}

/**
 * The usual start of a bot test: a database of its own, the school, the bot
 * (recording every Bot API call), and the people linked by their invitation
 * codes, in the order given. Call it in `beforeAll`; close `db` in `afterAll`.
 */
export async function setupBotTest<F>(o: BotTestOptions<F>): Promise<BotTest<F>> {
  const db = await createTestDb();
  const f = await o.fixture(db.ds);
  const h = new BotHarness(db.ds, { ...(o.clock ? { clock: o.clock } : {}), ...o.deps }, o.env);
  for (const [userId, code] of o.people?.(f) ?? []) await linkAs(h, db.ds, userId, code);
  return { db, f, h };
}

type School = { school: { id: number } };
type Row = { id: number };

/** An invitation for `guardian` as a guardian of `student`. */
export const guardianOf = (f: School, student: Row, guardian: Row): CodeFor => ({
  schoolId: f.school.id,
  role: 'guardian',
  studentId: student.id,
  guardianId: guardian.id,
});

/** An invitation for the student themself. */
export const studentOf = (f: School, student: Row): CodeFor => ({
  schoolId: f.school.id,
  role: 'student',
  studentId: student.id,
});

/** An invitation for a member of staff in `role` (a class teacher's names the class). */
export const staffOf = (f: School, staff: Row, role: StaffRoleName, schoolClass?: Row): CodeFor => ({
  schoolId: f.school.id,
  role,
  staffId: staff.id,
  ...(schoolClass ? { classId: schoolClass.id } : {}),
});
