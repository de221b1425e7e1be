# Individual consultations: a guardian asks, the teacher accepts a time, proposes another or declines; reminders the day before
# (feature: bot/features/consultations/, core/consultations/).

consultations-button = 📅 Консультация с учителем
consultations-cmd = Записаться на консультацию
consultations-pick-child = О каком ребёнке консультация?
consultations-pick-teacher = С кем нужна консультация? ({ $child })
consultations-ask-times = Предложите до 3 удобных вариантов одним сообщением через запятую, например: <b>26.11 15:30, 27.11 16:00</b>. Или нажмите «Любое время».
consultations-any = Любое время
consultations-bad-times = Не удалось разобрать время. Напишите так: <b>26.11 15:30</b> (до 3 вариантов через запятую).
consultations-sent = ✅ Запрос на консультацию отправлен: { $teacher }. Ответ придёт сюда.
consultations-sent-later = ✅ Запрос на консультацию принят. { $teacher } получит его { $at } — в часы приёма; ответ придёт сюда.
consultations-not-guardian = Записаться на консультацию может родитель, подключённый к дневнику ребёнка.
consultations-error-notAllowed = Эта консультация недоступна.
consultations-error-notContact = С этим сотрудником консультацию запросить нельзя.
consultations-error-badTimes = Можно предложить не больше 3 вариантов.
consultations-error-past = Это время уже прошло. Предложите время в будущем.
consultations-error-decided = По этому запросу уже есть ответ.
consultations-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
consultations-to-teacher =
    📅 <b>Запрос консультации</b> — родитель ({ $guardian }), { $child }, { $class }
    { $times ->
        [none] Удобное время: любое.
       *[other] Предложенное время: { $times }
    }
consultations-accept-slot = ✅ { $time }
consultations-propose = 🕑 Предложить другое
consultations-decline = ❌ Отказать
consultations-ask-counter = Напишите своё время одним сообщением, например: <b>27.11 16:00</b>.
consultations-ask-decline = Напишите семье коротко, почему консультация невозможна (одним сообщением).
consultations-accepted-done = ✅ Консультация назначена: { $when }.
consultations-countered-done = 🕑 Семье предложено время: { $when }.
consultations-declined-done = ❌ Семья получит ваш ответ.
consultations-accepted-family = ✅ Консультация назначена: { $teacher }, { $when } ({ $child }). Накануне напомним.
consultations-accepted-teacher = ✅ Консультация назначена: родитель ({ $guardian }), { $child }, { $class } — { $when }.
consultations-countered = 🕑 { $teacher } предлагает консультацию { $when } ({ $child }). Если подходит — подтвердите.
consultations-confirm = ✅ Подходит
consultations-confirmed = ✅ Подтверждено. Консультация: { $when }.
consultations-declined = ❌ { $teacher } не может провести консультацию ({ $child }).
    Комментарий: { $comment }
consultations-reminder-family = ⏰ Напоминание: завтра консультация — { $teacher }, { $when } ({ $child }).
consultations-reminder-teacher = ⏰ Напоминание: завтра консультация — родитель ({ $guardian }), { $child }, { $class }, { $when }.
