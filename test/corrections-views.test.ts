import { describe, expect, it } from 'vitest';
import { CorrectionRefused } from '../core/corrections/index.js';
import { textsFor } from '../bot/i18n.js';
import { pickEntry, reportFrom, reportFromData, viewOf } from '../bot/features/corrections/callbacks.js';
import { errorButton, pickEntryView, refusalText, requestsText, sentText } from '../bot/features/corrections/views.js';

const t = textsFor('ru');
const TZ = 'Europe/Moscow';
const anna = { firstName: 'Анна', lastName: 'Иванова' };
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttons = (kb: Keyboard) => kb.inline_keyboard.flat().map((b) => [b.text, b.callback_data]);

describe('correction requests: screens', () => {
  it('«⚠️ Сообщить об ошибке» names its diary view with real fields', () => {
    expect(errorButton(t, { kind: 'marks', subjectId: 3 })).toEqual({
      text: '⚠️ Сообщить об ошибке',
      data: 'el:marks.3',
    });
    expect(reportFromData({ kind: 'absences', periodId: 2 })).toBe('el:absences.2');
    expect(reportFromData({ kind: 'homework', date: '2026-11-27' })).toBe('el:homework.20261127');
  });

  it('the entries of a view, each with its own kind and id', () => {
    const v = pickEntryView(t, anna, [
      { type: 'mark', id: 41, date: '2026-11-23', subject: 'Математика', what: '2' },
      { type: 'attendance', id: 42, date: '2026-11-24', subject: 'Математика', what: 'late' },
      { type: 'homework', id: 43, date: '2026-11-25', subject: 'Русский язык', what: 'homework' },
    ]);
    expect(v.text).toBe('Какая запись ошибочна? (Анна Иванова)');
    expect(buttons(v.keyboard)).toEqual([
      ['23.11 — Математика: 2', 'ee:mark.41'],
      ['24.11 — Математика: опоздание', 'ee:attendance.42'],
      ['25.11 — Русский язык: домашнее задание', 'ee:homework.43'],
    ]);
  });

  it('/errors, the answer on sending, a refusal', () => {
    expect(
      requestsText(t, anna, [{ status: 'open', dueAt: new Date('2026-11-30T13:00:00Z'), what: 'отметка 2' }], TZ),
    ).toBe('<b>⚠️ Сообщения об ошибках: Анна Иванова</b>\n⏳ ждёт ответа до 30 ноября в 16:00: отметка 2');
    expect(sentText(t, { dueAt: new Date('2026-11-30T13:00:00Z'), deliverAt: null }, TZ)).toBe(
      '✅ Сообщение об ошибке отправлено учителю и заместителю директора. Срок ответа — до 30 ноября в 16:00. Статус: /errors',
    );
    expect(refusalText(t, new CorrectionRefused('open'), 2)).toBe('Об этой записи уже сообщено, ответ ещё ждём.');
    expect(() => refusalText(t, new Error('db down'), 2)).toThrow('db down');
  });
});

describe('correction requests: callback data', () => {
  it('reads a view back, and refuses a reference of the wrong kind', () => {
    expect(viewOf(reportFrom.unpack('el:marks.3')!)).toEqual({ kind: 'marks', subjectId: 3 });
    expect(viewOf(reportFrom.unpack('el:homework.20261127')!)).toEqual({ kind: 'homework', date: '2026-11-27' });
    expect(viewOf(reportFrom.unpack('el:homework.3')!)).toBeNull();
    // An id that happens to read as a day is still the id.
    expect(viewOf(reportFrom.unpack(reportFromData({ kind: 'marks', subjectId: 20261127 }))!)).toEqual({
      kind: 'marks',
      subjectId: 20261127,
    });
    expect(reportFrom.unpack('el:31')).toBeNull();
    expect(pickEntry.unpack('ee:mark.41')).toEqual({ type: 'mark', id: 41 });
    expect(pickEntry.unpack('ee:grade.41')).toBeNull();
    expect(pickEntry.unpack('ee:411')).toBeNull();
  });
});
