import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachHomeworkFile } from '../core/journal/homework-files.js';
import { setupBotTest, staffOf } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import { ANNA, BORIS_FATHER, diaryBotTest, MOTHER, PETROVA, type DiarySchool } from './helpers/diary.js';

/**
 * Whose diary: a guardian of two children switches in one tap under any view;
 * a student sees only themself, never a sibling; staff get a polite "not for
 * your role"; every diary button that carries an id asks the policy
 * (role × own / other family / other class).
 */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let lastMessage: (user: number) => number;
const UNAVAILABLE = 'Это действие недоступно. Откройте меню заново — /start.';
const NOT_FAMILY = 'Дневник ученика недоступен для вашей роли: этот раздел — для родителей и учеников.';
const NOT_LINKED = 'Ваш аккаунт не привязан. Пришлите пригласительный код от классного руководителя.';

type Role = 'unlinked' | 'guardian' | 'student' | 'classTeacher' | 'teacher' | 'deputy' | 'director' | 'admin';
const USER: Record<Role, number> = {
  unlinked: 7100,
  guardian: BORIS_FATHER,
  student: ANNA,
  classTeacher: PETROVA,
  teacher: 7104,
  deputy: 7105,
  director: 7106,
  admin: 7107,
};

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(
    diaryBotTest((f) => [
      [USER.teacher, staffOf(f, f.mathTeacher, 'teacher')],
      [USER.deputy, staffOf(f, f.deputy, 'deputy')],
      [USER.director, staffOf(f, f.director, 'director')],
      [USER.admin, staffOf(f, f.admin, 'admin')],
    ]),
  ));
  lastMessage = h.lastMessage;
  const s = f.school.id;
  for (const lessonId of [f.L.e1126g1.id, f.L.e1126g2.id, f.L.p1126.id])
    await attachHomeworkFile(
      db.ds,
      { schoolId: s, lessonId, fileName: `hw-${lessonId}.txt`, mimeType: 'text/plain', content: Buffer.from('tasks') },
      { kind: 'cli', command: 'test' },
    );
});
afterAll(() => db.close());

const alert = (text: string) => [
  { method: 'answerCallbackQuery', payload: expect.objectContaining({ text, show_alert: true }) },
];
const activeOf = async (user: number) =>
  (
    await db.ds.query(
      `SELECT a."activeStudentId" FROM account a JOIN link l ON l."accountHash" = a."accountHash" WHERE l."telegramUserId" = $1 LIMIT 1`,
      [user],
    )
  )[0].activeStudentId;

