import { describe, expect, it } from 'vitest';
import type { AccessProfile, ChildView } from '../core/access/profile.js';
import { textsFor } from '../bot/i18n.js';
import { consentAnswer } from '../bot/features/linking/callbacks.js';
import { codeRefusal, consentView, linkedText, looksLikeCode } from '../bot/features/linking/views.js';
import { compromiseQuestion, compromisedText, logoutQuestion, settingsView } from '../bot/features/settings/views.js';
import { confirmNo, logoutYes, settingsItem } from '../bot/features/settings/callbacks.js';
import { childrenView, switchedText } from '../bot/features/children/views.js';
import { childSwitch } from '../bot/features/children/callbacks.js';
import { classLinksView, classPickKeyboard, revokeQuestion } from '../bot/features/class/views.js';
import { revokeYes } from '../bot/features/class/callbacks.js';
import { familyHelpText } from '../bot/features/help/views.js';
import { commandsFor, isMenuButton, mainMenu } from '../bot/features/menu/views.js';
import { fallbackText, privateOnlyView } from '../bot/features/guard/views.js';

/**
 * The account's screens as pure views (bot/features/{linking,settings,children,
 * class,help,menu,guard}/views.ts): what a user reads and which buttons they see.
 */
const t = textsFor('ru');
const TZ = 'Europe/Moscow';
const labels = (kb: { inline_keyboard: { text: string }[][] }) => kb.inline_keyboard.map((r) => r.map((b) => b.text));
const data = (kb: { inline_keyboard: { text: string }[][] }) =>
  kb.inline_keyboard.flat().map((b) => (b as { callback_data?: string }).callback_data);

const child = (studentId: number, firstName: string, via: ChildView['via'] = 'guardian'): ChildView => ({
  studentId,
  schoolId: 1,
  classId: 5,
  className: '5А',
  grade: 5,
  lastName: 'Иванов',
  firstName,
  via,
});
const profile = (over: Partial<AccessProfile> = {}): AccessProfile => ({
  messenger: 'telegram',
  telegramUserId: 1,
  accountHash: 'h',
  links: [{ id: 1, role: 'guardian', studentId: 11, staffId: null, schoolId: 1 }],
  children: [child(11, 'Борис'), child(12, 'Анна')],
  activeStudentId: 12,
  staff: null,
  ...over,
});

describe('linking views', () => {
  it('asks for consent naming the child and the class, with «Согласен» / «Не согласен»', () => {
    const v = consentView(t, {
      invitationId: 1,
      codeHash: 'x',
      role: 'guardian',
      studentName: 'Борис <Б>',
      className: '5А',
    });
    expect(v.text).toMatch(
      /^<b>Согласие на обработку персональных данных<\/b>\n\nКод выдан для: <b>Борис &lt;Б&gt;<\/b>, класс 5А\./,
    );
    expect(labels(v.keyboard)).toEqual([['Согласен', 'Не согласен']]);
    expect(data(v.keyboard)).toEqual(['cf:y', 'cf:n']);
    expect(consentAnswer.unpack('cf:maybe')).toBeNull();
  });

  it('welcomes a guardian by the child and says where the menu is; refuses codes as before', () => {
    const r = {
      kind: 'linked',
      linkId: 1,
      role: 'guardian',
      studentId: 11,
      staffId: null,
      schoolId: 1,
      className: null,
    } as const;
    expect(linkedText(t, r, profile())).toBe(
      'Готово! Вы подключены как родитель (законный представитель): Борис Иванов, 5А.\n\nВсе разделы — в меню внизу экрана. Справка — /help.',
    );
    expect(codeRefusal(t, { kind: 'invalid' }, TZ)).toMatch(/^Этот код не подходит/);
    expect(codeRefusal(t, { kind: 'malformed' }, TZ)).toMatch(/^Это не похоже на пригласительный код/);
    expect(looksLikeCode('ABCD-EFGH-JKMN-PQR5')).toBe(true);
    expect(looksLikeCode('привет, как дела')).toBe(false);
  });
});

