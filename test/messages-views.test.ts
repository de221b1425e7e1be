import { describe, expect, it } from 'vitest';
import type { AccessProfile } from '../core/access/profile.js';
import type { MessageRow, ThreadRow } from '../core/messages/index.js';
import { textsFor } from '../bot/i18n.js';
import * as cb from '../bot/features/messages/callbacks.js';
import {
  auditListView,
  childPickerView,
  hoursMenuView,
  hoursText,
  sentText,
  teacherPickerView,
  threadListView,
  threadView,
} from '../bot/features/messages/views.js';

const t = textsFor('ru');
const TZ = 'Europe/Moscow';
const buttons = (kb: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  kb.inline_keyboard.filter((row) => row.length).map((row) => row.map((b) => [b.text, b.callback_data]));

const child = {
  studentId: 7,
  schoolId: 1,
  classId: 3,
  className: '5А',
  grade: 5,
  lastName: 'Иванова',
  firstName: 'Анна',
  via: 'guardian' as const,
};
const mother: AccessProfile = {
  messenger: 'telegram',
  telegramUserId: 1,
  accountHash: 'family',
  links: [{ id: 1, role: 'guardian', studentId: 7, staffId: null, schoolId: 1 }],
  children: [child],
  activeStudentId: 7,
  staff: null,
};
const director: AccessProfile = {
  messenger: 'telegram',
  telegramUserId: 2,
  accountHash: 'director',
  links: [{ id: 2, role: 'director', studentId: null, staffId: 9, schoolId: 1 }],
  children: [],
  activeStudentId: null,
  staff: {
    staffId: 9,
    schoolId: 1,
    lastName: 'Орлова',
    firstName: 'Вера',
    middleName: null,
    roles: ['director'],
    classTeacherOf: [],
    teachesClasses: [],
  },
};
const thread: ThreadRow = {
  id: 41,
  studentId: 7,
  classId: 3,
  schoolId: 1,
  staffId: 5,
  accountHash: 'family',
  familyRole: 'guardian',
  lastMessageAt: new Date('2026-11-23T07:00:00Z'),
  studentName: 'Анна Иванова',
  className: '5А',
  staffName: 'Кузнецов Олег',
  unread: 1,
  lastText: 'Добрый день',
};

describe('messages views', () => {
  it('the family list: unread lines as buttons, write and consultation buttons', () => {
    const v = threadListView(t, mother, [thread]);
    expect(v.text).toBe('<b>✉️ Сообщения</b>\nНепрочитанных: 1\n🔴 1 · Кузнецов Олег — Анна Иванова');
    expect(buttons(v.keyboard)).toEqual([
      [['🔴 1 · Кузнецов Олег — Анна Иванова', 'mo:41']],
      [['✏️ Написать учителю', 'mw:new']],
      [['📅 Консультация с учителем', 'cm:new']],
    ]);
  });

  it('the director: no threads of their own, office hours and the audited list', () => {
    const v = threadListView(t, director, []);
    expect(v.text).toBe('<b>✉️ Сообщения</b>\nПереписки пока нет.');
    expect(buttons(v.keyboard)).toEqual([
      [['🕒 Часы приёма', 'mh:menu']],
      [['🗂 Переписка школы (директор)', 'md:list']],
    ]);
    expect(buttons(auditListView(t, [thread]).keyboard)).toEqual([[['Кузнецов Олег — Анна Иванова, 5А', 'mx:41']]]);
  });

  it('pickers: the child, then its contacts with their roles', () => {
    const kids = childPickerView('О ком?', [child], (studentId) => cb.writeAbout.pack({ child: studentId }));
    expect(buttons(kids.keyboard)).toEqual([[['Анна Иванова', 'mw:7']]]);
    const v = teacherPickerView(t, child, [
      { staffId: 5, name: 'Кузнецов Олег', roles: ['teacher'], subjects: ['Математика'] },
      { staffId: 6, name: 'Петрова Ирина', roles: ['classTeacher', 'teacher'], subjects: ['Русский язык'] },
    ]);
    expect(v.text).toBe('Кому написать? (Анна Иванова)');
    expect(buttons(v.keyboard)).toEqual([
      [['Кузнецов Олег — Математика', 'mt:5']],
      [['Петрова Ирина — классный руководитель, Русский язык', 'mt:6']],
    ]);
  });

  it('a thread: the family sees its own messages as «Вы», and may answer', () => {
    const messages: MessageRow[] = [
      {
        id: 1,
        side: 'family',
        text: 'Добрый <день>',
        fileId: null,
        fileKind: null,
        createdAt: thread.lastMessageAt,
        readAt: null,
      },
      {
        id: 2,
        side: 'staff',
        text: null,
        fileId: 'f',
        fileKind: 'photo',
        createdAt: thread.lastMessageAt,
        readAt: null,
      },
    ];
    const v = threadView(t, mother, { thread, messages, audit: false, ownThread: false, mayWrite: true }, TZ);
    const lines = v.text.split('\n');
    expect(lines[0]).toBe('<b>Переписка: Кузнецов Олег</b> — Анна Иванова, 5А');
    expect(lines[2]).toMatch(/^Вы · 23 ноября в 10:00: Добрый &lt;день&gt;$/);
    expect(lines[3]).toMatch(/^Кузнецов Олег · 23 ноября в 10:00: /);
    expect(buttons(v.keyboard)).toEqual([[['💬 Ответить', 'mr:41']]]);
  });

  it('an audited thread: the director’s title, no answer button', () => {
    const v = threadView(t, director, { thread, messages: [], audit: true, ownThread: false, mayWrite: false }, TZ);
    expect(v.text.split('\n')[0]).toBe(
      '<b>Переписка (просмотр директора):</b> Кузнецов Олег ↔ родитель — Анна Иванова, 5А',
    );
    expect(buttons(v.keyboard)).toEqual([]);
  });

  it('office hours: presets and the current hours; what the family is told', () => {
    const v = hoursMenuView(t, { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' });
    expect(v.text).toContain('Сейчас: пн–пт 15:00–17:00');
    expect(buttons(v.keyboard).map((r) => r[0][1])).toEqual(['mh:a', 'mh:b', 'mh:c', 'mh:off']);
    expect(hoursText(t, null)).toBe('без ограничений');
    expect(sentText(t, 'Кузнецов Олег', { deliverAt: null, hours: null }, TZ)).toBe(
      '✅ Сообщение отправлено: Кузнецов Олег.',
    );
  });
});
