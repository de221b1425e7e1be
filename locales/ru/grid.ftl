# The teacher's journal grid in the Mini App (web/app/screens/grid, web/server/routes/grid.ts).
grid-refused-closed = Срок внесения записей за этот урок истёк.
grid-refused-future = Урок ещё не прошёл: заполнить его можно в день урока.
grid-refused-cancelled = Урок отменён.
grid-refused-notYours = Урок ведёт другой учитель.
grid-refused-substituted = Урок провёл заменяющий учитель: записи вносит он.
grid-refused-readOnly = Вы не ведёте уроки здесь: журнал открыт для просмотра.
grid-refused-noMarks = В 1 классе отметки и домашние задания не ставятся.
grid-conflict = Запись уже изменили, пока вы её правили.

grid-title = Журнал
grid-pick-class = Класс и предмет
grid-pick-period = Период
grid-none = Вы не ведёте уроки в этом учебном году.
grid-no-lessons = За этот период уроков нет.
grid-no-students = В классе нет учеников.
grid-read-only = Только просмотр: вы не ведёте уроки здесь.
grid-grade-no-marks = 1 класс: только посещаемость, без отметок.
grid-kind = Вид работы
grid-student = Ученик
grid-topic = Тема
grid-homework = ДЗ
grid-average = Ср.
grid-period-mark = Итог
grid-suggested = По среднему: { $mark }
grid-lesson-head = { $date }, { $slot }-й урок
grid-substituted = замена
grid-cancelled = отменён
grid-undo = ↶ Отменить
grid-undo-hint = Вернуть последнее изменение (Ctrl+Z)
grid-cancel-edit = ✖ Отмена
grid-save = Сохранить
grid-comment = Комментарий к отметке
grid-comment-edit = 💬 Комментарий
grid-edit-topic = Тема урока { $date }
grid-edit-homework = Домашнее задание { $date }
grid-clear = Стереть
grid-done = Готово
grid-saving = Сохраняется…
grid-saved = Сохранено
grid-conflict-text = { $who } уже записано: { $theirs }. Ваше: { $mine }.
grid-conflict-someone = В ячейке
grid-keep-theirs = Оставить их
grid-write-mine = Записать моё
grid-empty = пусто
grid-present = присутствовал
grid-legend = 1–5 — отметка выбранного вида работы, н — отсутствовал, б — по болезни, у — по уважительной причине, о — опоздал, Backspace — стереть, Enter — комментарий, ←↑→↓ — перемещение, Ctrl+Z — отменить.
grid-legend-no-marks = н — отсутствовал, б — по болезни, у — по уважительной причине, о — опоздал, Backspace — стереть, ←↑→↓ — перемещение, Ctrl+Z — отменить.
grid-att-absent = н
grid-att-illness = б
grid-att-excused = у
grid-att-late = о
grid-att-absent-title = Отсутствовал
grid-att-illness-title = Отсутствовал по болезни
grid-att-excused-title = Отсутствовал по уважительной причине
grid-att-unexcused-title = Отсутствовал без уважительной причины
grid-att-late-title = Опоздал
grid-mark-exempt = осв
grid-mark-notAttested = н/а
grid-mark-pass = зач
grid-mark-noMarks = безотм
grid-none-set = —
grid-load-failed = Не удалось загрузить журнал: { $reason }
grid-refused-journalReadOnly = Электронный журнал школы пока не принимает записи отсюда: внесите это прямо в нём.
grid-refused-notInJournal = Этого урока или ученика нет в журнале школы: запись не отправлена.

# The teacher's entries for the school's e-journal (a school whose journal of record is its e-journal).
grid-journal-title = Журнал школы
grid-journal-line = { $status ->
    [queued] 📤
    [sent] 📤
    [accepted] ✅
    [applied] ✅
    [conflict] ⚠️
   *[rejected] ❌
} { $when } — { $what }: { $status ->
    [queued] отправлено в журнал школы
    [sent] отправлено в журнал школы
    [accepted] принято
    [applied] принято
    [conflict] в журнале школы «{ $theirs }», вы ставили «{ $ours }»; оставлено значение журнала школы, чтобы поставить своё, введите его снова
   *[rejected] отклонено: { $reason }
}
grid-journal-what = { $kind ->
    [mark] отметка { $student } «{ $value }»
    [markDeleted] удаление отметки { $student }
    [attendance] посещаемость { $student }
    [topic] тема урока
    [periodMark] отметка за период { $student } «{ $value }»
   *[homework] домашнее задание
}
