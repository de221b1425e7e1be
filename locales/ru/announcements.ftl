# Announcements to families with «Ознакомлен» receipts (feature: bot/features/announcements/, core/announcements/).

announcements-cmd = Объявление семьям
announcements-pick-audience = <b>📣 Новое объявление</b>
    Кому?
announcements-scope-school = Вся школа
announcements-scope-grade = { $grade }-е классы
announcements-scope-class = { $class }
announcements-none = У вас нет классов, которым можно отправить объявление.
announcements-ask-text = Напишите текст объявления для: { $to }. Можно приложить фото или документ (текст — подписью).
announcements-audience = { $scope ->
    [class] { $class }
    [grade] { $grade }-е классы
   *[school] вся школа
}
announcements-preview-title = <b>Предпросмотр</b> — { $to }
announcements-preview-count = Получат: { $families } семей ({ $chats } чатов)
announcements-preview-urgent = 🚨 Срочное: придёт и в тихие часы.
announcements-preview-when = 🕗 Отправка: { $when }
announcements-urgent-on = 🚨 Срочное: да
announcements-urgent-off = 🚨 Срочное: нет
announcements-time-now = ⏱ Отправить сейчас
announcements-time-tomorrow = 🕗 Завтра в 08:00
announcements-send = ✅ Отправить
announcements-cancel-draft = ✖ Отмена
announcements-draft-cancelled = Объявление не отправлено.
announcements-created-now = 📣 Объявление отправляется: { $to }.
announcements-created-scheduled = 🕗 Объявление запланировано на { $when }: { $to }. До отправки его можно отменить.
announcements-stats-title = <b>📣 Объявление</b> — { $to }
announcements-stats-status = { $status ->
    [scheduled] 🕗 Запланировано на { $when }
    [cancelled] 🗑 Отменено
   *[sent] Отправлено { $when }
}
announcements-stats-count = Ознакомились: { $confirmed } из { $families } семей
announcements-refresh = 🔄 Обновить
announcements-who = 👀 Кто не ознакомился
announcements-remind = 🔔 Напомнить не ознакомившимся
announcements-cancel = 🗑 Отменить отправку
announcements-unconfirmed-title = <b>Не ознакомились ({ $count }):</b>
announcements-unconfirmed-line = { $name }, { $class }
announcements-unconfirmed-none = Все семьи ознакомились.
announcements-reminded = 🔔 Напоминание отправлено: { $count } семей.
announcements-reminded-none = Напоминать некому: все семьи ознакомились.
announcements-cancelled = 🗑 Отправка отменена.
announcements-list-title = <b>📣 Объявления</b>
announcements-list-line = { $date } — { $to }: { $confirmed }/{ $families }
announcements-list-empty = Объявлений пока нет.
announcements-list-button = 📣 Мои объявления
announcements-new-button = ➕ Новое объявление
announcements-ack = ✅ Ознакомлен
announcements-acked = Спасибо, отмечено: вы ознакомились.
announcements-acked-already = Вы уже отметили, что ознакомились.
announcements-error-notAllowed = Это объявление недоступно.
announcements-error-empty = Объявление пустое. Напишите текст.
announcements-error-tooLong = Объявление слишком длинное (больше 3500 знаков).
announcements-error-notScheduled = Объявление уже отправлено или отменено — отменить нельзя.
announcements-error-past = Время отправки уже прошло.

# Delivered by the worker.
announcements-message =
    { $urgent ->
        [yes] 🚨 <b>Срочное объявление</b> — { $to }
       *[no] 📣 <b>Объявление</b> — { $to }
    }

    { $text }

    — { $author }
announcements-reminder =
    🔔 <b>Напоминание:</b> подтвердите, что ознакомились с объявлением — { $to }

    { $text }

    — { $author }
