import { describe, expect, it } from 'vitest';
import { AbsenceReportRefused } from '../core/absence-reports/index.js';
import type { AbsenceReport } from '../db/entities/index.js';
import { textsFor } from '../bot/i18n.js';
import * as button from '../bot/features/absence-reports/callbacks.js';
import { parseRange } from '../bot/features/absence-reports/range.js';
import {
  acceptedText,
  confirmView,
  datesView,
  lessonsView,
  myReportsView,
  pickChildView,
  reasonChosenText,
  refusalText,
  sentView,
} from '../bot/features/absence-reports/views.js';

const t = textsFor('ru');
const anna = { studentId: 7, firstName: 'Анна', lastName: 'Иванова', className: '5А' };
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttons = (kb: Keyboard) => kb.inline_keyboard.flat().map((b) => [b.text, b.callback_data]);
const report = (over: Partial<AbsenceReport>) =>
  ({
    id: 5,
    status: 'pending',
    reason: 'illness',
    reasonText: null,
    certificateFileId: null,
    ...over,
  }) as AbsenceReport;

describe('absence reports: screens', () => {
  it('the child, then the days: the buttons keep their old data', () => {
    const pick = pickChildView(t, [anna, { studentId: 9, firstName: 'Павел', lastName: 'Иванов' }]);
    expect(pick.text).toBe('Про кого сообщение об отсутствии?');
    expect(buttons(pick.keyboard)).toEqual([
      ['Анна Иванова', 'ab:7'],
      ['Павел Иванов', 'ab:9'],
    ]);
    const dates = datesView(t, anna);
    expect(dates.text).toBe('Когда Анна Иванова не будет в школе?');
    expect(buttons(dates.keyboard)).toEqual([
      ['Сегодня', 'ad:today'],
      ['Завтра', 'ad:tomorrow'],
      ['Несколько дней', 'ad:range'],
      ['Отдельные уроки сегодня', 'ad:lessons'],
      ['Мои сообщения', 'av:7'],
    ]);
  });

  it('lessons today: ticked ones marked, «Готово» last', () => {
    const lessons = [
      { lessonId: 11, date: '2026-11-27', slot: 1, subject: 'Математика', startsAt: '08:30' },
      { lessonId: 12, date: '2026-11-27', slot: 2, subject: 'Русский язык', startsAt: '09:25' },
    ];
    const v = lessonsView(t, anna, lessons, [12]);
    expect(v.text).toBe('Отметьте уроки, которые Анна пропустит сегодня, и нажмите «Готово».');
    expect(buttons(v.keyboard)).toEqual([
      ['▫️ 1. Математика (08:30)', 'al:11'],
      ['✅ 2. Русский язык (09:25)', 'al:12'],
      ['Готово', 'ad:done'],
    ]);
  });

  it('the reason chosen, the draft to confirm (names escaped), sent', () => {
    expect(reasonChosenText(t, 'family')).toBe('Причина отсутствия? Семейные обстоятельства');
    const v = confirmView(t, {
      child: { ...anna, lastName: 'Иванова <Ли>' },
      when: '27 ноября',
      reason: 'other',
      reasonText: 'к врачу',
      certificate: false,
    });
    expect(v.text).toBe(
      '<b>Сообщение об отсутствии</b>\nУченик: Анна Иванова &lt;Ли&gt;, 5А\nКогда: 27 ноября\nПричина: другое: к врачу\nСправка: будет позже\n\nОтправить классному руководителю?',
    );
    expect(buttons(v.keyboard)).toEqual([
      ['Отправить', 'ao:yes'],
      ['Отмена', 'ao:no'],
    ]);
    expect(buttons(sentView(t, report({})).keyboard!)).toEqual([['📎 Приложить справку', 'ac:5']]);
    expect(sentView(t, report({ certificateFileId: 'f' })).keyboard).toBeUndefined();
  });

  it("the family's list: «приложить» only where a справка is still due", () => {
    const v = myReportsView(t, anna, [
      { ...report({ id: 1, status: 'accepted' }), when: '23 ноября' },
      { ...report({ id: 2, status: 'rejected' }), when: '24 ноября' },
      { ...report({ id: 3, certificateFileId: 'f', reason: 'family' }), when: '25 ноября' },
    ]);
    expect(v.text).toBe(
      '<b>Сообщения об отсутствии: Анна Иванова</b>\n✅ 23 ноября — болезнь, без справки\n❌ 24 ноября — болезнь, без справки\n⏳ 25 ноября — семейные обстоятельства, справка есть',
    );
    expect(buttons(v.keyboard)).toEqual([['📎 Приложить справку: 23 ноября', 'ac:1']]);
    expect(myReportsView(t, anna, []).text).toBe('Сообщений об отсутствии пока нет.');
  });

  it("the class teacher's answer and the core's refusals in words", () => {
    expect(acceptedText(t, { child: anna, when: '27 ноября', lessons: 3, report: { reason: 'family' } })).toBe(
      '✅ Принято: Анна Иванова, 27 ноября. В журнал записано пропусков: 3 (причина: уважительная).',
    );
    expect(refusalText(t, new AbsenceReportRefused('pastTerm', { termEnd: '2026-12-27' }))).toBe(
      'Даты выходят за конец четверти (27 декабря). Сообщите об отсутствии в пределах четверти.',
    );
    expect(() => refusalText(t, new Error('db down'))).toThrow('db down');
  });
});

describe('absence reports: callback data and typed dates', () => {
  it('reads only its own words and ids', () => {
    expect(button.pickDates.unpack('ad:range')).toEqual({ choice: 'range' });
    expect(button.pickDates.unpack('ad:never')).toBeNull();
    expect(button.sendOrCancel.unpack('ao:maybe')).toBeNull();
    expect(button.accept.unpack('aa:0')).toBeNull();
    expect(button.accept.pack({ reportId: 42 })).toBe('aa:42');
  });

  it('«25.11–27.11» and «25.11» around today; nonsense is null', () => {
    expect(parseRange('25.11–27.11', '2026-11-20')).toEqual({ from: '2026-11-25', to: '2026-11-27' });
    expect(parseRange('25.11', '2026-11-20')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    expect(parseRange('5.1 - 9.1', '2026-12-28')).toEqual({ from: '2027-01-05', to: '2027-01-09' });
    expect(parseRange('31.11', '2026-11-20')).toBeNull();
    expect(parseRange('завтра', '2026-11-20')).toBeNull();
  });
});
