import { describe, expect, it } from 'vitest';
import { textsFor } from '../bot/i18n.js';
import * as cb from '../bot/features/consultations/callbacks.js';
import { askTimesView, sentText, teacherPickerView, whenText } from '../bot/features/consultations/views.js';

const t = textsFor('ru');
const TZ = 'Europe/Moscow';
const buttons = (kb: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  kb.inline_keyboard.filter((row) => row.length).map((row) => row.map((b) => [b.text, b.callback_data]));

describe('consultations views', () => {
  it('the teachers of the child, then the times or «Любое время»', () => {
    const v = teacherPickerView(t, { firstName: 'Анна', lastName: 'Иванова' }, [
      { staffId: 5, name: 'Кузнецов Олег', roles: ['teacher'], subjects: ['Математика'] },
    ]);
    expect(v.text).toBe('С кем нужна консультация? (Анна Иванова)');
    expect(buttons(v.keyboard)).toEqual([[['Кузнецов Олег', 'co:5']]]);
    expect(buttons(askTimesView(t).keyboard)).toEqual([[['Любое время', 'cs:any']]]);
  });

  it('what the family is told once the request is sent', () => {
    expect(sentText(t, 'Кузнецов Олег', null, TZ)).toBe(
      '✅ Запрос на консультацию отправлен: Кузнецов Олег. Ответ придёт сюда.',
    );
    expect(sentText(t, 'Кузнецов Олег', new Date('2026-11-24T12:00:00Z'), TZ)).toContain(
      'получит его 24 ноября в 15:00',
    );
    expect(whenText(t, 'consultations-confirmed', '2026-11-26T13:00:00Z', TZ)).toContain('26 ноября в 16:00');
  });

  it('a time the teacher accepts: the consultation and the place of the time, packed', () => {
    expect(cb.acceptTime.pack({ consultationId: 12, slot: 2 })).toBe('cy:12.2');
    expect(cb.acceptTime.unpack('cy:12.2')).toEqual({ consultationId: 12, slot: 2 });
    expect(cb.acceptTime.unpack('cy:122')).toBeNull();
    expect(cb.consultAbout.unpack('cm:new')).toEqual({ child: 'new' });
    expect(cb.consultAbout.unpack('cm:7')).toEqual({ child: 7 });
    expect(cb.consultAbout.unpack('cm:old')).toBeNull();
  });
});