describe('a guardian of two children', () => {
  it('every view names the child and switches to the other in one tap, in place, keeping the view', async () => {
    const marks = await h.send(MOTHER, '/marks');
    // The child linked last is the active one.
    expect(texts(marks)[0]).toMatch(/^👤 <b>Павел Иванов<\/b>, 6Б\n📒 <b>Отметки<\/b> · 2 четверть/);
    expect(texts(marks)[0]).toContain(
      '📘 <b>Математика</b>\n<b>5</b> контр.\nСредний балл: <b>5,00</b> → «5», за неделю без изменений\n🎯 Прогноз: «5» — так держать!',
    );
    expect(buttons(marks).at(-1)).toBe('👤 Анна Иванова');
    const toAnna = await h.press(MOTHER, `ch:${f.anna.id}`, lastMessage(MOTHER));
    expect(toAnna.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(texts(toAnna)[0]).toMatch(/^👤 <b>Анна Иванова<\/b>, 5А\n📒 <b>Отметки<\/b> · 2 четверть/);
    expect(texts(toAnna)[0]).toContain('Средний балл: <b>4,13</b> → «4», за неделю ↑ +0,31');
    expect(buttons(toAnna).at(-1)).toBe('👤 Павел Иванов');
    expect(await activeOf(MOTHER)).toBe(f.anna.id);

    // The choice sticks: the next command is about Анна.
    const hw = await h.send(MOTHER, '/homework');
    expect(texts(hw)[0]).toMatch(/^👤 <b>Анна Иванова<\/b>, 5А\n📚 <b>Домашнее задание на чт, 26 ноября<\/b>/);
    // Switching under the homework view shows Павел's homework for the same day.
    const toPavel = await h.press(MOTHER, `ch:${f.pavel.id}`, lastMessage(MOTHER));
    expect(texts(toPavel)[0]).toMatch(
      /^👤 <b>Павел Иванов<\/b>, 6Б\n📚 <b>Домашнее задание на чт, 26 ноября<\/b>\n\n<b>1\. Математика<\/b>\nСтр\. 12, задачи 1–3\n<i>задано .+<\/i>\n📎 файлов: 1 — пришлю по кнопке ниже$/,
    );
    const schedule = await h.send(MOTHER, '/schedule');
    expect(texts(schedule)[0]).toMatch(
      /^👤 <b>Павел Иванов<\/b>, 6Б\n🗓 <b>Расписание на ср, 25 ноября<\/b>\n\nУроков нет\.$/,
    );
    const absences = await h.send(MOTHER, '/absences');
    expect(texts(absences)[0]).toBe(
      '👤 <b>Павел Иванов</b>, 6Б\n🚫 <b>Пропуски</b> · 2 четверть (9 ноября — 28 декабря)\n\nПропусков нет.',
    );
    const back = await h.press(MOTHER, `ch:${f.anna.id}`, lastMessage(MOTHER));
    expect(texts(back)[0]).toMatch(
      /^👤 <b>Анна Иванова<\/b>, 5А\n🚫 <b>Пропуски<\/b> · 2 четверть \(9 ноября — 28 декабря\)\n\nПропущено уроков: <b>4<\/b>/,
    );
  });

  it('/children keeps its own answer for its own list', async () => {
    const list = await h.send(MOTHER, '/children');
    const sw = await h.press(MOTHER, `ch:${f.pavel.id}`, lastMessage(MOTHER));
    expect(buttons(list)).toEqual(['✅ Анна Иванова, 5А', 'Павел Иванов, 6Б', '➕ Добавить ребёнка по коду']);
    expect(texts(sw)).toEqual(['Теперь все ответы — про: <b>Павел Иванов</b>, 6Б.']);
  });

  it('cannot switch to a child of another family under a diary view', async () => {
    await h.send(MOTHER, '/marks');
    const calls = await h.press(MOTHER, `ch:${f.boris.id}`, lastMessage(MOTHER));
    expect(calls).toEqual(alert(UNAVAILABLE));
  });
});

describe('a student', () => {
  it("sees their own diary and never a sibling's", async () => {
    const own = await h.send(ANNA, '/marks');
    expect(texts(own)[0]).toMatch(/^👤 <b>Анна Иванова<\/b>, 5А/);
    expect(buttons(own)).not.toContain('👤 Павел Иванов');
    for (const data of [`ch:${f.pavel.id}`, `df:${f.L.p1126.id}`]) {
      const calls = await h.press(ANNA, data, lastMessage(ANNA));
      expect(calls).toEqual(alert(UNAVAILABLE));
      expect(JSON.stringify(calls)).not.toContain('Павел');
    }
    expect(await activeOf(ANNA)).toBe(f.anna.id);
    for (const cmd of ['/marks', '/homework', '/schedule', '/absences'])
      expect(JSON.stringify(await h.send(ANNA, cmd))).not.toContain('Павел');
  });
});

describe('staff and strangers', () => {
  for (const role of ['classTeacher', 'teacher', 'deputy', 'director', 'admin'] as const)
    it(`${role}: the family views are not for this role, politely`, async () => {
      for (const cmd of ['/marks', '/homework', '/schedule', '/absences'])
        expect(texts(await h.send(USER[role], cmd))).toEqual([NOT_FAMILY]);
      expect(await h.press(USER[role], `dm:${f.q2.id}`)).toEqual(alert(NOT_FAMILY));
      expect(await h.press(USER[role], `dg:${f.q2.id}`)).toEqual(alert(NOT_FAMILY));
    });

  it('unlinked: asked for a code', async () => {
    expect(texts(await h.send(USER.unlinked, '/marks'))).toEqual([NOT_LINKED]);
    expect(await h.press(USER.unlinked, 'ds:20261125')).toEqual(alert(NOT_LINKED));
  });
});

/** Diary buttons carrying ids × role × target: own child, another family (same class), another class. */
describe('diary access matrix', () => {
  type Target = 'own' | 'otherFamily' | 'otherClass';
  const ROLES: Role[] = ['unlinked', 'guardian', 'student', 'classTeacher', 'teacher', 'deputy', 'director', 'admin'];
  const TARGETS: Target[] = ['own', 'otherFamily', 'otherClass'];
  // The guardian is Борис's father (group 2), the student is Анна (group 1); staff "own" is 5А.
  const student = (role: Role, t: Target) =>
    (role === 'guardian'
      ? { own: f.boris, otherFamily: f.anna, otherClass: f.pavel }
      : { own: f.anna, otherFamily: f.boris, otherClass: f.pavel })[t];
  const lessonOf = (role: Role, t: Target) => {
    const s = student(role, t);
    return s.id === f.boris.id ? f.L.e1126g2.id : s.id === f.anna.id ? f.L.e1126g1.id : f.L.p1126.id;
  };
  const refusal: Record<Role, string> = {
    unlinked: NOT_LINKED,
    guardian: UNAVAILABLE,
    student: UNAVAILABLE,
    classTeacher: NOT_FAMILY,
    teacher: NOT_FAMILY,
    deputy: NOT_FAMILY,
    director: NOT_FAMILY,
    admin: NOT_FAMILY,
  };
  const allowed = {
    // Only a guardian switches, and only to their own child (a student has no one to switch to).
    switchChild: (role: Role, t: Target) => role === 'guardian' && t === 'own',
    homeworkFiles: (role: Role, t: Target) => (role === 'guardian' || role === 'student') && t === 'own',
  };
  const ACTIONS: Record<keyof typeof allowed, (role: Role, t: Target) => Promise<ApiCall[]>> = {
    switchChild: async (role, t) => {
      await h.send(USER[role], '/marks');
      return h.press(USER[role], `ch:${student(role, t).id}`, lastMessage(USER[role]));
    },
    homeworkFiles: (role, t) => h.press(USER[role], `df:${lessonOf(role, t)}`, lastMessage(USER[role])),
  };

  for (const [action, run] of Object.entries(ACTIONS) as [
    keyof typeof allowed,
    (r: Role, t: Target) => Promise<ApiCall[]>,
  ][])
    for (const role of ROLES)
      for (const target of TARGETS) {
        const ok = allowed[action](role, target);
        it(`${action} by ${role} on ${target} → ${ok ? 'allowed' : 'refused'}`, async () => {
          const s = student(role, target);
          const calls = await run(role, target);
          if (!ok) {
            // A staff member's or stranger's `ch:` is not under a diary view: the account feature refuses it.
            const expected = action === 'switchChild' && refusal[role] !== UNAVAILABLE ? UNAVAILABLE : refusal[role];
            expect(calls).toEqual(alert(expected));
            expect(JSON.stringify(calls)).not.toContain(s.lastName);
            return;
          }
          if (action === 'switchChild')
            expect(texts(calls)[0]).toMatch(
              new RegExp(`^👤 <b>${s.firstName} ${s.lastName}</b>, 5А\n📒 <b>Отметки</b>`),
            );
          else {
            expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendDocument']);
            expect(calls[1].payload.caption).toBe(
              `📎 ${s.firstName} ${s.lastName}: Английский язык, задание на чт, 26 ноября`,
            );
          }
        });
      }
});
