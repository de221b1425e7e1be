# «Сообщить об ошибке» in the journal: a one-day deadline, escalation to the deputy (feature: bot/features/corrections/, core/corrections/).

corrections-button = ⚠️ Сообщить об ошибке
corrections-cmd = Мои сообщения об ошибках
corrections-pick = Какая запись ошибочна? ({ $child })
corrections-pick-none = Здесь нет записей, о которых можно сообщить.
corrections-candidate = { $date } — { $subject }: { $what }
corrections-ask-comment = Что не так с записью «{ $what }»? Напишите одним сообщением — учитель и заместитель директора получат его, ответ — в течение учебного дня.
corrections-sent = ✅ Сообщение об ошибке отправлено учителю и заместителю директора. Срок ответа — до { $due }. Статус: /errors
corrections-sent-later = ✅ Сообщение об ошибке принято. Учитель получит его { $at } — в часы приёма; срок ответа — до { $due }. Статус: /errors
corrections-list-title = <b>⚠️ Сообщения об ошибках: { $child }</b>
corrections-list-empty = Сообщений об ошибках нет.
corrections-list-line = { $status ->
    [open] ⏳ ждёт ответа до { $due }
    [corrected] ✅ исправлено
   *[confirmed] ℹ️ данные верны
}: { $what }
corrections-entry = { $type ->
    [mark] отметка { $value } ({ $kind }), { $subject }, { $date }
    [attendance] { $status ->
        [late] опоздание
       *[absent] пропуск
    }, { $subject }, { $date }
   *[homework] домашнее задание, { $subject }, { $date }
}
corrections-to-teacher =
    ⚠️ <b>Сообщение об ошибке в журнале</b> — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Срок ответа: { $due }. Исправьте запись в журнале или ответьте, что данные верны.
corrections-to-deputy =
    ⚠️ <b>Сообщение об ошибке в журнале</b> (для контроля) — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Срок ответа: { $due }.
corrections-corrected-button = ✅ Исправлено
corrections-confirm-button = ℹ️ Данные верны
corrections-confirm-ask = Коротко объясните семье, почему запись верна (одним сообщением).
corrections-answered-corrected = ✅ Отмечено: исправлено. Семья получит уведомление.
corrections-answered-confirmed = ℹ️ Ответ отправлен семье.
corrections-resolved = { $status ->
    [corrected] ✅ Ошибка в журнале исправлена — { $child }: { $what }.
   *[confirmed] ℹ️ Учитель проверил запись — { $child }: { $what }. Данные верны.
        Пояснение: { $answer }
}
corrections-escalated =
    ⏰ <b>Просрочен ответ на сообщение об ошибке</b> — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Учитель: { $teacher }; сообщение от { $since }.
corrections-error-notAllowed = Эта запись недоступна.
corrections-error-empty = Напишите, что не так с записью.
corrections-error-resolved = На это сообщение уже ответили.
corrections-error-open = Об этой записи уже сообщено, ответ ещё ждём.
corrections-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
