# The diary for families: marks, homework, timetable, absences (feature: bot/features/diary/, core/diary/).

menu-marks = 📒 Отметки
menu-homework = 📚 Домашнее задание
menu-schedule = 🗓 Расписание
menu-absences = 🚫 Пропуски

cmd-marks = Отметки, средний балл и прогноз
cmd-homework = Домашнее задание
cmd-schedule = Расписание уроков
cmd-absences = Пропуски уроков

diary-not-family = Дневник ученика недоступен для вашей роли: этот раздел — для родителей и учеников.
diary-child = 👤 <b>{ $student }</b>, { $class }
diary-switch = 👤 { $student }
diary-period-selected = • { $name }
diary-no-periods = Учебные периоды этого года ещё не внесены в журнал. Отметки и пропуски появятся, когда школа их заведёт.
diary-no-marks-grade = В 1 классе отметки не ставятся (безотметочное обучение), поэтому раздела «Отметки» нет. Расписание и пропуски — в меню.
diary-no-homework-grade = В 1 классе домашние задания не задают. Расписание и пропуски — в меню.
diary-subject-subgroup = { $subject } ({ $subgroup })

# A mark's value as the journal writes it.
diary-mark-value = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}

# A work kind, short, in the list of a subject's marks.
diary-mark-kind = { $code ->
    [test] контр.
    [dictation] дикт.
    [essay] соч.
    [independent] самост.
    [check] провер.
    [practical] практ.
    [oral] устно
    [homework] д/з
    [classwork] на уроке
    [norm] норматив
   *[other] { $name }
}

## /marks

diary-marks-title = 📒 <b>Отметки</b> · { $period } ({ $from } — { $to })
diary-marks-fresh = 🆕 — новые с вашего прошлого просмотра: { $count }
diary-marks-empty = В этом периоде отметок пока нет.
diary-marks-subject = 📘 <b>{ $subject }</b>
diary-marks-no-numeric = Отметок с баллом пока нет — средний балл не считается.
diary-marks-average = Средний балл: <b>{ $average }</b> → «{ $rounded }»{ $trend }
diary-marks-trend-up = , за неделю ↑ +{ $delta }
diary-marks-trend-down = , за неделю ↓ −{ $delta }
diary-marks-trend-same = , за неделю без изменений
diary-marks-comment = 💬 { $date }, { $value }: { $comment }
diary-marks-forecast-top = 🎯 Прогноз: «5» — так держать!
diary-marks-forecast = 🎯 Прогноз: «{ $mark }». До «{ $target }» — ещё { $need } (вес { $weight })
diary-marks-forecast-only = 🎯 Прогноз: «{ $mark }»
diary-marks-fives = { $n ->
    [one] { $n } пятёрка
    [few] { $n } пятёрки
   *[many] { $n } пятёрок
}
diary-marks-fours = { $n ->
    [one] { $n } четвёрка
    [few] { $n } четвёрки
   *[many] { $n } четвёрок
}
diary-marks-or = { $a } или { $b }
diary-marks-period-mark = 🏁 Отметка за период: <b>{ $value }</b>
diary-marks-btn-chart = 📈 График
diary-marks-btn-summary = 🗂 Итоги года
diary-marks-btn-rules = ℹ️ Как считается
diary-marks-btn-overview = 📒 Все предметы

diary-subject-title = 📘 <b>{ $subject }</b> · { $period } ({ $from } — { $to })
diary-subject-none = В этом периоде отметок по предмету нет.
diary-subject-mark = { $date } — <b>{ $value }</b> · { $kind }, вес { $weight }
diary-subject-mark-fresh = 🆕 { $date } — <b>{ $value }</b> · { $kind }, вес { $weight }
diary-subject-topic = ↳ Тема: { $topic }
diary-subject-comment = ↳ 💬 { $comment }
diary-subject-count = Всего отметок: { $count }

diary-summary-title = 🗂 <b>Итоговые отметки за год</b>
diary-summary-empty = Предметов с отметками в этом году пока нет.
diary-summary-subject = Предмет
diary-summary-legend = ч — четверть, т — триместр, п — полугодие; «—» — отметка ещё не выставлена.
diary-period-short = { $kind ->
    [quarter] { $number }ч
    [trimester] { $number }т
    [halfYear] { $number }п
   *[year] Год
}

