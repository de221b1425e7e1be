# The family's term at a glance: the Mini App's `term` screen (web/app/screens/term) and its API (web/server/routes/term.ts).
term-title = Успеваемость
term-child = { $name }, { $class }
term-children = Чья успеваемость
term-period = Период
term-no-marks = В 1 классе отметки не ставятся (безотметочное обучение).
term-no-periods = Учебные периоды этого года ещё не внесены в журнал.
term-no-homework = В 1 классе домашние задания не задают.
term-empty = В этом периоде отметок пока нет.

# The table of marks.
term-marks-title = Отметки
term-subject = Предмет
term-marks = Отметки
term-average = Средний
term-period-mark = Итог
term-average-rounded = Средний балл { $average } → «{ $rounded }»
term-trend-up = ↑ +{ $delta } за две недели
term-trend-down = ↓ −{ $delta } за две недели
term-trend-same = → без изменений за две недели
term-mark-value = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}

# The chart and its popover.
term-chart-title = График по предмету
term-chart-hint = Нажмите на отметку, чтобы увидеть вид работы, дату и комментарий учителя. Линия — средний балл, полосы — пороги итоговой отметки.
term-chart-label = { $subject }: отметки за { $period } и средний балл
term-chart-no-marks = По этому предмету в периоде нет отметок с баллом.
term-point-label = { $value }, { $kind }, { $date }
term-popover-kind = { $kind }, вес { $weight }
term-popover-topic = Тема урока: { $topic }
term-popover-comment = Комментарий учителя: { $comment }
term-popover-no-comment = Без комментария
term-popover-close = Закрыть

# Homework of the week.
term-homework-title = Домашнее задание: { $from } – { $to }
term-homework-none = На этой неделе заданий нет.
term-homework-prev = ◀ Неделя назад
term-homework-this = Эта неделя
term-homework-next = Неделя вперёд ▶
term-homework-cancelled = урок отменён
term-homework-no-text = задание в файле
term-file = 📎 { $name } · { $size }
term-file-size-kb = { $kb } КБ
term-file-size-mb = { $mb } МБ
term-file-sending = Отправляю файл…
term-file-sent = Файл отправлен в чат с ботом
term-file-caption = 📎 { $student }: { $subject }, задание на { $date }
# $messenger: the app's messenger (telegram, max): the button that starts a bot is named differently.
term-file-failed = Не удалось отправить файл: откройте чат с ботом, нажмите { $messenger ->
    [max] «Начать»
   *[other] «Старт»
  } и попробуйте ещё раз.
term-switched = Теперь в чате тоже { $name }
