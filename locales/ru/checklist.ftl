# The student's homework checklist (feature: bot/features/checklist/, core/checklist/). Ticks never reach the journal.

checklist-done-mark = ✅ сделано
checklist-parent-done-mark = ✅ отмечено сделанным
checklist-tick = ☐ { $subject }
checklist-untick = ✅ { $subject }
checklist-week-button = 📋 Что осталось на неделе
checklist-week-title = <b>📋 Осталось сделать</b> ({ $from } — { $to })
checklist-week-none = Всё отмечено сделанным — или заданий пока нет. 🎉
checklist-left-day = <b>{ $date }</b>
checklist-left-line = ☐ <b>{ $subject }</b>: { $text }
checklist-week-more = …и ещё { $count }
checklist-reminder-state = { $time ->
    [none] ⏰ Напоминание: выкл
   *[other] ⏰ Напоминание: в { $time }
}
checklist-reminder-pick = <b>⏰ Напоминание</b>
    В выбранное время я пришлю задания на завтра, которые ещё не отмечены сделанными. Видите его только вы.
checklist-reminder-time = { $time }
checklist-reminder-off = Выключить
checklist-reminder-set = { $time ->
    [none] Напоминание выключено.
   *[other] Напомню в { $time } о заданиях на завтра, которые не отмечены.
}
checklist-back = ← К списку
checklist-ticked = Отмечено: сделано.
checklist-unticked = Отметка снята.
checklist-reminder-title = <b>⏰ На завтра ({ $date }) не отмечено сделанным: { $count }</b>
checklist-reminder-hint = Отметить — в /homework.
checklist-cmd = Что осталось сделать
checklist-only-student = Список «что осталось сделать» ведёт сам ученик в своём аккаунте.
