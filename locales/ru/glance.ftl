# The class at a glance (Mini App screen 2: web/app/screens/glance).
glance-title = Класс { $class }
glance-class = Класс
glance-period = Период
glance-loading = Загрузка…
glance-read-only = Только просмотр: причины пропусков указывает классный руководитель.
glance-no-marks = В { $grade }-м классе отметки не ставятся: средних баллов нет.
glance-no-periods = Учебные периоды этого года ещё не заведены.
glance-no-students = В классе нет учеников.
glance-student = Ученик
glance-connected = Подключены
glance-connected-cell = { $linked } из { $total }
glance-connected-title = { $names }
glance-person-linked = { $name } — подключён(а)
glance-person-off = { $name } — нет доступа
glance-legend = Средний балл за период (цвет — отметка, к которой он округляется), жирным — итоговая отметка.
glance-mark = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}
glance-week-title = Пропуски без причины за неделю
glance-week-range = { $from } — { $to }
glance-week-none = Пропусков без указанной причины на этой неделе нет.
glance-lessons = { $count ->
    [one] { $count } урок
    [few] { $count } урока
   *[many] { $count } уроков
}
glance-lesson = { $date }, { $slot } урок, { $subject }
glance-reason-pick = Причина…
glance-reason = { $reason ->
    [illness] Болезнь
    [excused] Уважительная
   *[unexcused] Неуважительная
}
glance-saving = Сохраняю…
glance-saved = Сохранено
glance-conflict = Причину уже указали — обновите страницу.
