# Announcements to families with «Ознакомлен» receipts (feature: bot/features/announcements.ts, core/announcements/).

ann-cmd = Объявление семьям
ann-pick-audience = <b>📣 Новое объявление</b>
    Кому?
ann-scope-school = Вся школа
ann-scope-grade = { $grade }-е классы
ann-scope-class = { $class }
ann-none = У вас нет классов, которым можно отправить объявление.
ann-ask-text = Напишите текст объявления для: { $to }. Можно приложить фото или документ (текст — подписью).
ann-audience = { $scope ->
    [class] { $class }
    [grade] { $grade }-е классы
   *[school] вся школа
}
ann-preview-title = <b>Предпросмотр</b> — { $to }
ann-preview-count = Получат: { $families } семей ({ $chats } чатов)
ann-preview-urgent = 🚨 Срочное: придёт и в тихие часы.
ann-preview-when = 🕗 Отправка: { $when }
ann-urgent-on = 🚨 Срочное: да
ann-urgent-off = 🚨 Срочное: нет
ann-time-now = ⏱ Отправить сейчас
ann-time-tomorrow = 🕗 Завтра в 08:00
ann-send = ✅ Отправить
ann-cancel-draft = ✖ Отмена
ann-draft-cancelled = Объявление не отправлено.
ann-created-now = 📣 Объявление отправляется: { $to }.
ann-created-scheduled = 🕗 Объявление запланировано на { $when }: { $to }. До отправки его можно отменить.
ann-stats-title = <b>📣 Объявление</b> — { $to }
ann-stats-status = { $status ->
    [scheduled] 🕗 Запланировано на { $when }
    [cancelled] 🗑 Отменено
   *[sent] Отправлено { $when }
}
ann-stats-count = Ознакомились: { $confirmed } из { $families } семей
ann-refresh = 🔄 Обновить
ann-who = 👀 Кто не ознакомился
ann-remind = 🔔 Напомнить не ознакомившимся
ann-cancel = 🗑 Отменить отправку
ann-unconfirmed-title = <b>Не ознакомились ({ $count }):</b>
ann-unconfirmed-line = { $name }, { $class }
ann-unconfirmed-none = Все семьи ознакомились.
ann-reminded = 🔔 Напоминание отправлено: { $count } семей.
ann-reminded-none = Напоминать некому: все семьи ознакомились.
ann-cancelled = 🗑 Отправка отменена.
ann-list-title = <b>📣 Объявления</b>
ann-list-line = { $date } — { $to }: { $confirmed }/{ $families }
ann-list-empty = Объявлений пока нет.
ann-list-button = 📣 Мои объявления
ann-new-button = ➕ Новое объявление
ann-ack = ✅ Ознакомлен
ann-acked = Спасибо, отмечено: вы ознакомились.
ann-acked-already = Вы уже отметили, что ознакомились.
ann-error-notAllowed = Это объявление недоступно.
ann-error-empty = Объявление пустое. Напишите текст.
ann-error-tooLong = Объявление слишком длинное (больше 3500 знаков).
ann-error-notScheduled = Объявление уже отправлено или отменено — отменить нельзя.
ann-error-past = Время отправки уже прошло.

# Delivered by the worker.
ann-message =
    { $urgent ->
        [yes] 🚨 <b>Срочное объявление</b> — { $to }
       *[no] 📣 <b>Объявление</b> — { $to }
    }

    { $text }

    — { $author }
ann-reminder =
    🔔 <b>Напоминание:</b> подтвердите, что ознакомились с объявлением — { $to }

    { $text }

    — { $author }
