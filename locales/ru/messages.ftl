# Messages between families and staff: threads, /messages, office hours, the director's audited reading (feature: bot/features/messages/, core/messages/).

messages-menu-button = ✉️ Сообщения
messages-cmd = Переписка с учителями
messages-list-title = <b>✉️ Сообщения</b>
messages-list-empty = Переписки пока нет.
messages-thread-line-family = { $unread ->
    [0] { "" }
   *[other] 🔴 { $unread } ·{ " " }
}{ $staff } — { $child }
messages-thread-line-staff = { $unread ->
    [0] { "" }
   *[other] 🔴 { $unread } ·{ " " }
}{ $who ->
    [guardian] родитель
   *[student] ученик
}: { $child }, { $class }
messages-unread-total = Непрочитанных: { $count }
messages-write = ✏️ Написать учителю
messages-hours-button = 🕒 Часы приёма
messages-audit-button = 🗂 Переписка школы (директор)
messages-pick-child = О ком сообщение?
messages-pick-teacher = Кому написать? ({ $child })
messages-contact = { $name } — { $roles }
messages-role-classTeacher = классный руководитель
messages-role-teacher = { $subjects }
messages-role-deputy = заместитель директора
messages-role-director = директор
messages-no-contacts = Пока некому написать: у класса нет учителей в расписании.
messages-ask-text = Напишите сообщение для { $staff } одним сообщением (можно фото или документ). Пишите кратко и по делу: переписка ведётся в официально-деловом стиле.
messages-ask-reply = Напишите ответ одним сообщением (можно фото или документ).
messages-sent = ✅ Сообщение отправлено: { $staff }.
messages-sent-later = ✅ Сообщение принято. { $staff } принимает сообщения { $hours }; оно будет передано { $at }, тогда и ждите ответа.
messages-reply-sent = ✅ Ответ отправлен семье.
messages-error-notAllowed = Эта переписка недоступна.
messages-error-notContact = Этому сотруднику написать нельзя.
messages-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
messages-error-empty = Сообщение пустое. Напишите текст, пришлите фото или документ.
messages-error-tooLong = Сообщение слишком длинное (больше 3000 знаков). Сократите его, пожалуйста.
messages-thread-title = <b>Переписка: { $staff }</b> — { $child }, { $class }
messages-thread-title-audit = <b>Переписка (просмотр директора):</b> { $staff } ↔ { $who ->
    [guardian] родитель
   *[student] ученик
} — { $child }, { $class }
messages-line = { $side ->
    [me] Вы
   *[other] { $name }
} · { $time }: { $text }
messages-file = [{ $kind ->
    [photo] фото
   *[document] документ
}]
messages-reply = 💬 Ответить
messages-open = Открыть переписку
messages-hours-title = <b>🕒 Часы приёма сообщений</b>
    Сейчас: { $hours }
    Сообщения семей вне этих часов придут вам к началу следующих часов приёма, а семья увидит, когда ждать ответа.
messages-hours-none = без ограничений
messages-hours-text = { $days } { $from }–{ $to }
messages-hours-preset-a = Пн–Пт 15:00–17:00
messages-hours-preset-b = Пн–Пт 14:00–16:00
messages-hours-preset-c = Пн–Сб 09:00–18:00
messages-hours-off = Без ограничений
messages-hours-saved = Часы приёма сохранены: { $hours }.
messages-days-weekdays = пн–пт
messages-days-six = пн–сб
messages-days-all = ежедневно
messages-audit-title = <b>🗂 Переписка школы</b> (каждый просмотр записывается в журнал аудита)
messages-audit-empty = Переписки пока нет.

# Delivered by the worker.
messages-new-to-staff =
    ✉️ <b>Сообщение от { $who ->
        [guardian] родителя{ $guardian ->
            [none] { "" }
           *[other] { " " }({ $guardian })
        }
       *[student] ученика
    }</b> — { $child }, { $class }

    { $text }
messages-new-to-family =
    ✉️ <b>Ответ: { $staff }</b> — { $child }

    { $text }
messages-file-only = (файл во вложении)
messages-role-family-guardian = Родитель
messages-role-family-student = Ученик
