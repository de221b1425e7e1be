# The control panel (Mini App screen 4: web/app/screens/panel). The figures are the chat's /control (control.ftl).
panel-title = Контроль ведения журнала
panel-loading = Загрузка…
panel-crumb-school = Школа
panel-crumb-class = Класс
panel-crumb-teacher = Учитель
panel-crumb-student = Ученик
panel-crumb-lesson = Урок
panel-span = Период
panel-span-week = Последние 7 дней
panel-span-range = { $from } — { $to }
panel-read-only = Только просмотр: директор видит всё, изменения вносит заместитель директора.
panel-fig-marks = Без отметок
panel-fig-marks-value = { $none } из { $pairs } · с одной — { $one }
panel-fig-homework = ДЗ не внесено
panel-fig-homework-value = { $missing } из { $expected } · позже — { $late }
panel-fig-topics = Без темы
panel-fig-topics-value = { $count } из { $held }
panel-fig-attendance = Пропуски не в день урока
panel-fig-marks-late = Отметки позже срока
panel-fig-marks-late-value = { $count } из { $written }
panel-fig-families = Семьи не подключены
panel-fig-families-value = подключены { $connected } из { $students } · заходят — { $active }
panel-fig-changed = Замены и отмены
panel-fig-reports = Сообщения об ошибках
panel-fig-reports-value = { $open } · просрочено — { $overdue }
panel-chart-title = Уроки, заполненные вовремя, по неделям
panel-chart-hint = Доля проведённых уроков с темой и домашним заданием, внесённым в срок; срок, который ещё не наступил, не считается пропуском.
panel-chart-point = Неделя с { $monday }: { $filled } из { $held } ({ $pct }%)
panel-chart-empty = нет уроков
panel-classes = Классы
panel-col-class = Класс
panel-col-held = Уроков
panel-col-no-topic = Без темы
panel-col-hw-missing = Без ДЗ
panel-col-hw-late = ДЗ позже
panel-col-no-marks = Без отметок
panel-col-att-late = Пропуски не в день
panel-col-marks-late = Отметки позже
panel-col-fam-off = Семьи не подкл.
panel-col-teacher = Учитель
panel-col-subject = Предмет
panel-col-lessons-no-marks = Уроков без отметок
panel-teachers = Учителя и предметы
panel-students = Ученики
panel-col-student = Ученик
panel-col-subjects-no-marks = Предметов без отметок
panel-col-one-mark = С одной отметкой
panel-col-absences = Пропуски
panel-col-late = Опоздания
panel-lessons = Уроки
panel-col-date = Дата
panel-col-missing = Чего не хватает
panel-col-marks = Отметок
panel-col-marks-list = Отметки
panel-missing-topic = нет темы
panel-missing-homework = { $state ->
    [missing] нет ДЗ
   *[late] ДЗ позже срока
}
panel-missing-marks = нет отметок
panel-cancelled = отменён
panel-all-done = всё заполнено
panel-lesson-line = { $date }, { $slot } урок
panel-remind = Напомнить учителю
panel-remind-sending = Отправляю…
panel-remind-sent = Напоминание отправлено: уроков — { $count }.
panel-remind-nothing = Напоминать не о чем: все темы и задания внесены.
panel-remind-unlinked = Учитель не подключён к боту: напомнить через бот нельзя.
panel-student-marks = Отметки
panel-student-no-marks = В 1-м классе отметки не ставятся.
panel-col-average = Средний балл
panel-col-period-mark = Итоговая
panel-student-absences = Пропуски за период
panel-absences-line = Пропущено уроков: { $total } (болезнь — { $illness }, уважительная — { $excused }, неуважительная — { $unexcused }, без причины — { $unknown }); целых дней — { $days }; опозданий — { $late }.
panel-lesson-topic = Тема
panel-lesson-homework = Домашнее задание
panel-lesson-none = не записано
panel-lesson-teacher = Учитель
panel-lesson-substitute = (замена)
panel-lesson-attendance = Отсутствовали и опоздали
panel-lesson-attendance-none = Отсутствующих не отмечено.
panel-lesson-marks = Отметки ({ $count } из { $students })
panel-lesson-marks-none = Отметок нет.
panel-status = { $status ->
    [absent] отсутствовал(а)
   *[late] опоздал(а)
}
panel-reason = { $reason ->
    [illness] болезнь
    [excused] уважительная
    [unexcused] неуважительная
   *[unknown] без причины
}
panel-mark = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}
