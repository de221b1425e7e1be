import { describe, expect, it } from 'vitest';
import type { InlineKeyboard } from 'grammy';
import type { TodayLesson } from '../core/today/index.js';
import { textsFor } from '../bot/i18n.js';
import * as cb from '../bot/features/today/callbacks.js';
import { askView, dayView, gridView, kindsView, lessonView } from '../bot/features/today/views.js';
import { marksView } from '../bot/features/today/marks-view.js';

const t = textsFor('ru');
const buttons = (kb: InlineKeyboard) =>
  kb.inline_keyboard.filter((row) => row.length).map((row) => row.map((b) => b.text));
const datas = (kb: InlineKeyboard) =>
  kb.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));

const lesson: TodayLesson = {
  lessonId: 42,
  schoolId: 1,
  classId: 3,
  className: '5А',
  grade: 5,
  subgroupId: null,
  subgroup: null,
  subject: 'Математика',
  subjectId: 7,
  date: '2026-11-23',
  slot: 1,
  startsAt: '08:00',
  endsAt: '08:45',
  topic: null,
  homework: null,
  cancelled: false,
  teacherId: 9,
  substituteTeacherId: null,
};
const roster = [
  { studentId: 11, lastName: 'Борисов', firstName: 'Борис', status: 'absent' as const },
  { studentId: 12, lastName: 'Иванова', firstName: 'Анна', status: 'present' as const },
];

