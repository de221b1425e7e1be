import { describe, expect, it } from 'vitest';
import type { AccessProfile } from '../core/access/profile.js';
import type { Receipts } from '../core/announcements/index.js';
import type { Announcement } from '../db/entities/index.js';
import { textsFor } from '../bot/i18n.js';
import {
  audienceMenuView,
  audienceName,
  createdText,
  previewView,
  recentListView,
  statsView,
  unconfirmedView,
} from '../bot/features/announcements/views.js';

const t = textsFor('ru');
const TZ = 'Europe/Moscow';
const buttons = (kb: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  kb.inline_keyboard.filter((row) => row.length).map((row) => row.map((b) => [b.text, b.callback_data]));

const staff = (roles: ('classTeacher' | 'deputy')[]): AccessProfile => ({
  messenger: 'telegram',
  telegramUserId: 1,
  accountHash: 'staff',
  links: [{ id: 1, role: roles[0], studentId: null, staffId: 4, schoolId: 1 }],
  children: [],
  activeStudentId: null,
  staff: {
    staffId: 4,
    schoolId: 1,
    lastName: 'Петрова',
    firstName: 'Ирина',
    middleName: null,
    roles,
    classTeacherOf: [3],
    teachesClasses: [3],
  },
});
const c5a = { classId: 3, schoolId: 1, name: '5А', grade: 5 };
const c6b = { classId: 4, schoolId: 1, name: '6Б', grade: 6 };
const receipts: Receipts = {
  families: 2,
  confirmed: 1,
  chats: 3,
  chatsConfirmed: 1,
  unconfirmed: [{ studentId: 8, name: 'Борисов Борис', className: '5А' }],
};
const sent = {
  id: 17,
  scope: 'class',
  classId: 3,
  grade: null,
  text: 'Родительское собрание в четверг',
  status: 'sent',
  sendAt: new Date('2026-11-23T07:00:00Z'),
  sentAt: new Date('2026-11-23T07:00:00Z'),
} as unknown as Announcement;

describe('announcements views', () => {
  it('the class teacher picks her class; the administration also grades and the school', () => {
    const teacher = audienceMenuView(t, staff(['classTeacher']), [c5a]);
    expect(teacher.text).toBe('<b>📣 Новое объявление</b>\nКому?');
    expect(buttons(teacher.keyboard)).toEqual([[['5А', 'ak:3']], [['📣 Мои объявления', 'as:list']]]);
    expect(buttons(audienceMenuView(t, staff(['deputy']), [c5a, c6b]).keyboard)).toEqual([
      [['Вся школа', 'ah:school']],
      [
        ['5-е классы', 'ag:5'],
        ['6-е классы', 'ag:6'],
      ],
      [
        ['5А', 'ak:3'],
        ['6Б', 'ak:4'],
      ],
      [['📣 Мои объявления', 'as:list']],
    ]);
    expect(audienceName(t, { scope: 'grade', grade: 5 }, null)).toBe('5-е классы');
  });

  it('the preview: audience, count, urgency, the text escaped, and its buttons', () => {
    const draft = { scope: 'class' as const, classId: 3, text: 'Собрание <в 18:00>', urgent: true, sendAt: null };
    const v = previewView(t, draft, '5А', { families: 2, chats: 3 }, TZ);
    expect(v.text).toBe(
      '<b>Предпросмотр</b> — 5А\nПолучат: 2 семей (3 чатов)\n🚨 Срочное: придёт и в тихие часы.\n\nСобрание &lt;в 18:00&gt;',
    );
    expect(buttons(v.keyboard)).toEqual([
      [['🚨 Срочное: да', 'au:toggle']],
      [['🕗 Завтра в 08:00', 'at:tomorrow']],
      [
        ['✅ Отправить', 'ay:go'],
        ['✖ Отмена', 'ay:no'],
      ],
    ]);
    expect(createdText(t, sent, false, '5А', TZ)).toBe('📣 Объявление отправляется: 5А.');
  });

  it('receipts of a sent one; who has not confirmed; the list', () => {
    const v = statsView(t, { announcement: sent, className: '5А', receipts }, new Date('2026-11-23T08:00:00Z'), TZ);
    expect(v.text.split('\n')).toEqual([
      '<b>📣 Объявление</b> — 5А',
      'Отправлено 23 ноября в 10:00',
      'Ознакомились: 1 из 2 семей',
      '',
      'Родительское собрание в четверг',
    ]);
    expect(buttons(v.keyboard)).toEqual([
      [['🔄 Обновить', 'ai:17']],
      [['👀 Кто не ознакомился', 'aw:17']],
      [['🔔 Напомнить не ознакомившимся', 'am:17']],
    ]);
    const who = unconfirmedView(t, 17, receipts)!;
    expect(who.text).toBe('<b>Не ознакомились (1):</b>\nБорисов Борис, 5А');
    expect(unconfirmedView(t, 17, { ...receipts, unconfirmed: [] })).toBeNull();
    const list = recentListView(t, [{ announcement: sent, className: '5А', receipts }], TZ);
    expect(list.text).toBe('<b>📣 Объявления</b>\n23.11 — 5А: 1/2');
    expect(buttons(list.keyboard)).toEqual([[['23.11 — 5А: 1/2', 'ai:17']], [['➕ Новое объявление', 'an:new']]]);
  });
});
