import { describe, expect, it } from 'vitest';
import { textsFor } from '../bot/i18n.js';
import { entryLines, journalRefusal } from '../bot/features/today/entries-view.js';
import { JournalReadOnlyError } from '../core/feed/entries/mode.js';

/** What the teacher sees on the lesson card of a school whose journal of record is its e-journal. */
const t = textsFor('ru');

describe('/today: entries for the school e-journal', () => {
  it('sent → accepted, rejected with the reason, a conflict with both values', () => {
    const mark = (value: string) => ({ student: 'Иванова Анна', value, deleted: false });
    expect(
      entryLines(t, [
        { kind: 'mark.set', status: 'sent', after: mark('5'), reason: null, theirs: null },
        { kind: 'mark.set', status: 'applied', after: mark('4'), reason: null, theirs: null },
        {
          kind: 'attendance.set',
          status: 'rejected',
          after: { student: 'Петров Пётр', status: 'absent' },
          reason: 'Период закрыт: изменения за 20.10.2026 не принимаются.',
          theirs: null,
        },
        {
          kind: 'mark.set',
          status: 'conflict',
          after: mark('4'),
          reason: 'В журнале школы это значение уже изменили.',
          theirs: { data: { value: '2' } },
        },
      ]),
    ).toEqual([
      '<b>Журнал школы:</b>',
      '📤 отметка Иванова Анна «5»: отправлено в журнал школы',
      '✅ отметка Иванова Анна «4»: принято',
      '❌ посещаемость Петров Пётр (отсутствует): отклонено: Период закрыт: изменения за 20.10.2026 не принимаются.',
      '⚠️ отметка Иванова Анна «4»: в журнале школы «2», вы ставили «4»; оставлено значение журнала школы',
    ]);
    expect(entryLines(t, [])).toEqual([]);
  });

  it('a read-only e-journal (protocol v1): the teacher is told to enter it there', () => {
    const key = journalRefusal(new JournalReadOnlyError());
    expect(key && t.t(key)).toBe('Электронный журнал школы пока не принимает записи отсюда: внесите это прямо в нём.');
    expect(journalRefusal(new Error('x'))).toBeNull();
  });
});
