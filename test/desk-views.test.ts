import { describe, expect, it } from 'vitest';
import { textsFor } from '../bot/i18n.js';
import { askReason, deskHome, setReason } from '../bot/features/desk/callbacks.js';
import { absencesView, familiesView, reasonAskView, reasonDoneText, summaryView } from '../bot/features/desk/views.js';

const t = textsFor('ru');
type Kb = { inline_keyboard: { text: string; callback_data?: string }[][] };
const labels = (k: Kb) => k.inline_keyboard.flat().map((b) => b.text);
const data = (k: Kb) => k.inline_keyboard.flat().map((b) => b.callback_data);
const c5a = { classId: 5, name: '5А' };

describe('desk views', () => {
  it('the summary: the class at a glance, «Объявление классу» only for those who may announce', () => {
    const s = { students: 2, connected: 1, pending: 0, noCertificate: 0, unknown: 1, looking: 1, viewed: 2, unread: 0 };
    const view = summaryView(t, c5a, s, true);
    expect(view.text).toBe(
      [
        '<b>🗂 5А: кабинет классного руководителя</b>',
        '👪 Подключены семьи: 1 из 2; без доступа: 1 (им — распечатки)',
        '📝 Сообщения об отсутствии ждут решения: 0',
        '🚫 Пропуски этой недели без причины: 1 ур.',
        '👀 Смотрели дневник за 30 дней: 1 семей из 2',
        '✉️ Непрочитанных сообщений: 0',
      ].join('\n'),
    );
    expect(labels(view.keyboard)).toEqual([
      '🔑 Коды приглашения',
      '👪 Кто подключён',
      '📝 Отсутствия и причины',
      '👀 Как смотрят дневник',
      '✉️ Сообщения',
      '📣 Объявление классу',
    ]);
    expect(data(view.keyboard)).toEqual(['wc:5', 'wf:5', 'wa:5', 'wv:5', 'wm:5', 'ak:5']);
    expect(labels(summaryView(t, c5a, s, false).keyboard)).not.toContain('📣 Объявление классу');
  });

  it('who is connected: reissue where someone lacks access, revoke where a code is open', () => {
    const roster = [
      {
        studentId: 8,
        name: 'Борисов Борис',
        people: [
          { role: 'guardian' as const, guardianId: 3, name: 'Борисов Игорь', linked: false, openCodes: 1 },
          { role: 'student' as const, guardianId: null, name: 'Борисов Борис', linked: true, openCodes: 0 },
        ],
      },
    ];
    const view = familiesView(t, c5a, roster);
    expect(view.text).toBe(
      '<b>👪 5А: кто подключён</b>\nБорисов Борис: 🔑 Борисов Игорь, ✅ ученик\n\n✅ подключён · 🔑 код выдан, не использован · — нет доступа: нужна распечатка',
    );
    expect(labels(view.keyboard)).toEqual([
      '🔁 Борисов Борис: новые коды',
      '✖ Борисов Борис: отозвать коды',
      '◀ Кабинет',
    ]);
    expect(data(view.keyboard)).toEqual(['wr:8', 'wx:8', 'wd:5']);
  });

  it("the week's absences and the reason asked and recorded", () => {
    const week = {
      from: '2026-11-23',
      to: '2026-11-23',
      rows: [
        {
          studentId: 8,
          name: 'Борисов Борис',
          lessons: 1,
          byReason: { unknown: 1 },
          unknown: [{ lessonId: 1, date: '2026-11-23', slot: 1, subject: 'Математика' }],
        },
      ],
    };
    const view = absencesView(t, c5a, { reports: [], week });
    expect(view.text).toBe(
      '<b>📝 5А: сообщения об отсутствии</b>\nСообщений об отсутствии нет.\n\n<b>🚫 Причины отсутствия за неделю</b> (23 ноября – 23 ноября)\nБорисов Борис: пропущено уроков 1, без причины: 23.11 1 Математика',
    );
    expect(data(view.keyboard)).toEqual(['wz:8', 'wd:5']);
    const s = { studentId: 8, lastName: 'Борисов', firstName: 'Борис' };
    const ask = reasonAskView(t, s, 1);
    expect(ask.text).toBe('Причина пропусков без причины за эту неделю: Борисов Борис (1 ур.)');
    expect(labels(ask.keyboard)).toEqual(['Болезнь', 'Уважительная', 'Неуважительная']);
    expect(data(ask.keyboard)).toEqual(['wy:8.illness', 'wy:8.excused', 'wy:8.unexcused']);
    expect(reasonDoneText(t, s, 1, 'excused')).toBe('Записано: Борисов Борис, 1 ур. — Уважительная.');
  });

  it('codecs: the reason is a field of its own, not arithmetic on the id', () => {
    expect(setReason.unpack('wy:8.excused')).toEqual({ studentId: 8, reason: 'excused' });
    expect(setReason.unpack('wy:82')).toBeNull();
    expect(setReason.unpack('wy:8.late')).toBeNull();
    expect(askReason.pack({ studentId: 8 })).toBe('wz:8');
    expect(deskHome.unpack('wd:5А')).toBeNull();
  });
});
