import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { guardianOf, setupBotTest, staffOf, studentOf, type BotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { webTest, type WebTest } from './helpers/webapp.js';

/**
 * The Mini App's API under the chat's policy, as one matrix: every role × every screen's endpoints ×
 * targets of the same school, and one that does not exist. Allowed is 200; refused is 403, with the same
 * body for «not yours» and «does not exist» (an id tells nothing). Roles, from test/helpers/fixtures.ts:
 * the maths teacher of 5А and 6Б, Петрова (class teacher of 5А, Russian), Анна's mother, Борис himself,
 * the deputy, the director, the administrator.
 */
const U = { teacher: 801, petrova: 802, mother: 803, boris: 804, deputy: 805, director: 806, admin: 807 };
type Role = keyof typeof U;
const ROLES = Object.keys(U) as Role[];
const MISSING = 9_999_999;
const clock = manualClock('2026-11-23T12:00:00+03:00');

let t: BotTest<SchoolFixture>;
let web: WebTest;
let f: SchoolFixture;

beforeAll(async () => {
  t = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [U.teacher, staffOf(f, f.mathTeacher, 'teacher')],
      [U.petrova, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [U.mother, guardianOf(f, f.anna, f.mother)],
      [U.boris, studentOf(f, f.boris)],
      [U.deputy, staffOf(f, f.deputy, 'deputy')],
      [U.director, staffOf(f, f.director, 'director')],
      [U.admin, staffOf(f, f.admin, 'admin')],
    ],
  });
  f = t.f;
  web = webTest(t.h);
});
afterAll(() => t.db.close());

/**
 * An endpoint and two targets in the school, each with the roles that may use it (everyone else: 403);
 * a third target that does not exist is refused to everyone with the very body of a refusal.
 */
interface Row {
  name: string;
  call: (id: number) => [path: string, body?: unknown, method?: string];
  targets: [label: string, id: () => number, allowed: Role[]][];
}

const ROWS: Row[] = [
  {
    name: 'GET grid (maths of a class)',
    call: (c) => [`grid?class=${c}&subject=${f.maths.id}`],
    targets: [
      // The administration sees any class's grid, read-only; a teacher only where they give lessons.
      ['5А, where the teacher gives maths', () => f.c5a.id, ['teacher', 'deputy', 'admin']],
      ['1А, where nobody gives maths', () => f.c1a.id, ['deputy', 'admin']],
    ],
  },
  {
    name: 'PUT grid/mark (a lesson)',
    call: (l) => [
      'grid/mark',
      { lessonId: l, studentId: f.anna.id, workKindId: f.oral.id, value: '4', seen: { id: null, version: null } },
      'PUT',
    ],
    targets: [
      ["5А's maths lesson", () => f.mathsLesson5a.id, ['teacher']],
      ["5А's Russian lesson", () => f.russianLesson5a.id, ['petrova']],
    ],
  },
  {
    name: 'GET glance (a class)',
    call: (c) => [`glance?class=${c}`],
    targets: [
      ['5А', () => f.c5a.id, ['petrova', 'deputy', 'director']],
      ['6Б', () => f.c6b.id, ['deputy', 'director']],
    ],
  },
  {
    name: 'GET term (a student)',
    call: (s) => [`term?student=${s}`],
    targets: [
      ['Анна', () => f.anna.id, ['mother']],
      ['Павел (the mother’s other child, not linked here)', () => f.pavel.id, []],
    ],
  },
  {
    name: 'GET term/homework (a student)',
    call: (s) => [`term/homework?student=${s}`],
    targets: [
      ['Анна', () => f.anna.id, ['mother']],
      ['Борис', () => f.boris.id, ['boris']],
    ],
  },
  {
    name: 'GET panel/class (a class)',
    call: (c) => [`panel/class/${c}`],
    targets: [
      ['5А', () => f.c5a.id, ['deputy', 'director']],
      ['1А', () => f.c1a.id, ['deputy', 'director']],
    ],
  },
  {
    name: 'GET panel/student (a student)',
    call: (s) => [`panel/student/${s}`],
    targets: [['Борис', () => f.boris.id, ['deputy', 'director']]],
  },
];

const ask = async (role: Role, [path, body, method]: [string, unknown?, string?]) => {
  const res = await web.call(U[role], path, body, method);
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
};

describe('the Mini App API: role × endpoint × own / another’s / missing target', () => {
  for (const row of ROWS)
    it(row.name, async () => {
      for (const role of ROLES) {
        let refusal: unknown = null;
        for (const [label, id, allowed] of row.targets) {
          const r = await ask(role, row.call(id()));
          expect(r.status, `${role} on ${label}`).toBe(allowed.includes(role) ? 200 : 403);
          if (r.status === 403) refusal = r.body;
        }
        const missing = await ask(role, row.call(MISSING));
        expect(missing.status, `${role} on a missing target`).toBe(403);
        // «Not yours» and «does not exist» are answered alike: an id tells nothing.
        if (refusal) expect(missing.body, `${role}: not yours = missing`).toEqual(refusal);
      }
    });

  it('GET panel, the school level: the deputy and the director only', async () => {
    for (const role of ROLES)
      expect((await ask(role, ['panel'])).status, role).toBe(role === 'deputy' || role === 'director' ? 200 : 403);
  });

  it('the director edits nothing: the reminder from the panel and an absence reason are refused', async () => {
    expect((await ask('director', [`panel/teacher/${f.mathTeacher.id}/remind`, {}, 'POST'])).status).toBe(403);
    const reason = { studentId: f.boris.id, reason: 'illness' };
    expect((await ask('director', ['glance/absence-reason', reason, 'PUT'])).status).toBe(403);
    expect((await ask('mother', ['glance/absence-reason', reason, 'PUT'])).status).toBe(403);
    expect((await ask('teacher', ['glance/absence-reason', reason, 'PUT'])).status).toBe(403);
  });
});
