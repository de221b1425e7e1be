# Absence reports: a guardian tells the class teacher of an absence for a valid reason (feature: bot/features/absence-reports/, core/absence-reports/).

absence-reports-menu-button = 📝 Сообщить об отсутствии
absence-reports-cmd = Сообщить об отсутствии ребёнка
absence-reports-not-guardian = Сообщить об отсутствии может родитель, подключённый к дневнику ребёнка.
absence-reports-pick-child = Про кого сообщение об отсутствии?
absence-reports-ask-dates = Когда { $child } не будет в школе?
absence-reports-dates-today = Сегодня
absence-reports-dates-tomorrow = Завтра
absence-reports-dates-range = Несколько дней
absence-reports-dates-lessons = Отдельные уроки сегодня
absence-reports-ask-range = Напишите даты одним сообщением, например: <b>25.11–27.11</b> (или одну дату: 25.11).
absence-reports-bad-range = Не удалось разобрать даты. Напишите так: <b>25.11–27.11</b> или одну дату: <b>25.11</b>.
absence-reports-pick-lessons = Отметьте уроки, которые { $child } пропустит сегодня, и нажмите «Готово».
absence-reports-lesson = { $mark ->
    [yes] ✅ { $slot }. { $subject } ({ $time })
   *[no] ▫️ { $slot }. { $subject } ({ $time })
}
absence-reports-lessons-done = Готово
absence-reports-lessons-none = Отметьте хотя бы один урок.
absence-reports-ask-reason = Причина отсутствия?
absence-reports-reason-illness = Болезнь
absence-reports-reason-family = Семейные обстоятельства
absence-reports-reason-other = Другое
absence-reports-ask-reason-text = Коротко опишите причину одним сообщением.
absence-reports-ask-certificate = Если есть справка, пришлите её сейчас — фото или PDF до 20 МБ. Или отправьте её позже.
absence-reports-certificate-later = Справку пришлю позже
absence-reports-confirm =
    <b>Сообщение об отсутствии</b>
    Ученик: { $child }, { $class }
    Когда: { $when }
    Причина: { $reason }
    Справка: { $certificate ->
        [yes] приложена
       *[no] будет позже
    }

    Отправить классному руководителю?
absence-reports-send = Отправить
absence-reports-cancel = Отмена
absence-reports-cancelled = Сообщение не отправлено.
absence-reports-sent = ✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.
absence-reports-attach-button = 📎 Приложить справку
absence-reports-attach-ask = Пришлите справку: фото или PDF до 20 МБ.
absence-reports-attached = 📎 Справка приложена к сообщению об отсутствии, классный руководитель её получит.
absence-reports-expect-file = Нужна справка: фото или PDF-файл до 20 МБ.
absence-reports-my-reports-button = Мои сообщения
absence-reports-my-reports = <b>Сообщения об отсутствии: { $child }</b>
absence-reports-my-reports-empty = Сообщений об отсутствии пока нет.
absence-reports-my-report = { $status ->
    [pending] ⏳
    [accepted] ✅
   *[rejected] ❌
} { $when } — { $reason }{ $certificate ->
    [yes] , справка есть
   *[no] , без справки
}

# Errors: nothing is saved.
absence-reports-error-order = Дата окончания раньше даты начала. Проверьте даты.
absence-reports-error-tooEarly = Сообщить можно об отсутствии не раньше { $earliest }. О более давних пропусках поговорите с классным руководителем.
absence-reports-error-pastTerm = Даты выходят за конец четверти ({ $termEnd }). Сообщите об отсутствии в пределах четверти.
absence-reports-error-noTerm = На эти даты нет учебного периода (каникулы). Сообщение не нужно.
absence-reports-error-overlap = На { $date } уже есть сообщение об отсутствии. Второе на те же уроки не нужно.
absence-reports-error-noLessons = В эти дни у ученика нет уроков.
absence-reports-error-fileTooBig = Файл больше 20 МБ. Пришлите фото справки или PDF поменьше.
absence-reports-error-fileType = Подойдёт фото или PDF-файл. Этот файл не принят.
absence-reports-error-notAllowed = Это сообщение недоступно.
absence-reports-error-notPending = По этому сообщению решение уже принято.
absence-reports-error-notFound = Это сообщение недоступно.

# The class teacher's side (through the delivery worker and in the chat).
absence-reports-reason-text = { $reason ->
    [illness] болезнь
    [family] семейные обстоятельства
   *[other] другое: { $text }
}
absence-reports-when-day = { $date }
absence-reports-when-range = { $from } – { $to }
absence-reports-when-lessons = { $date }, уроки: { $lessons }
absence-reports-new =
    📝 <b>Сообщение об отсутствии</b>
    { $child }, { $class } — от родителя ({ $guardian })
    Когда: { $when }
    Причина: { $reason }
    Справка: { $certificate ->
        [yes] приложена
       *[no] будет позже
    }
absence-reports-accept = ✅ Принять
absence-reports-reject = ❌ Отклонить
absence-reports-reply = 💬 Ответить
absence-reports-certificate-added = 📎 Справка к сообщению об отсутствии: { $child }, { $class }, { $when }.
absence-reports-reminder = ⏰ Сообщение об отсутствии ждёт решения больше учебного дня: { $child }, { $class }, { $when } ({ $reason }).
absence-reports-decided-accepted = ✅ Классный руководитель принял сообщение об отсутствии: { $child }, { $when }. Пропуски отмечены в журнале с причиной «{ $reason }».
absence-reports-decided-rejected = ❌ Классный руководитель отклонил сообщение об отсутствии: { $child }, { $when }.
    Комментарий: { $comment }
absence-reports-reject-ask = Напишите одним сообщением, почему сообщение отклонено — семья получит этот комментарий.
absence-reports-accepted-done = ✅ Принято: { $child }, { $when }. В журнал записано пропусков: { $count } (причина: { $reason }).
absence-reports-rejected-done = ❌ Отклонено: { $child }, { $when }. Семья получит ваш комментарий.
absence-reports-attendance-reason = { $reason ->
    [illness] болезнь
   *[excused] уважительная
}
