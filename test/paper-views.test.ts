import { describe, expect, it } from 'vitest';
import type { PaperFile } from '../db/entities/index.js';
import { textsFor } from '../bot/i18n.js';
import { paperFile, paperMenu, printUnlinked, sheetOfPeriod } from '../bot/features/paper/callbacks.js';
import { filesView, menuView, periodsView } from '../bot/features/paper/views.js';

const t = textsFor('ru');
type Kb = { inline_keyboard: { text: string; callback_data?: string }[][] };
const labels = (k: Kb) => k.inline_keyboard.map((row) => row.map((b) => b.text));
const data = (k: Kb) => k.inline_keyboard.flat().map((b) => b.callback_data);
const c5a = { classId: 5, name: '5А' };

describe('paper views', () => {
  it('the menu: printouts for the families without access only when there are some', () => {
    const menu = menuView(t, c5a, { from: '2026-11-12', to: '2026-11-25' }, 1, 3);
    expect(menu.text).toBe(
      [
        '<b>Распечатки, 5А</b>',
        'Выписка из дневника за две недели (с 12.11 по 25.11): отметки с датами, средние баллы, пропуски и домашние задания — по странице на ученика.',
        'Семей без доступа к боту: 1.',
      ].join('\n'),
    );
    expect(labels(menu.keyboard)).toEqual([
      ['🖨 Для семей без доступа (1)'],
      ['🖨 Для всего класса (3)'],
      ['📋 Сводная ведомость', '📂 Готовые файлы'],
    ]);
    expect(data(menu.keyboard)).toEqual(['pu:5', 'pa:5', 'pv:5', 'pl:5']);
    const everyone = menuView(t, c5a, { from: '2026-11-12', to: '2026-11-25' }, 0, 3);
    expect(labels(everyone.keyboard)[0]).toEqual(['🖨 Для всего класса (3)']);
  });

  it('periods three to a row; files a button each, or none', () => {
    const periods = [1, 2, 3, 4].map((n) => ({ id: n, name: `${n} четверть` }));
    expect(labels(periodsView(t, c5a, periods).keyboard)).toEqual([
      ['1 четверть', '2 четверть', '3 четверть'],
      ['4 четверть'],
    ]);
    const file = {
      id: 40,
      kind: 'summarySheet',
      format: 'csv',
      periodId: 2,
      fromDate: '2026-11-09',
      toDate: '2026-12-28',
      studentIds: [1, 2],
    } as Omit<PaperFile, 'content'>;
    const files = filesView(t, c5a, [file], new Map([[2, '2 четверть']]));
    expect(files.text).toBe('<b>Готовые файлы, 5А</b>');
    expect(labels(files.keyboard)).toEqual([['📋 Ведомость, 2 четверть (CSV)']]);
    expect(data(files.keyboard)).toEqual(['pf:40']);
    expect(filesView(t, c5a, [], new Map()).text).toBe('Готовых файлов пока нет.');
  });

  it('codecs keep the old data and refuse a class name for an id', () => {
    expect(paperMenu.pack({ classId: 12 })).toBe('pp:12');
    expect(paperMenu.unpack('pp:6Б')).toBeNull();
    expect(printUnlinked.unpack('pu:5А')).toBeNull();
    expect(sheetOfPeriod.unpack('pq:7')).toEqual({ periodId: 7 });
    expect(paperFile.unpack('pf:0')).toBeNull();
  });
});