describe('/today views', () => {
  it("the day's lessons: a line and a button each, an earlier day one tap away", () => {
    const v = dayView(t, {
      date: '2026-11-23',
      today: '2026-11-23',
      lessons: [lesson, { ...lesson, lessonId: 43, slot: 2, className: '6Б', topic: 'Дроби' }],
      others: [{ date: '2026-11-20', lessons: 3 }],
    });
    expect(v.text).toBe(
      '<b>Ваши уроки, пн, 23 ноября</b>\n\n1. 08:00 5А — Математика\n2. 08:00 6Б — Математика ✓\n\nЕщё можно заполнить уроки прошлых дней:',
    );
    expect(buttons(v.keyboard)).toEqual([
      ['1. 5А — Математика'],
      ['2. 6Б — Математика'],
      ['◀ пт, 20 ноября — 3 урока'],
    ]);
    expect(datas(v.keyboard)).toEqual(['tl:42', 'tl:43', 'td:20261120']);
    const earlier = dayView(t, { date: '2026-11-20', today: '2026-11-23', lessons: [], others: [] });
    expect(earlier.text).toBe('На пт, 20 ноября у вас нет уроков.');
    expect(datas(earlier.keyboard)).toEqual(['td:today']);
  });

  it("a lesson's card; grade 1 has no homework and no marks", () => {
    const v = lessonView(t, lesson, roster, { today: '2026-11-24', note: 'Тема урока сохранена.' });
    expect(v.text).toBe(
      'Тема урока сохранена.\n<b>5А, Математика</b>\nпн, 23 ноября, 1-й урок, 08:00–08:45\nТема: не указана\nДЗ: не задано\nУчеников: 2, отсутствуют: 1, опоздали: 0',
    );
    expect(buttons(v.keyboard)).toEqual([['✅ Посещаемость', '📖 Тема'], ['🏠 ДЗ', '✏️ Отметки'], ['◀ Мои уроки']]);
    expect(datas(v.keyboard)).toEqual(['ta:42', 'tp:42', 'th:42', 'tk:42', 'td:20261123']);
    const first = lessonView(t, { ...lesson, grade: 1 }, [], { today: '2026-11-23' });
    expect(first.text).toContain('В 1-х классах отметки и домашние задания не ставятся.');
    expect(buttons(first.keyboard)).toEqual([['✅ Посещаемость', '📖 Тема'], ['◀ Мои уроки']]);
  });

  it('the attendance grid: two students a row, the draft and place on each button', () => {
    const names = new Map([
      [11, 'Борисов Б.'],
      [12, 'Иванова А.'],
    ]);
    const v = gridView(t, lesson, 7, { students: [11, 12], statuses: [1, 2] }, names);
    expect(v.text).toBe(
      '<b>5А, Математика</b>\nНажмите на ученика: присутствует → отсутствует → опоздал. Отметки сохраняются по кнопке «Готово».\nУчеников: 2, отсутствуют: 1, опоздали: 1',
    );
    expect(buttons(v.keyboard)).toEqual([
      ['❌ Борисов Б.', '⏰ Иванова А.'],
      ['💾 Готово', '✖ Отмена'],
    ]);
    expect(datas(v.keyboard)).toEqual(['tt:7.0', 'tt:7.1', 'tf:7', 'tl:42']);
  });

  it('the questions for the topic and the homework say what is there now', () => {
    const v = askView(t, { ...lesson, subgroup: 'гр. 1', topic: 'Дроби' }, 'topic');
    expect(v.text).toBe('Напишите тему урока 5А (гр. 1), Математика одним сообщением. Сейчас: Дроби');
    expect(buttons(v.keyboard)).toEqual([['✖ Отмена']]);
    expect(askView(t, lesson, 'homework').text).toBe(
      'Напишите домашнее задание (можно прислать файл) для 5А, Математика одним сообщением.',
    );
  });

  it('work kinds, then the marks list with a row of marks per student', () => {
    const kinds = kindsView(t, lesson, 3, [{ name: 'Контрольная работа' }, { name: 'Устный ответ' }]);
    expect(kinds.text).toBe('<b>5А, Математика</b>\nВыберите вид работы:');
    expect(datas(kinds.keyboard)).toEqual(['tw:3.0', 'tw:3.1', 'tl:42']);
    const marks = new Map([[12, { markId: 1, studentId: 12, value: '4' as const, comment: 'Молодец' }]]);
    const v = marksView(t, lesson, 3, { students: [11, 12] }, { roster, marks, kind: 'Контрольная работа' });
    expect(v.text).toBe(
      '<b>5А, Математика</b>\nВид работы: Контрольная работа\n\n1. Борисов Борис (отсутствует) — нет отметки\n2. Иванова Анна — 4 «Молодец»\n\nНажмите отметку в строке ученика; нажатие на имя — комментарий к отметке.',
    );
    expect(buttons(v.keyboard)).toEqual([
      ['1. Борисов Б.: — 💬'],
      ['1', '2', '3', '4', '5', 'н/а', 'осв', '✖'],
      ['2. Иванова А.: 4 💬'],
      ['1', '2', '3', '4', '5', 'н/а', 'осв', '✖'],
      ['◀ Виды работ', '◀ К уроку'],
    ]);
    expect(datas(v.keyboard).slice(9, 11)).toEqual(['tc:3.1', 'tm:3.1.1']);
  });

  it('a long class is paged, six students a page', () => {
    const many = Array.from({ length: 13 }, (_, i) => 100 + i);
    const v = marksView(t, lesson, 3, { students: many, page: 1 }, { roster: [], marks: new Map(), kind: null });
    expect(buttons(v.keyboard).at(-2)).toEqual(['◀', '2 из 3', '▶']);
    expect(datas(v.keyboard).slice(-5, -2)).toEqual(['tg:3.0', 'tg:3.1', 'tg:3.2']);
  });
});

describe('/today callback data', () => {
  it('reads back what it packs; a forged or malformed payload is null', () => {
    expect(cb.dayList.unpack('td:today')).toEqual({ day: 'today' });
    expect(cb.dayList.unpack('td:20261127')).toEqual({ day: '2026-11-27' });
    expect(cb.dayList.unpack('td:20261399')).toBeNull();
    expect(cb.markSet.unpack('tm:999.1.5')).toEqual({ draft: 999, place: 1, mark: 5 });
    expect(cb.markSet.unpack('tm:9990015')).toBeNull();
    expect(cb.attendanceToggle.unpack('tt:0.1')).toBeNull();
    expect(cb.lessonCard.unpack('tl:0')).toBeNull();
  });
});
