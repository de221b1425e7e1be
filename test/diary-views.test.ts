import { describe, expect, it } from 'vitest';
import type { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../core/access/profile.js';
import type { DiaryLesson } from '../core/diary/lessons.js';
import type { DiaryStudent } from '../core/diary/student.js';
import { textsFor } from '../bot/i18n.js';
import * as cb from '../bot/features/diary/callbacks.js';
import { renderNotice } from '../bot/features/diary/views/common.js';
import { renderHomeworkDay, renderScheduleDay } from '../bot/features/diary/views/lessons.js';
import { staleNote } from '../bot/features/feed/views.js';

/** The diary's views are pure: data and texts in, the text and buttons a family sees out. */
const t = textsFor('ru');
const anna: DiaryStudent = {
  studentId: 11,
  classId: 5,
  schoolId: 1,
  lastName: 'Иванова',
  firstName: 'Анна',
  className: '5А',
  grade: 5,
};
const child = (studentId: number, firstName: string, lastName: string, className: string) => ({
  studentId,
  schoolId: 1,
  classId: 5,
  className,
  grade: 5,
  firstName,
  lastName,
  via: 'guardian' as const,
});
const mother: AccessProfile = {
  messenger: 'telegram',
  telegramUserId: 1,
  accountHash: 'h',
  links: [],
  children: [child(11, 'Анна', 'Иванова', '5А'), child(12, 'Павел', 'Иванов', '6Б')],
  activeStudentId: 11,
  staff: null,
};
const buttons = (kb: InlineKeyboard) =>
  kb.inline_keyboard.flat().map((b) => [b.text, 'callback_data' in b ? b.callback_data : '']);
const lesson = (over: Partial<DiaryLesson>): DiaryLesson => ({
  id: 501,
  date: '2026-11-25',
  slot: 2,
  startsAt: '09:00',
  endsAt: '09:45',
  room: '12',
  subject: 'Математика',
  subgroup: null,
  teacher: { lastName: 'Кузнецов', firstName: 'Олег', middleName: 'Иванович' },
  substitute: null,
  topic: null,
  homework: null,
  homeworkSetAt: null,
  cancelled: false,
  files: 0,
  attendance: null,
  ...over,
});

describe('diary callbacks', () => {
  it('keep their old data: days as YYYYMMDD, the year summary and the rules as words', () => {
    expect(cb.homeworkDay.pack({ day: '2026-11-25' })).toBe('dh:20261125');
    expect(cb.scheduleWeek.pack({ day: '2026-11-30' })).toBe('dw:20261130');
    expect(cb.summaryPage.pack({ view: 'year' })).toBe('dy:year');
    expect(cb.rulesPage.pack({ view: 'rules' })).toBe('dr:rules');
    expect(cb.childSwitch.pack({ studentId: 12 })).toBe('ch:12');
    expect(cb.scheduleDay.unpack('ds:20261125')).toEqual({ day: '2026-11-25' });
  });

  it('refuse forged or malformed data', () => {
    for (const data of ['dh:20261345', 'dh:abc', 'dh:2026-11-25', 'dh:20261125.1'])
      expect(cb.homeworkDay.unpack(data)).toBeNull();
    expect(cb.summaryPage.unpack('dy:rules')).toBeNull();
    expect(cb.marksPeriod.unpack('dm:0')).toBeNull();
    expect(cb.homeworkFiles.unpack('df:-1')).toBeNull();
  });
});

describe('diary views', () => {
  it("the timetable of today names the child, puts the current lesson on top and offers the sibling's diary", () => {
    const r = renderScheduleDay(t, mother, anna, {
      date: '2026-11-25',
      today: '2026-11-25',
      time: '09:10',
      lessons: [lesson({})],
    });
    expect(r.text.split('\n').slice(0, 2)).toEqual([
      '👤 <b>Анна Иванова</b>, 5А',
      '🗓 <b>Расписание на ср, 25 ноября</b>',
    ]);
    expect(r.text).toContain('2. 09:00–09:45 <b>Математика</b>, каб. 12\n↳ Кузнецов О. И.');
    expect(buttons(r.keyboard)).toEqual([
      ['◀ 24.11', 'ds:20261124'],
      ['Сегодня', 'ds:20261125'],
      ['Завтра', 'ds:20261126'],
      ['26.11 ▶', 'ds:20261126'],
      ['Неделя', 'dw:20261125'],
      ['👤 Павел Иванов', 'ch:12'],
    ]);
    expect(r.state).toEqual({ v: 'schedule', a: 20261125 });
  });

  it('homework of a day: the text escaped, and a button for its files', () => {
    const r = renderHomeworkDay(t, mother, anna, {
      date: '2026-11-26',
      today: '2026-11-25',
      lessons: [lesson({ date: '2026-11-26', homework: 'Задачи 1 < 2 & 3', files: 2 })],
      movedFromTomorrow: false,
      timezone: 'Europe/Moscow',
    });
    expect(r.text).toContain('<b>2. Математика</b>\nЗадачи 1 &lt; 2 &amp; 3');
    expect(buttons(r.keyboard)).toContainEqual(['📎 26.11 Математика (2)', 'df:501']);
    expect(r.state).toEqual({ v: 'homework', a: 20261126 });
  });

  it('a notice in place of a view still names the child and offers the switch', () => {
    const r = renderNotice(t, mother, anna, 'diary-no-periods', 'marks');
    expect(r.text.startsWith('👤 <b>Анна Иванова</b>, 5А\n\n')).toBe(true);
    expect(buttons(r.keyboard)).toEqual([['👤 Павел Иванов', 'ch:12']]);
    expect(r.state).toEqual({ v: 'marks' });
  });

  it('the stale-feed note is shown only when the school is fed and behind', () => {
    const now = new Date('2026-11-25T09:00:00Z');
    expect(staleNote(t, { fed: false, stale: false, asOf: null }, 'Europe/Moscow', now)).toBeNull();
    expect(staleNote(t, { fed: true, stale: true, asOf: null }, 'Europe/Moscow', now)).toBe(
      '⚠️ Журнал школы ещё не загружен, данные могут быть неполными.',
    );
    expect(staleNote(t, { fed: true, stale: true, asOf: new Date('2026-11-25T08:30:00Z') }, 'Europe/Moscow', now)).toBe(
      '⚠️ Данные на 11:30, журнал школы временно недоступен.',
    );
  });
});
