# Individual consultations: a guardian asks, the teacher accepts a time, proposes another or declines; reminders the day before
# (feature: bot/features/consultations.ts, core/consultations/).

con-button = 📅 Консультация с учителем
con-cmd = Записаться на консультацию
con-pick-child = О каком ребёнке консультация?
con-pick-teacher = С кем нужна консультация? ({ $child })
con-ask-times = Предложите до 3 удобных вариантов одним сообщением через запятую, например: <b>26.11 15:30, 27.11 16:00</b>. Или нажмите «Любое время».
con-any = Любое время
con-bad-times = Не удалось разобрать время. Напишите так: <b>26.11 15:30</b> (до 3 вариантов через запятую).
con-sent = ✅ Запрос на консультацию отправлен: { $teacher }. Ответ придёт сюда.
con-sent-later = ✅ Запрос на консультацию принят. { $teacher } получит его { $at } — в часы приёма; ответ придёт сюда.
con-not-guardian = Записаться на консультацию может родитель, подключённый к дневнику ребёнка.
con-error-notAllowed = Эта консультация недоступна.
con-error-notContact = С этим сотрудником консультацию запросить нельзя.
con-error-badTimes = Можно предложить не больше 3 вариантов.
con-error-past = Это время уже прошло. Предложите время в будущем.
con-error-decided = По этому запросу уже есть ответ.
con-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
con-to-teacher =
    📅 <b>Запрос консультации</b> — родитель ({ $guardian }), { $child }, { $class }
    { $times ->
        [none] Удобное время: любое.
       *[other] Предложенное время: { $times }
    }
con-accept-slot = ✅ { $time }
con-propose = 🕑 Предложить другое
con-decline = ❌ Отказать
con-ask-counter = Напишите своё время одним сообщением, например: <b>27.11 16:00</b>.
con-ask-decline = Напишите семье коротко, почему консультация невозможна (одним сообщением).
con-accepted-done = ✅ Консультация назначена: { $when }.
con-countered-done = 🕑 Семье предложено время: { $when }.
con-declined-done = ❌ Семья получит ваш ответ.
con-accepted-family = ✅ Консультация назначена: { $teacher }, { $when } ({ $child }). Накануне напомним.
con-accepted-teacher = ✅ Консультация назначена: родитель ({ $guardian }), { $child }, { $class } — { $when }.
con-countered = 🕑 { $teacher } предлагает консультацию { $when } ({ $child }). Если подходит — подтвердите.
con-confirm = ✅ Подходит
con-confirmed = ✅ Подтверждено. Консультация: { $when }.
con-declined = ❌ { $teacher } не может провести консультацию ({ $child }).
    Комментарий: { $comment }
con-reminder-family = ⏰ Напоминание: завтра консультация — { $teacher }, { $when } ({ $child }).
con-reminder-teacher = ⏰ Напоминание: завтра консультация — родитель ({ $guardian }), { $child }, { $class }, { $when }.
