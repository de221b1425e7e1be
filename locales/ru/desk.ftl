# The class teacher's desk in /class: codes, who is connected, how families look, absences, messages (feature: bot/features/desk/, core/desk/).

desk-button = 🗂 Кабинет классного руководителя
desk-title = <b>🗂 { $class }: кабинет классного руководителя</b>
desk-connected = 👪 Подключены семьи: { $connected } из { $students }; без доступа: { $missing } (им — распечатки)
desk-pending = 📝 Сообщения об отсутствии ждут решения: { $pending }{ $nocert ->
    [0] { "" }
   *[other] , без справки: { $nocert }
}
desk-reasons = 🚫 Пропуски этой недели без причины: { $unknown } ур.
desk-unread = ✉️ Непрочитанных сообщений: { $unread }
desk-views = 👀 Смотрели дневник за 30 дней: { $active } семей из { $students }
desk-codes-button = 🔑 Коды приглашения
desk-families-button = 👪 Кто подключён
desk-views-button = 👀 Как смотрят дневник
desk-absences-button = 📝 Отсутствия и причины
desk-messages-button = ✉️ Сообщения
desk-announce-button = 📣 Объявление классу
desk-back = ◀ Кабинет
desk-codes-title = <b>🔑 Коды приглашения: { $class }</b>
    Подключено: { $linked } из { $people } (родители и ученики со 2 класса). Без доступа: { $missing }, у них действующих кодов: { $open }.
    Новые коды заменяют прежние неиспользованные: потерянная карточка перестаёт работать.
desk-issue-missing = 🖨 Коды всем без доступа (PDF)
desk-issued = 🖨 Выдано кодов: { $count }. Карточки для печати — в файле: по одной на человека, с QR-кодом для входа.
desk-issued-none = Все уже подключены: новых кодов не нужно.
desk-families-title = <b>👪 { $class }: кто подключён</b>
desk-family-line = { $name }: { $people }
desk-person = { $linked ->
    [yes] ✅
   *[no] { $open ->
        [0] —
       *[other] 🔑
    }
} { $role ->
    [guardian] { $person }
   *[student] ученик
}
desk-legend = ✅ подключён · 🔑 код выдан, не использован · — нет доступа: нужна распечатка
desk-reissue = 🔁 { $name }: новые коды
desk-revoke = ✖ { $name }: отозвать коды
desk-revoked = Отозвано неиспользованных кодов: { $count }.
desk-views-title = <b>👀 { $class }: как семьи смотрят дневник</b> (за 30 дней)
desk-views-line = { $name }: { $connected ->
    [0] не подключены
   *[other] { $last }, посещений: { $visits }
}
desk-views-never = ещё не открывали
desk-views-last = последний раз { $date }
desk-absences-title = <b>📝 { $class }: сообщения об отсутствии</b>
desk-report-line = { $status ->
    [pending] ⏳
    [accepted] ✅
   *[rejected] ❌
} { $name } — { $when }, { $reason }{ $certificate ->
    [yes] , справка есть
   *[no] , без справки
}
desk-reports-none = Сообщений об отсутствии нет.
desk-report-open = ⏳ { $name }: { $when }
desk-week-title = <b>🚫 Причины отсутствия за неделю</b> ({ $from } – { $to })
desk-week-line = { $name }: пропущено уроков { $lessons }{ $unknown ->
    [0] , причины указаны
   *[other] , без причины: { $list }
}
desk-week-none = На этой неделе пропусков нет.

# The printable cards (PDF).
desk-cards-title = Коды приглашения — { $class }
desk-card-role = { $role ->
    [guardian] Родитель ученика: { $student }, { $class }
   *[student] Ученик { $class }
}
desk-card-code-label = Код приглашения:
desk-card-howto = Наведите камеру телефона на QR-код или откройте Telegram, найдите бота @{ $bot }, нажмите «Старт» и отправьте код. Код личный и одноразовый — не передавайте его другим.
desk-card-howto-max = Наведите камеру телефона на QR-код или откройте MAX, найдите бота { $bot }, нажмите «Начать» и отправьте код. Код личный и одноразовый — не передавайте его другим.
desk-card-howto-both = Наведите камеру телефона на QR-код своего мессенджера — Telegram или MAX. Или найдите бота сами: в Telegram — @{ $telegram } (нажмите «Старт»), в MAX — { $max } (нажмите «Начать») — и отправьте код. Код личный и одноразовый — не передавайте его другим.
# The label under each QR when a card carries both.
desk-card-qr-telegram = Telegram
desk-card-qr-max = MAX
desk-cards-none = Новых кодов нет.
desk-cards-footer = { $class } — коды приглашения — стр. { $page } из { $pages }
desk-cards-file = invitation-codes-{ $class }.pdf

# The week's review: recording reasons.
desk-reason-button = ✏️ Причина: { $name } ({ $count } ур.)
desk-reason-ask = Причина пропусков без причины за эту неделю: { $name } ({ $count } ур.)
desk-reason = { $reason ->
    [illness] Болезнь
    [excused] Уважительная
   *[unexcused] Неуважительная
}
desk-reason-done = Записано: { $name }, { $count } ур. — { $reason }.