diary-chart-caption = 📈 { $student }, { $class } — { $period }: средний балл по неделям, полосы — пороги отметки за период.
diary-chart-title = { $student }, { $class }
diary-chart-subtitle = { $period }: средний балл по неделям
diary-chart-legend = Полосы отметки за период: «5» от { $t5 }, «4» от { $t4 }, «3» от { $t3 }
diary-chart-empty = В этом периоде отметок пока нет.
diary-chart-wait = Рисую график…

diary-rules =
    <b>Как считается средний балл</b>
    Средний балл — взвешенный: каждая отметка входит в него с весом своего вида работы. Отметки «осв», «н/а», «зач» и «безотм» в средний балл не входят.

    <b>Веса видов работ</b>
    { $weights }

    <b>Отметка за период</b>
    «5» — при среднем балле от { $t5 }, «4» — от { $t4 }, «3» — от { $t3 }, ниже — «2».
    Прогноз показывает, к какой отметке округляется средний балл сейчас и сколько пятёрок (или четвёрок) самого частого в предмете веса нужно до следующей.
diary-rules-weight = { $kind } — { $weight }

## /homework

diary-homework-title = 📚 <b>Домашнее задание на { $date }</b>
diary-homework-week-title = 📚 <b>Домашнее задание на неделю</b> ({ $from } — { $to })
diary-homework-next-day = Завтра уроков нет — показан ближайший учебный день.
diary-homework-no-lessons = На этот день уроков нет.
diary-homework-no-lessons-soon = В ближайшие две недели уроков нет.
diary-homework-entry = <b>{ $slot }. { $subject }</b>
diary-homework-not-set = задание не задано
diary-homework-cancelled = урок отменён
diary-homework-set-at = <i>задано { $time }</i>
diary-homework-files = 📎 файлов: { $count } — пришлю по кнопке ниже
diary-homework-day = <b>{ $date }</b>
diary-homework-day-none = заданий нет
diary-homework-btn-today = Сегодня
diary-homework-btn-tomorrow = Завтра
diary-homework-btn-week = Неделя
diary-homework-btn-files = 📎 { $subject } ({ $count })
diary-homework-files-caption = 📎 { $student }: { $subject }, задание на { $date }
diary-homework-files-none = К этому заданию файлов нет.

## /schedule

diary-schedule-title = 🗓 <b>Расписание на { $date }</b>
diary-schedule-week-title = 🗓 <b>Расписание на неделю</b> ({ $from } — { $to })
diary-schedule-no-lessons = Уроков нет.
diary-schedule-day = <b>{ $date }</b>
diary-schedule-now = ▶️ <b>Сейчас:</b> { $slot }-й урок — { $subject }, до { $until }{ $room }
diary-schedule-next = ⏭ <b>Следующий:</b> { $slot }-й урок — { $subject }, в { $at }{ $room }
diary-schedule-room = , каб. { $room }
diary-schedule-lesson = { $slot }. { $from }–{ $to } <b>{ $subject }</b>{ $room }
diary-schedule-cancelled = { $slot }. { $from }–{ $to } <s>{ $subject }</s> — ❌ урок отменён
diary-schedule-teacher = ↳ { $teacher }
diary-schedule-substitution = ↳ 🔁 Замена: ведёт { $substitute } (вместо { $teacher })
diary-schedule-topic = ↳ Тема: { $topic }
diary-schedule-absent = ↳ 🚫 Отсутствие: { $reason }
diary-schedule-late = ↳ ⏰ Опоздание
diary-schedule-btn-today = Сегодня
diary-schedule-btn-tomorrow = Завтра
diary-schedule-btn-week = Неделя

## /absences

diary-absences-title = 🚫 <b>Пропуски</b> · { $period } ({ $from } — { $to })
diary-absences-none = Пропусков нет.
diary-absences-total = Пропущено уроков: <b>{ $lessons }</b>, из них дней целиком: <b>{ $days }</b>
diary-absences-reasons = Причины: { $list }
diary-absences-reason-count = { $reason } — { $count }
diary-absences-late = Опозданий: { $count }
diary-absences-by-subject = <b>По предметам</b>
diary-absences-subject = { $subject } — { $count } ({ $list }){ $late }
diary-absences-subject-late-only = { $subject } — опозданий: { $count }
diary-absences-subject-late = , опозданий: { $count }
diary-absences-by-day = <b>По дням</b>
diary-absences-day-whole = { $date } — весь день ({ $count } ур.), { $reasons }
diary-absences-day = { $date } — { $missed } из { $held } ур., { $reasons }
diary-absence-reason = { $reason ->
    [illness] болезнь
    [excused] уважительная
    [unexcused] неуважительная
   *[unknown] не указана
}
