# Absence reports: a guardian tells the class teacher of an absence for a valid reason (feature: bot/features/absence-reports.ts, core/absence-reports/).

abr-menu-button = 📝 Сообщить об отсутствии
abr-cmd = Сообщить об отсутствии ребёнка
abr-not-guardian = Сообщить об отсутствии может родитель, подключённый к дневнику ребёнка.
abr-pick-child = Про кого сообщение об отсутствии?
abr-ask-dates = Когда { $child } не будет в школе?
abr-dates-today = Сегодня
abr-dates-tomorrow = Завтра
abr-dates-range = Несколько дней
abr-dates-lessons = Отдельные уроки сегодня
abr-ask-range = Напишите даты одним сообщением, например: <b>25.11–27.11</b> (или одну дату: 25.11).
abr-bad-range = Не удалось разобрать даты. Напишите так: <b>25.11–27.11</b> или одну дату: <b>25.11</b>.
abr-pick-lessons = Отметьте уроки, которые { $child } пропустит сегодня, и нажмите «Готово».
abr-lesson = { $mark ->
    [yes] ✅ { $slot }. { $subject } ({ $time })
   *[no] ▫️ { $slot }. { $subject } ({ $time })
}
abr-lessons-done = Готово
abr-lessons-none = Отметьте хотя бы один урок.
abr-ask-reason = Причина отсутствия?
abr-reason-illness = Болезнь
abr-reason-family = Семейные обстоятельства
abr-reason-other = Другое
abr-ask-reason-text = Коротко опишите причину одним сообщением.
abr-ask-certificate = Если есть справка, пришлите её сейчас — фото или PDF до 20 МБ. Или отправьте её позже.
abr-certificate-later = Справку пришлю позже
abr-confirm =
    <b>Сообщение об отсутствии</b>
    Ученик: { $child }, { $class }
    Когда: { $when }
    Причина: { $reason }
    Справка: { $certificate ->
        [yes] приложена
       *[no] будет позже
    }

    Отправить классному руководителю?
abr-send = Отправить
abr-cancel = Отмена
abr-cancelled = Сообщение не отправлено.
abr-sent = ✅ Сообщение отправлено классному руководителю. О решении мы напишем сюда.
abr-attach-button = 📎 Приложить справку
abr-attach-ask = Пришлите справку: фото или PDF до 20 МБ.
abr-attached = 📎 Справка приложена к сообщению об отсутствии, классный руководитель её получит.
abr-expect-file = Нужна справка: фото или PDF-файл до 20 МБ.
abr-my-reports-button = Мои сообщения
abr-my-reports = <b>Сообщения об отсутствии: { $child }</b>
abr-my-reports-empty = Сообщений об отсутствии пока нет.
abr-my-report = { $status ->
    [pending] ⏳
    [accepted] ✅
   *[rejected] ❌
} { $when } — { $reason }{ $certificate ->
    [yes] , справка есть
   *[no] , без справки
}

# Errors: nothing is saved.
abr-error-order = Дата окончания раньше даты начала. Проверьте даты.
abr-error-tooEarly = Сообщить можно об отсутствии не раньше { $earliest }. О более давних пропусках поговорите с классным руководителем.
abr-error-pastTerm = Даты выходят за конец четверти ({ $termEnd }). Сообщите об отсутствии в пределах четверти.
abr-error-noTerm = На эти даты нет учебного периода (каникулы). Сообщение не нужно.
abr-error-overlap = На { $date } уже есть сообщение об отсутствии. Второе на те же уроки не нужно.
abr-error-noLessons = В эти дни у ученика нет уроков.
abr-error-fileTooBig = Файл больше 20 МБ. Пришлите фото справки или PDF поменьше.
abr-error-fileType = Подойдёт фото или PDF-файл. Этот файл не принят.
abr-error-notAllowed = Это сообщение недоступно.
abr-error-notPending = По этому сообщению решение уже принято.
abr-error-notFound = Это сообщение недоступно.

# The class teacher's side (through the delivery worker and in the chat).
abr-reason-text = { $reason ->
    [illness] болезнь
    [family] семейные обстоятельства
   *[other] другое: { $text }
}
abr-when-day = { $date }
abr-when-range = { $from } – { $to }
abr-when-lessons = { $date }, уроки: { $lessons }
abr-new =
    📝 <b>Сообщение об отсутствии</b>
    { $child }, { $class } — от родителя ({ $guardian })
    Когда: { $when }
    Причина: { $reason }
    Справка: { $certificate ->
        [yes] приложена
       *[no] будет позже
    }
abr-accept = ✅ Принять
abr-reject = ❌ Отклонить
abr-reply = 💬 Ответить
abr-certificate-added = 📎 Справка к сообщению об отсутствии: { $child }, { $class }, { $when }.
abr-reminder = ⏰ Сообщение об отсутствии ждёт решения больше учебного дня: { $child }, { $class }, { $when } ({ $reason }).
abr-decided-accepted = ✅ Классный руководитель принял сообщение об отсутствии: { $child }, { $when }. Пропуски отмечены в журнале с причиной «{ $reason }».
abr-decided-rejected = ❌ Классный руководитель отклонил сообщение об отсутствии: { $child }, { $when }.
    Комментарий: { $comment }
abr-reject-ask = Напишите одним сообщением, почему сообщение отклонено — семья получит этот комментарий.
abr-accepted-done = ✅ Принято: { $child }, { $when }. В журнал записано пропусков: { $count } (причина: { $reason }).
abr-rejected-done = ❌ Отклонено: { $child }, { $when }. Семья получит ваш комментарий.
abr-attendance-reason = { $reason ->
    [illness] болезнь
   *[excused] уважительная
}
