# The diary for families: marks, homework, timetable, absences (feature: bot/features/diary.ts, core/diary/).

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
mark-value = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}

# A work kind, short, in the list of a subject's marks.
mark-kind = { $code ->
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

marks-title = 📒 <b>Отметки</b> · { $period } ({ $from } — { $to })
marks-fresh = 🆕 — новые с вашего прошлого просмотра: { $count }
marks-empty = В этом периоде отметок пока нет.
marks-subject = 📘 <b>{ $subject }</b>
marks-no-numeric = Отметок с баллом пока нет — средний балл не считается.
marks-average = Средний балл: <b>{ $average }</b> → «{ $rounded }»{ $trend }
marks-trend-up = , за неделю ↑ +{ $delta }
marks-trend-down = , за неделю ↓ −{ $delta }
marks-trend-same = , за неделю без изменений
marks-comment = 💬 { $date }, { $value }: { $comment }
marks-forecast-top = 🎯 Прогноз: «5» — так держать!
marks-forecast = 🎯 Прогноз: «{ $mark }». До «{ $target }» — ещё { $need } (вес { $weight })
marks-forecast-only = 🎯 Прогноз: «{ $mark }»
marks-fives = { $n ->
    [one] { $n } пятёрка
    [few] { $n } пятёрки
   *[many] { $n } пятёрок
}
marks-fours = { $n ->
    [one] { $n } четвёрка
    [few] { $n } четвёрки
   *[many] { $n } четвёрок
}
marks-or = { $a } или { $b }
marks-period-mark = 🏁 Отметка за период: <b>{ $value }</b>
marks-btn-chart = 📈 График
marks-btn-summary = 🗂 Итоги года
marks-btn-rules = ℹ️ Как считается
marks-btn-overview = 📒 Все предметы

subject-title = 📘 <b>{ $subject }</b> · { $period } ({ $from } — { $to })
subject-none = В этом периоде отметок по предмету нет.
subject-mark = { $date } — <b>{ $value }</b> · { $kind }, вес { $weight }
subject-mark-fresh = 🆕 { $date } — <b>{ $value }</b> · { $kind }, вес { $weight }
subject-topic = ↳ Тема: { $topic }
subject-comment = ↳ 💬 { $comment }
subject-count = Всего отметок: { $count }

summary-title = 🗂 <b>Итоговые отметки за год</b>
summary-empty = Предметов с отметками в этом году пока нет.
summary-subject = Предмет
summary-legend = ч — четверть, т — триместр, п — полугодие; «—» — отметка ещё не выставлена.
period-short = { $kind ->
    [quarter] { $number }ч
    [trimester] { $number }т
    [halfYear] { $number }п
   *[year] Год
}

chart-caption = 📈 { $student }, { $class } — { $period }: средний балл по неделям, полосы — пороги отметки за период.
chart-title = { $student }, { $class }
chart-subtitle = { $period }: средний балл по неделям
chart-legend = Полосы отметки за период: «5» от { $t5 }, «4» от { $t4 }, «3» от { $t3 }
chart-empty = В этом периоде отметок пока нет.
chart-wait = Рисую график…

diary-rules =
    <b>Как считается средний балл</b>
    Средний балл — взвешенный: каждая отметка входит в него с весом своего вида работы. Отметки «осв», «н/а», «зач» и «безотм» в средний балл не входят.

    <b>Веса видов работ</b>
    { $weights }

    <b>Отметка за период</b>
    «5» — при среднем балле от { $t5 }, «4» — от { $t4 }, «3» — от { $t3 }, ниже — «2».
    Прогноз показывает, к какой отметке округляется средний балл сейчас и сколько пятёрок (или четвёрок) самого частого в предмете веса нужно до следующей.
diary-rules-weight = { $kind } — { $weight }

diary-help =
    <b>Дневник</b>
    /marks — отметки, средний балл, прогноз, график и итоги года
    /homework — домашнее задание на завтра, сегодня или неделю
    /schedule — расписание с заменами и отменами
    /absences — пропуски уроков по предметам и причинам
diary-help-children = /children — выбрать ребёнка
diary-help-rest =
    /settings — настройки, отвязка аккаунта, сообщение о компрометации
    /help — эта справка

## /homework

homework-title = 📚 <b>Домашнее задание на { $date }</b>
homework-week-title = 📚 <b>Домашнее задание на неделю</b> ({ $from } — { $to })
homework-next-day = Завтра уроков нет — показан ближайший учебный день.
homework-no-lessons = На этот день уроков нет.
homework-no-lessons-soon = В ближайшие две недели уроков нет.
homework-entry = <b>{ $slot }. { $subject }</b>
homework-not-set = задание не задано
homework-cancelled = урок отменён
homework-set-at = <i>задано { $time }</i>
homework-files = 📎 файлов: { $count } — пришлю по кнопке ниже
homework-day = <b>{ $date }</b>
homework-day-none = заданий нет
homework-btn-today = Сегодня
homework-btn-tomorrow = Завтра
homework-btn-week = Неделя
homework-btn-files = 📎 { $subject } ({ $count })
homework-files-caption = 📎 { $student }: { $subject }, задание на { $date }
homework-files-none = К этому заданию файлов нет.

## /schedule

schedule-title = 🗓 <b>Расписание на { $date }</b>
schedule-week-title = 🗓 <b>Расписание на неделю</b> ({ $from } — { $to })
schedule-no-lessons = Уроков нет.
schedule-day = <b>{ $date }</b>
schedule-now = ▶️ <b>Сейчас:</b> { $slot }-й урок — { $subject }, до { $until }{ $room }
schedule-next = ⏭ <b>Следующий:</b> { $slot }-й урок — { $subject }, в { $at }{ $room }
schedule-room = , каб. { $room }
schedule-lesson = { $slot }. { $from }–{ $to } <b>{ $subject }</b>{ $room }
schedule-cancelled = { $slot }. { $from }–{ $to } <s>{ $subject }</s> — ❌ урок отменён
schedule-teacher = ↳ { $teacher }
schedule-substitution = ↳ 🔁 Замена: ведёт { $substitute } (вместо { $teacher })
schedule-topic = ↳ Тема: { $topic }
schedule-absent = ↳ 🚫 Отсутствие: { $reason }
schedule-late = ↳ ⏰ Опоздание
schedule-btn-today = Сегодня
schedule-btn-tomorrow = Завтра
schedule-btn-week = Неделя

## /absences

absences-title = 🚫 <b>Пропуски</b> · { $period } ({ $from } — { $to })
absences-none = Пропусков нет.
absences-total = Пропущено уроков: <b>{ $lessons }</b>, из них дней целиком: <b>{ $days }</b>
absences-reasons = Причины: { $list }
absences-reason-count = { $reason } — { $count }
absences-late = Опозданий: { $count }
absences-by-subject = <b>По предметам</b>
absences-subject = { $subject } — { $count } ({ $list }){ $late }
absences-subject-late-only = { $subject } — опозданий: { $count }
absences-subject-late = , опозданий: { $count }
absences-by-day = <b>По дням</b>
absences-day-whole = { $date } — весь день ({ $count } ур.), { $reasons }
absences-day = { $date } — { $missed } из { $held } ур., { $reasons }
absence-reason = { $reason ->
    [illness] болезнь
    [excused] уважительная
    [unexcused] неуважительная
   *[unknown] не указана
}
