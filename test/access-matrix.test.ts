import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';

/**
 * Every targeted bot action × every role × the role's own student, another
 * family's student (same class) and a student of another class. The expected
 * answer is written out here from the school's rules, not asked of the policy.
 */
let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;

type Role = 'unlinked' | 'guardian' | 'student' | 'classTeacher' | 'teacher' | 'deputy' | 'director' | 'admin';
type Target = 'own' | 'otherFamily' | 'otherClass';
const ROLES: Role[] = ['unlinked', 'guardian', 'student', 'classTeacher', 'teacher', 'deputy', 'director', 'admin'];
const TARGETS: Target[] = ['own', 'otherFamily', 'otherClass'];
const USER: Record<Role, number> = {
  unlinked: 9000,
  guardian: 9001,
  student: 9002,
  classTeacher: 9003,
  teacher: 9004,
  deputy: 9005,
  director: 9006,
  admin: 9007,
};
const MOTHER = 9101;
const UNAVAILABLE = 'Это действие недоступно. Откройте меню заново — /start.';

/** The student each target means: the guardian is Борисов's father, the student is Анна; staff "own" is in 5А (Петрова's class). */
const student = (role: Role, t: Target) => {
  if (role === 'guardian') return { own: f.boris, otherFamily: f.anna, otherClass: f.pavel }[t];
  return { own: f.anna, otherFamily: f.boris, otherClass: f.pavel }[t];
};
const links: Record<number, number> = {};

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    people: (f) => [
      [USER.guardian, guardianOf(f, f.boris, f.borisFather)],
      [USER.student, studentOf(f, f.anna)],
      [USER.classTeacher, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [USER.teacher, staffOf(f, f.mathTeacher, 'teacher')],
      [USER.deputy, staffOf(f, f.deputy, 'deputy')],
      [USER.director, staffOf(f, f.director, 'director')],
      [USER.admin, staffOf(f, f.admin, 'admin')],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
    ],
  }));
  for (const r of await db.ds.query(`SELECT id, "studentId" FROM link WHERE role = 'guardian'`))
    links[r.studentId] = r.id;
});
afterAll(() => db.close());

/** What the rules allow. */
const allowed = {
  switchChild: (role: Role, t: Target) => role === 'guardian' && t === 'own',
  classLinks: (role: Role, t: Target) => role === 'admin' || (role === 'classTeacher' && t !== 'otherClass'),
  revokeAsk: (role: Role, t: Target) => role === 'admin' || (role === 'classTeacher' && t !== 'otherClass'),
};

const ACTIONS = {
  switchChild: (role: Role, t: Target) => h.press(USER[role], `ch:${student(role, t).id}`),
  classLinks: (role: Role, t: Target) => h.press(USER[role], `cl:${student(role, t).classId}`),
  revokeAsk: (role: Role, t: Target) => h.press(USER[role], `rv:${links[student(role, t).id]}`),
};

const allText = (calls: ApiCall[]) => JSON.stringify(calls.map((c) => c.payload));

describe('access matrix: action × role × target', () => {
  for (const [action, run] of Object.entries(ACTIONS) as [
    keyof typeof ACTIONS,
    (r: Role, t: Target) => Promise<ApiCall[]>,
  ][])
    for (const role of ROLES)
      for (const target of TARGETS) {
        const ok = allowed[action](role, target);
        it(`${action} by ${role} on ${target} student → ${ok ? 'allowed' : 'refused'}`, async () => {
          const s = student(role, target);
          const calls = await run(role, target);
          if (!ok) {
            expect(calls).toEqual([
              {
                method: 'answerCallbackQuery',
                payload: expect.objectContaining({ text: UNAVAILABLE, show_alert: true }),
              },
            ]);
            expect(allText(calls)).not.toContain(s.lastName);
            return;
          }
          const [text] = texts(calls);
          const className = s.classId === f.c5a.id ? '5А' : '6Б';
          if (action === 'switchChild')
            expect(text).toBe(`Теперь все ответы — про: <b>${s.firstName} ${s.lastName}</b>, ${className}.`);
          if (action === 'classLinks') expect(text).toMatch(new RegExp(`^<b>${className}: подключённые аккаунты</b>`));
          if (action === 'revokeAsk')
            expect(text).toBe(
              `Отменить привязку: ${s.lastName} ${s.firstName} (родитель)? Этот аккаунт сразу потеряет доступ к дневнику.`,
            );
        });
      }

  for (const role of ROLES) {
    it(`/children by ${role} lists only the account's own children`, async () => {
      const calls = await h.send(USER[role], '/children');
      const [text] = texts(calls);
      if (role === 'unlinked')
        expect(text).toBe('Ваш аккаунт не привязан. Пришлите пригласительный код от классного руководителя.');
      else if (role === 'guardian')
        expect(buttons(calls)).toEqual(['✅ Борис Борисов, 5А', '➕ Добавить ребёнка по коду']);
      else expect(text).toBe('К вашему аккаунту не привязан ни один ученик.');
      if (role !== 'guardian') expect(allText(calls)).not.toMatch(/Борис|Анна|Павел/);
    });

    it(`/class by ${role} shows only classes the role manages`, async () => {
      const calls = await h.send(USER[role], '/class');
      const [text] = texts(calls);
      if (role === 'unlinked') expect(text).toMatch(/^Ваш аккаунт не привязан/);
      else if (role === 'classTeacher') {
        expect(text).toMatch(/^<b>5А: подключённые аккаунты<\/b>/);
        expect(allText(calls)).not.toContain('Павел');
      } else if (role === 'admin') expect(buttons(calls)).toEqual(['1А', '5А', '6Б']);
      else expect(text).toBe('У вас нет классов, в которых можно управлять доступом.');
    });
  }
});

describe('forged callback data', () => {
  const junk = [
    '',
    'x',
    'ch:',
    'ch:-1',
    'ch:0',
    'ch:99999999999999',
    'ch:1 OR 1=1',
    'zz:1',
    'cl:abc',
    '💥',
    'ry:' + '9'.repeat(60),
    'A'.repeat(64),
    'cf:maybe',
    'ch:1:2',
  ];
  for (const data of junk)
    it(`${JSON.stringify(data.slice(0, 20))} gives "недоступно" and no data to every role`, async () => {
      for (const role of ROLES) {
        const calls = await h.press(USER[role], data);
        expect(calls.length).toBeGreaterThan(0);
        expect(allText(calls)).not.toMatch(/Борис|Анна|Павел|Иванов/);
        const answered = calls.find((c) => c.method === 'answerCallbackQuery');
        expect(answered).toBeDefined();
      }
    });
});
