import { describe, expect, it } from 'vitest';
import type { ControlReport } from '../core/control/figures.js';
import type { Panel } from '../core/control/service.js';
import { textsFor } from '../bot/i18n.js';
import { figureList, panelScreen, pickClass, summarySheet, toggleSetting } from '../bot/features/control/callbacks.js';
import {
  classesView,
  panelLabels,
  panelView,
  periodsView,
  settingsView,
  teachersView,
} from '../bot/features/control/views.js';

const t = textsFor('ru');
const labels = (k: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  k.inline_keyboard.map((row) => row.map((b) => b.text));
const data = (k: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  k.inline_keyboard.flat().map((b) => b.callback_data);

/** An empty report of the whole school for 09.11 — 25.11 (no lessons, no marks). */
const report = {
  scope: { schoolId: 1, from: '2026-11-09', to: '2026-12-28', teacherId: 7 },
  today: '2026-11-25',
  now: new Date('2026-11-25T07:00:00Z'),
  marks: { pairs: 0, none: [], one: [], bySubject: [] },
  lessonsHeld: 0,
  homeworkExpected: 0,
  homeworkLate: [],
  homeworkMissing: [],
  noTopic: [],
  attendanceLate: [],
  writtenMarks: 0,
  marksLate: [],
  families: { students: 0, connected: 0, active: 0, off: [], idle: [] },
  changed: [],
  corrections: [],
  settings: { digest: true, nudges: false, noHomeworkSubjectIds: [], writtenWorkDays: {} },
} as unknown as ControlReport;
const period = {
  id: 3,
  kind: 'quarter' as const,
  number: 2,
  name: '2 четверть',
  startsOn: '2026-11-09',
  endsOn: '2026-12-28',
};

describe('control panel views', () => {
  it('labels the scope and the span', () => {
    const panel: Panel = {
      report,
      scope: { kind: 'teacher', name: 'Петрова Елена Викторовна' },
      span: { ...period, from: period.startsOn, to: period.endsOn, period },
    };
    expect(panelLabels(t, panel, 'Europe/Moscow')).toEqual({
      scope: 'учитель Петрова Е. В.',
      period: '2 четверть',
      timezone: 'Europe/Moscow',
    });
    const week: Panel = {
      report,
      scope: { kind: 'class', name: '5А' },
      span: { from: '2026-11-19', to: '2026-11-25', period: null },
    };
    expect(panelLabels(t, week, 'Europe/Moscow')).toMatchObject({ scope: '5А класс', period: 'неделя' });
  });

  it('the panel: figures two to a row, navigation, settings and a reminder only for the deputy on a teacher', () => {
    const panel: Panel = {
      report,
      scope: { kind: 'school' },
      span: { from: period.startsOn, to: period.endsOn, period },
    };
    const l = panelLabels(t, panel, 'Europe/Moscow');
    const deputy = panelView(t, panel, l, { manage: true, teacherView: true });
    expect(deputy.text.split('\n').slice(0, 2)).toEqual([
      '<b>📊 Контроль ведения журнала</b>',
      'вся школа · 2 четверть: 09.11 — 25.11',
    ]);
    expect(deputy.text.split('\n').at(-1)).toBe(
      'Нажмите на показатель, чтобы открыть список. Как считается каждый показатель — в справке школы (docs/control-panel.md).',
    );
    expect(labels(deputy.keyboard).slice(0, 2)).toEqual([
      ['Без отметок (0)', 'Одна отметка (0)'],
      ['ДЗ не внесено (0)', 'ДЗ с опозданием (0)'],
    ]);
    expect(labels(deputy.keyboard).slice(6)).toEqual([
      ['🏫 Вся школа', '👥 Классы', '👩‍🏫 Учителя'],
      ['📅 Период', '📋 Сводная ведомость'],
      ['⚙️ Настройки', '🔔 Напомнить учителю'],
      ['🔄 Обновить'],
    ]);
    expect(data(deputy.keyboard)).toContain('kn:7');
    expect(data(deputy.keyboard)).toContain('kf:hwmissing');
    const lines = (j: ControlReport['journal']) =>
      panelView(t, { ...panel, report: { ...report, journal: j } }, l, { manage: true, teacherView: true })
        .text.split('\n')
        .filter((x) => x.startsWith('<b>Журнал школы</b>'));
    expect(lines({ record: 'internal', pending: 0, rejected: 0 })).toEqual([
      '<b>Журнал школы</b>: ведётся здесь, в боте',
    ]);
    expect(lines({ record: 'external', pending: 3, rejected: 1 })).toEqual([
      '<b>Журнал школы</b>: ведётся в электронном журнале школы; записи учителей передаются туда, ждут ответа журнала — 3, отклонено — 1',
    ]);
    expect(lines({ record: 'external', pending: 0, rejected: 0 })).toEqual([
      '<b>Журнал школы</b>: ведётся в электронном журнале школы; записи учителей передаются туда',
    ]);
    const director = panelView(t, panel, l, { manage: false, teacherView: true });
    expect(labels(director.keyboard).flat()).not.toContain('⚙️ Настройки');
    expect(labels(director.keyboard).flat()).not.toContain('🔔 Напомнить учителю');
  });

  it('pickers: classes four to a row, teachers by initials, periods with the last seven days', () => {
    const classes = [1, 2, 3, 4, 5].map((i) => ({ classId: i, name: `${i}А` }));
    const pick = classesView(t, classes, 'classes', '');
    expect(pick.text).toBe('Выберите класс:');
    expect(labels(pick.keyboard)).toEqual([['1А', '2А', '3А', '4А'], ['5А'], ['← К панели']]);
    expect(data(pick.keyboard)[0]).toBe('kc:1');
    const sheet = classesView(t, classes.slice(0, 1), 'sheet', '2 четверть');
    expect(sheet.text).toBe('<b>Сводная ведомость</b> за 2 четверть: выберите класс.');
    expect(data(sheet.keyboard)).toEqual(['ks:1', 'ko:home']);
    const teachers = teachersView(t, [{ id: 9, name: 'Кузнецов Олег' }]);
    expect([teachers.text, labels(teachers.keyboard)]).toEqual([
      'Выберите учителя:',
      [['Кузнецов О.'], ['← К панели']],
    ]);
    const periods = periodsView(t, [period]);
    expect(labels(periods.keyboard)).toEqual([['2 четверть'], ['неделя'], ['← К панели']]);
    expect(data(periods.keyboard)).toEqual(['kp:3', 'ko:week', 'ko:home']);
  });

  it('the settings: on and off, the subjects without homework two to a row', () => {
    const s = { digest: true, nudges: false, noHomeworkSubjectIds: [2], writtenWorkDays: {} };
    const subjects = [
      { id: 1, name: 'Математика' },
      { id: 2, name: 'Музыка' },
      { id: 3, name: 'Русский язык' },
    ];
    const view = settingsView(t, s, subjects);
    expect(view.text).toBe(
      [
        '<b>⚙️ Настройки контроля</b>',
        'Еженедельная сводка заместителю директора (понедельник, 08:00): включено.',
        'Напоминания учителям об уроках без домашнего задания или темы (понедельник, 08:00): выключено.',
        'Предметы без домашних заданий (не входят в «ДЗ не внесено»): Музыка.',
      ].join('\n'),
    );
    expect(labels(view.keyboard)).toEqual([
      ['✅ Сводка по понедельникам'],
      ['◻️ Напоминания учителям'],
      ['◻️ Математика', '✅ Музыка: без ДЗ'],
      ['◻️ Русский язык'],
      ['← К панели'],
    ]);
  });

  it('codecs keep the old data and refuse anything else', () => {
    expect(panelScreen.pack({ screen: 'settings' })).toBe('ko:settings');
    expect(pickClass.pack({ classId: 12 })).toBe('kc:12');
    expect(figureList.unpack('kf:famidle')).toEqual({ figure: 'famidle' });
    expect(toggleSetting.unpack('kx:everything')).toBeNull();
    expect(summarySheet.unpack('ks:5А')).toBeNull();
    expect(panelScreen.unpack('ko:')).toBeNull();
  });
});
