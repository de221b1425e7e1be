# Messages between families and staff: threads, /messages, office hours, the director's audited reading (feature: bot/features/messages.ts, core/messages/).

msg-menu-button = ✉️ Сообщения
msg-cmd = Переписка с учителями
msg-list-title = <b>✉️ Сообщения</b>
msg-list-empty = Переписки пока нет.
msg-thread-line-family = { $unread ->
    [0] { "" }
   *[other] 🔴 { $unread } ·{ " " }
}{ $staff } — { $child }
msg-thread-line-staff = { $unread ->
    [0] { "" }
   *[other] 🔴 { $unread } ·{ " " }
}{ $who ->
    [guardian] родитель
   *[student] ученик
}: { $child }, { $class }
msg-unread-total = Непрочитанных: { $count }
msg-write = ✏️ Написать учителю
msg-hours-button = 🕒 Часы приёма
msg-audit-button = 🗂 Переписка школы (директор)
msg-pick-child = О ком сообщение?
msg-pick-teacher = Кому написать? ({ $child })
msg-contact = { $name } — { $roles }
msg-role-classTeacher = классный руководитель
msg-role-teacher = { $subjects }
msg-role-deputy = заместитель директора
msg-role-director = директор
msg-no-contacts = Пока некому написать: у класса нет учителей в расписании.
msg-ask-text = Напишите сообщение для { $staff } одним сообщением (можно фото или документ). Пишите кратко и по делу: переписка ведётся в официально-деловом стиле.
msg-ask-reply = Напишите ответ одним сообщением (можно фото или документ).
msg-sent = ✅ Сообщение отправлено: { $staff }.
msg-sent-later = ✅ Сообщение принято. { $staff } принимает сообщения { $hours }; оно будет передано { $at }, тогда и ждите ответа.
msg-reply-sent = ✅ Ответ отправлен семье.
msg-error-notAllowed = Эта переписка недоступна.
msg-error-notContact = Этому сотруднику написать нельзя.
msg-error-dailyLimit = На сегодня отправлено { $limit } обращений к сотрудникам школы (сообщения, консультации, сообщения об ошибках) — это дневной предел. Пожалуйста, продолжите завтра; срочные вопросы решайте по телефону школы.
msg-error-empty = Сообщение пустое. Напишите текст, пришлите фото или документ.
msg-error-tooLong = Сообщение слишком длинное (больше 3000 знаков). Сократите его, пожалуйста.
msg-thread-title = <b>Переписка: { $staff }</b> — { $child }, { $class }
msg-thread-title-audit = <b>Переписка (просмотр директора):</b> { $staff } ↔ { $who ->
    [guardian] родитель
   *[student] ученик
} — { $child }, { $class }
msg-line = { $side ->
    [me] Вы
   *[other] { $name }
} · { $time }: { $text }
msg-file = [{ $kind ->
    [photo] фото
   *[document] документ
}]
msg-reply = 💬 Ответить
msg-open = Открыть переписку
msg-hours-title = <b>🕒 Часы приёма сообщений</b>
    Сейчас: { $hours }
    Сообщения семей вне этих часов придут вам к началу следующих часов приёма, а семья увидит, когда ждать ответа.
msg-hours-none = без ограничений
msg-hours-text = { $days } { $from }–{ $to }
msg-hours-preset-a = Пн–Пт 15:00–17:00
msg-hours-preset-b = Пн–Пт 14:00–16:00
msg-hours-preset-c = Пн–Сб 09:00–18:00
msg-hours-off = Без ограничений
msg-hours-saved = Часы приёма сохранены: { $hours }.
msg-days-weekdays = пн–пт
msg-days-six = пн–сб
msg-days-all = ежедневно
msg-audit-title = <b>🗂 Переписка школы</b> (каждый просмотр записывается в журнал аудита)
msg-audit-empty = Переписки пока нет.

# Delivered by the worker.
msg-new-to-staff =
    ✉️ <b>Сообщение от { $who ->
        [guardian] родителя{ $guardian ->
            [none] { "" }
           *[other] { " " }({ $guardian })
        }
       *[student] ученика
    }</b> — { $child }, { $class }

    { $text }
msg-new-to-family =
    ✉️ <b>Ответ: { $staff }</b> — { $child }

    { $text }
msg-file-only = (файл во вложении)
msg-role-family-guardian = Родитель
msg-role-family-student = Ученик
