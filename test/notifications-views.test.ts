import { describe, expect, it } from 'vitest';
import type { InlineKeyboard } from 'grammy';
import { defaultPreferences } from '../core/notifications/preferences.js';
import { textsFor } from '../bot/i18n.js';
import * as cb from '../bot/features/notifications/callbacks.js';
import { averageScreen, quietScreen, settingsScreen } from '../bot/features/notifications/views.js';

const t = textsFor('ru');
const buttons = (kb: InlineKeyboard) =>
  kb.inline_keyboard.flat().map((b) => [b.text, 'callback_data' in b ? b.callback_data : '']);

describe('notification settings callbacks', () => {
  it('keep their old data', () => {
    expect(cb.settingsPage.pack({ page: 'menu' })).toBe('nt:menu');
    expect(cb.kindToggle.pack({ kind: 'periods' })).toBe('nk:periods');
    expect(cb.quietChoice.pack({ quiet: cb.quietCode('22:00-07:00') })).toBe('nq:2207');
    expect(cb.averageChoice.pack({ value: 35 })).toBe('nv:35');
    expect(cb.averageChoice.pack({ value: 'off' })).toBe('nv:off');
    expect(cb.streakChoice.unpack('nb:3')).toEqual({ value: 3 });
  });

  it('refuse what was never offered', () => {
    for (const [codec, data] of [
      [cb.kindToggle, 'nk:bogus'],
      [cb.quietChoice, 'nq:1234'],
      [cb.settingsPage, 'nt:nothing'],
      [cb.averageChoice, 'nv:abc'],
    ] as const)
      expect(codec.unpack(data)).toBeNull();
  });
});

describe('notification settings screens', () => {
  it('a grade-1 child: no marks or homework kinds, no average threshold', () => {
    const s = settingsScreen(t, '21:00-08:00', {
      name: 'Мила Милова',
      prefs: defaultPreferences(),
      keepsMarks: false,
      several: false,
    });
    expect(s.text).toMatch(/^🔔 <b>Уведомления — Мила Милова<\/b>/);
    expect(buttons(s.keyboard)).toEqual([
      ['Пропуски и опоздания: сразу', 'nk:absence'],
      ['Изменения расписания: сразу', 'nk:lessons'],
      ['Вечерняя сводка: вкл.', 'nk:evening'],
      ['Итоги недели: вкл.', 'nk:weekly'],
      ['🌙 Тихие часы: 21:00–08:00', 'nt:quiet'],
      ['🚨 Пропусков подряд: не следить', 'nt:streak'],
    ]);
  });

  it('staff see quiet hours only', () => {
    const s = settingsScreen(t, 'off', null);
    expect(s.text).toMatch(/^🔔 <b>Уведомления<\/b>/);
    expect(buttons(s.keyboard)).toEqual([['🌙 Тихие часы: выключены', 'nt:quiet']]);
  });

  it('the quiet hours and average screens offer the choices and a way back', () => {
    expect(buttons(quietScreen(t, '21:00-08:00').keyboard)).toEqual([
      ['21:00–08:00', 'nq:2108'],
      ['22:00–07:00', 'nq:2207'],
      ['20:00–09:00', 'nq:2009'],
      ['выключены', 'nq:off'],
      ['← Назад', 'nt:back'],
    ]);
    const avg = averageScreen(t, 3.5);
    expect(avg.text).toContain('Сейчас: 3,5.');
    expect(buttons(avg.keyboard).map(([label]) => label)).toEqual(['3', '3,5', '4', '4,5', 'не следить', '← Назад']);
  });
});