describe('settings views', () => {
  it('shows the settings buttons one a row, and asks before logout and compromise', () => {
    const v = settingsView(t);
    expect(v.text).toBe('<b>Настройки</b>');
    expect(labels(v.keyboard).slice(1)).toEqual([
      ['🔒 Какие данные хранятся'],
      ['📄 Выгрузить мои данные'],
      ['🚪 Отвязать аккаунт'],
      ['⚠️ Мой доступ скомпрометирован'],
    ]);
    expect(data(v.keyboard)).toEqual(['nt:menu', 'st:privacy', 'st:mydata', 'st:logout', 'st:compromised']);
    expect(labels(logoutQuestion(t).keyboard)).toEqual([['Да, отвязать', 'Нет, оставить']]);
    expect(data(compromiseQuestion(t).keyboard)).toEqual(['cp:y', 'nx:n']);
    expect(compromisedText(t, { reportedAt: new Date('2026-11-20T10:00:00Z'), classTeachersToTell: 0 }, TZ)).toMatch(
      /^Доступ закрыт 20 ноября в 13:00\. Все привязки этого аккаунта отменены\.\n/,
    );
    expect([settingsItem.unpack('st:zzz'), logoutYes.unpack('lo:n'), confirmNo.unpack('nx:')]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('children views', () => {
  it('ticks the active child and offers a code for another', () => {
    const p = profile();
    const v = childrenView(t, p, p.children);
    expect(v.text).toBe('Выберите, о ком показывать сведения. Сейчас выбран(а): <b>Анна Иванов</b>.');
    expect(labels(v.keyboard)).toEqual([['Борис Иванов, 5А'], ['✅ Анна Иванов, 5А'], ['➕ Добавить ребёнка по коду']]);
    expect(data(v.keyboard)).toEqual(['ch:11', 'ch:12', 'st:addchild']);
    expect(switchedText(t, p.children[0])).toBe('Теперь все ответы — про: <b>Борис Иванов</b>, 5А.');
    expect(['ch:', 'ch:0', 'ch:1:2', 'ch:1 OR 1=1', 'zz:1'].map((d) => childSwitch.unpack(d))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('class views', () => {
  const row = {
    linkId: 7,
    role: 'guardian',
    studentId: 11,
    studentName: 'Иванов Борис',
    guardianName: 'Иванова Мария',
    linkedAt: new Date('2026-09-02T09:00:00Z'),
  };
  it('lists the connected accounts with a revoke button each, after the printouts and the desk', () => {
    const v = classLinksView(t, { classId: 5, className: '5А', rows: [row], mayPrint: true }, TZ);
    expect(v.text).toBe(
      '<b>5А: подключённые аккаунты</b> (1)\n\nИванов Борис — родитель Иванова Мария, с 2 сентября 2026 г.',
    );
    expect(data(v.keyboard)).toEqual(['pp:5', 'wd:5', 'rv:7']);
    expect(labels(v.keyboard).at(-2)).toEqual(['✖ Иванов Борис: родитель']);
    const empty = classLinksView(t, { classId: 5, className: '5А', rows: [], mayPrint: false }, TZ);
    expect(empty.text).toBe('<b>5А</b>: пока никто не подключился.');
  });

  it('picks a class four a row and asks before revoking', () => {
    const kb = classPickKeyboard(['1А', '5А', '6Б', '7В', '8Г'].map((name, i) => ({ classId: i + 1, name })));
    expect(labels(kb)).toEqual([['1А', '5А', '6Б', '7В'], ['8Г']]);
    const q = revokeQuestion(t, 7, { role: 'student', student: 'Иванов Борис' });
    expect(q.text).toBe('Отменить привязку: Иванов Борис (ученик)? Этот аккаунт сразу потеряет доступ к дневнику.');
    expect(data(q.keyboard)).toEqual(['ry:7', 'nx:n']);
    expect([revokeYes.unpack('ry:'), revokeYes.unpack(`ry:${'9'.repeat(60)}`)]).toEqual([null, null]);
  });
});

describe('help, menu and guard views', () => {
  it('gives a family the diary commands, /children only to a guardian, then the rules', () => {
    expect(familyHelpText(t, true, 'RULES')).toMatch(/\n\/children — выбрать ребёнка\n\/settings/);
    const student = familyHelpText(t, false, 'RULES');
    expect(student).toMatch(/^<b>Дневник<\/b>\n\/marks/);
    expect(student).not.toContain('/children');
    expect(student.endsWith('/help — эта справка\n\nRULES')).toBe(true);
  });

  it("derives the menu and the commands from the account's links", () => {
    const p = profile();
    expect(
      mainMenu(t, p)
        .keyboard.flat()
        .map((b) => (typeof b === 'string' ? b : b.text)),
    ).toContain('👨‍👩‍👧 Мои дети');
    expect(isMenuButton(t, '⚙️ Настройки')).toBe(true);
    expect(isMenuButton(t, 'Настройки')).toBe(false);
    const cmds = commandsFor(t, p).map((c) => c.command);
    expect(cmds.slice(0, 6)).toEqual(['start', 'marks', 'homework', 'schedule', 'absences', 'children']);
    expect(cmds.slice(-3)).toEqual(['logout', 'compromised', 'help']);
  });

  it('points groups to the private chat and answers odd messages', () => {
    const v = privateOnlyView(t, 'school_bot');
    expect(v.text).toBe('Сведения из дневника я показываю только в личном чате. Напишите мне: @school_bot');
    expect(v.keyboard.inline_keyboard).toEqual([[{ text: 'Открыть личный чат', url: 'https://t.me/school_bot' }]]);
    expect(fallbackText(t, false, true)).toMatch(/^Я понимаю только текст\./);
    expect(fallbackText(t, true, true)).toMatch(/^Не понял сообщение\./);
    expect(fallbackText(t, true, false)).toMatch(/^Я понимаю текстовые сообщения/);
  });
});
