import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { guardianOf, staffOf, studentOf } from './bot-test.js';
import type { SchoolFixture } from './fixtures.js';
import type { CodeFor } from './linking.js';

/**
 * The access matrix, run by each messenger's front end: every targeted bot action × every role × the
 * role's own student, another family's student (same class) and a student of another class. The expected
 * answer is written out here from the school's rules, not asked of the policy. A test file supplies the
 * people linked as `ACCESS_PEOPLE` says and a `Driver` that reads what its messenger was sent.
 */
export type Role = 'unlinked' | 'guardian' | 'student' | 'classTeacher' | 'teacher' | 'deputy' | 'director' | 'admin';
type Target = 'own' | 'otherFamily' | 'otherClass';
export const ROLES: Role[] = [
  'unlinked',
  'guardian',
  'student',
  'classTeacher',
  'teacher',
  'deputy',
  'director',
  'admin',
];
const TARGETS: Target[] = ['own', 'otherFamily', 'otherClass'];
export const USER: Record<Role, number> = {
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

/** Who is linked before the first test, in this order: the guardian is Борисов's father, the student Анна. */
export const ACCESS_PEOPLE = (f: SchoolFixture): [userId: number, code: CodeFor][] => [
  [USER.guardian, guardianOf(f, f.boris, f.borisFather)],
  [USER.student, studentOf(f, f.anna)],
  [USER.classTeacher, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
  [USER.teacher, staffOf(f, f.mathTeacher, 'teacher')],
  [USER.deputy, staffOf(f, f.deputy, 'deputy')],
  [USER.director, staffOf(f, f.director, 'director')],
  [USER.admin, staffOf(f, f.admin, 'admin')],
  [MOTHER, guardianOf(f, f.anna, f.mother)],
  [MOTHER, guardianOf(f, f.pavel, f.mother)],
];

/** What one update made the bot do, as a user of the messenger would see it. */
export interface Screen {
  /** Texts sent or edited, in order. */
  texts: string[];
  /** Button labels under them. */
  buttons: string[];
  /** Everything sent, as one string (to look for names that must not be there). */
  all: string;
  /** The pop-up text when the bot's only answer was a pop-up on the pressed button (an alert), else undefined. */
  onlyAlert: string | undefined;
  /** Whether the press got an answer (Telegram: the callback answered, no spinner left; MAX, which has no silent answer: a notification or a message). */
  answered: boolean;
}

export interface Driver {
  f: SchoolFixture;
  press(userId: number, data: string): Promise<Screen>;
  send(userId: number, text: string): Promise<Screen>;
}

/** Guardian link ids by student id (the revoke buttons name links). */
async function guardianLinks(ds: DataSource): Promise<Record<number, number>> {
  const links: Record<number, number> = {};
  for (const r of await ds.query(`SELECT id, "studentId" FROM link WHERE role = 'guardian'`)) links[r.studentId] = r.id;
  return links;
}

/** What the rules allow. */
const allowed = {
  switchChild: (role: Role, t: Target) => role === 'guardian' && t === 'own',
  classLinks: (role: Role, t: Target) => role === 'admin' || (role === 'classTeacher' && t !== 'otherClass'),
  revokeAsk: (role: Role, t: Target) => role === 'admin' || (role === 'classTeacher' && t !== 'otherClass'),
};
type Action = keyof typeof allowed;
type Student = SchoolFixture['anna'];

const callbackData = (action: Action, s: Student, links: Record<number, number>) =>
  ({ switchChild: `ch:${s.id}`, classLinks: `cl:${s.classId}`, revokeAsk: `rv:${links[s.id]}` })[action];

/** Forged or stale callback data. */
const JUNK = [
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

/** The matrix's tests, for the driver `get` returns once `beforeAll` has run (`ds` gives the link ids). */
export function accessMatrix(messenger: string, get: () => Driver & { ds: DataSource }) {
  let links: Record<number, number> | undefined;
  const d = () => get();
  /** The student each target means; staff "own" is in 5А (Петрова's class). */
  const student = (role: Role, t: Target): Student => {
    const { f } = d();
    if (role === 'guardian') return { own: f.boris, otherFamily: f.anna, otherClass: f.pavel }[t];
    return { own: f.anna, otherFamily: f.boris, otherClass: f.pavel }[t];
  };

  describe(`access matrix in ${messenger}: action × role × target`, () => {
    for (const action of Object.keys(allowed) as Action[])
      for (const role of ROLES)
        for (const target of TARGETS) {
          const ok = allowed[action](role, target);
          it(`${action} by ${role} on ${target} student → ${ok ? 'allowed' : 'refused'}`, async () => {
            const s = student(role, target);
            links ??= await guardianLinks(d().ds);
            const screen = await d().press(USER[role], callbackData(action, s, links));
            if (!ok) {
              expect(screen.onlyAlert).toBe(UNAVAILABLE);
              expect(screen.all).not.toContain(s.lastName);
              return;
            }
            const [text] = screen.texts;
            const className = s.classId === d().f.c5a.id ? '5А' : '6Б';
            if (action === 'switchChild')
              expect(text).toBe(`Теперь все ответы — про: <b>${s.firstName} ${s.lastName}</b>, ${className}.`);
            if (action === 'classLinks')
              expect(text).toMatch(new RegExp(`^<b>${className}: подключённые аккаунты</b>`));
            if (action === 'revokeAsk')
              expect(text).toBe(
                `Отменить привязку: ${s.lastName} ${s.firstName} (родитель)? Этот аккаунт сразу потеряет доступ к дневнику.`,
              );
          });
        }

    for (const role of ROLES) {
      it(`/children by ${role} lists only the account's own children`, async () => {
        const screen = await d().send(USER[role], '/children');
        const [text] = screen.texts;
        if (role === 'unlinked')
          expect(text).toBe('Ваш аккаунт не привязан. Пришлите пригласительный код от классного руководителя.');
        else if (role === 'guardian')
          expect(screen.buttons).toEqual(['✅ Борис Борисов, 5А', '➕ Добавить ребёнка по коду']);
        else expect(text).toBe('К вашему аккаунту не привязан ни один ученик.');
        if (role !== 'guardian') expect(screen.all).not.toMatch(/Борис|Анна|Павел/);
      });

      it(`/class by ${role} shows only classes the role manages`, async () => {
        const screen = await d().send(USER[role], '/class');
        const [text] = screen.texts;
        if (role === 'unlinked') expect(text).toMatch(/^Ваш аккаунт не привязан/);
        else if (role === 'classTeacher') {
          expect(text).toMatch(/^<b>5А: подключённые аккаунты<\/b>/);
          expect(screen.all).not.toContain('Павел');
        } else if (role === 'admin') expect(screen.buttons).toEqual(['1А', '5А', '6Б']);
        else expect(text).toBe('У вас нет классов, в которых можно управлять доступом.');
      });
    }
  });

  describe(`forged callback data in ${messenger}`, () => {
    for (const data of JUNK)
      it(`${JSON.stringify(data.slice(0, 20))} gives "недоступно" and no data to every role`, async () => {
        for (const role of ROLES) {
          const screen = await d().press(USER[role], data);
          expect(screen.answered).toBe(true);
          expect(screen.all).not.toMatch(/Борис|Анна|Павел|Иванов/);
        }
      });
  });
}
