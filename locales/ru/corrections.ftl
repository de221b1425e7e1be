# «Сообщить об ошибке» in the journal: a one-day deadline, escalation to the deputy (feature: bot/features/corrections.ts, core/corrections/).

cor-button = ⚠️ Сообщить об ошибке
cor-cmd = Мои сообщения об ошибках
cor-pick = Какая запись ошибочна? ({ $child })
cor-pick-none = Здесь нет записей, о которых можно сообщить.
cor-candidate = { $date } — { $subject }: { $what }
cor-ask-comment = Что не так с записью «{ $what }»? Напишите одним сообщением — учитель и заместитель директора получат его, ответ — в течение учебного дня.
cor-sent = ✅ Сообщение об ошибке отправлено учителю и заместителю директора. Срок ответа — до { $due }. Статус: /errors
cor-sent-later = ✅ Сообщение об ошибке принято. Учитель получит его { $at } — в часы приёма; срок ответа — до { $due }. Статус: /errors
cor-list-title = <b>⚠️ Сообщения об ошибках: { $child }</b>
cor-list-empty = Сообщений об ошибках нет.
cor-list-line = { $status ->
    [open] ⏳ ждёт ответа до { $due }
    [corrected] ✅ исправлено
   *[confirmed] ℹ️ данные верны
}: { $what }
cor-entry = { $type ->
    [mark] отметка { $value } ({ $kind }), { $subject }, { $date }
    [attendance] { $status ->
        [late] опоздание
       *[absent] пропуск
    }, { $subject }, { $date }
   *[homework] домашнее задание, { $subject }, { $date }
}
cor-to-teacher =
    ⚠️ <b>Сообщение об ошибке в журнале</b> — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Срок ответа: { $due }. Исправьте запись в журнале или ответьте, что данные верны.
cor-to-deputy =
    ⚠️ <b>Сообщение об ошибке в журнале</b> (для контроля) — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Срок ответа: { $due }.
cor-corrected-button = ✅ Исправлено
cor-confirm-button = ℹ️ Данные верны
cor-confirm-ask = Коротко объясните семье, почему запись верна (одним сообщением).
cor-answered-corrected = ✅ Отмечено: исправлено. Семья получит уведомление.
cor-answered-confirmed = ℹ️ Ответ отправлен семье.
cor-resolved = { $status ->
    [corrected] ✅ Ошибка в журнале исправлена — { $child }: { $what }.
   *[confirmed] ℹ️ Учитель проверил запись — { $child }: { $what }. Данные верны.
        Пояснение: { $answer }
}
cor-escalated =
    ⏰ <b>Просрочен ответ на сообщение об ошибке</b> — { $child }, { $class }
    Запись: { $what }
    Комментарий семьи: { $comment }
    Учитель: { $teacher }; сообщение от { $since }.
cor-error-notAllowed = Эта запись недоступна.
cor-error-empty = Напишите, что не так с записью.
cor-error-resolved = На это сообщение уже ответили.
cor-error-open = Об этой записи уже сообщено, ответ ещё ждём.
cor-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
