# The class's group chat (feature: bot/features/class-group/, core/class-group/). Nothing here names a student.

class-group-cmd = Чат класса
class-group-button = 💬 Чат класса
class-group-none = Вы не можете привязывать чаты классов: это делает классный руководитель или администрация.
class-group-pick = <b>💬 Чат класса</b>
    Выберите класс:

# The class teacher's panel (private chat).
class-group-panel-title = <b>💬 Чат класса { $class }</b>
class-group-panel-unlinked = Чат не привязан.
class-group-panel-how =
    Как привязать (меньше минуты):
    1. Добавьте бота в группу класса.
    2. Нажмите «Получить код» и отправьте в группе <code>/link КОД</code>{ $messenger ->
        [max] .
       *[other] {" "}— или откройте ссылку «Добавить в группу» с кодом.
    }
    Код действует 1 час и только один раз; отправить его может только классный руководитель или администрация.
class-group-panel-linked = Привязан: «{ $group }» с { $date }.
class-group-panel-inactive = ⚠ { $reason ->
    [removed] Бота удалили из группы.
    [noRights] У бота нет права писать в группе — верните право или привяжите чат заново.
   *[other] { $messenger } не даёт писать в группу — проверьте права бота.
}
class-group-panel-gets = Что получает группа:
class-group-panel-never = Никогда: отметки, пропуски, средние баллы, имена с отметками и всё, что касается одного ребёнка. «Ознакомлен» под объявлениями — только в личных чатах.
class-group-option = { $option ->
    [mirrorAnnouncements] 📣 Объявления классу
    [eveningPost] 🌙 Вечером: ДЗ и изменения на завтра
   *[onRequest] ❓ /homework и /schedule по запросу
}: { $on ->
    [yes] вкл
   *[no] выкл
}
class-group-get-code = 🔑 Получить код
class-group-new-code = 🔑 Код для другого чата
class-group-unlink = ✖ Отвязать чат
class-group-unlink-ask = Отвязать чат «{ $group }» от { $class }? Бот перестанет писать туда.
class-group-unlink-yes = Да, отвязать
class-group-unlink-no = Нет
class-group-unlinked = Чат «{ $group }» отвязан от { $class }.
class-group-code = <b>🔑 Код для чата { $class }</b>
    <code>{ $code }</code>

    Действует до { $until }, один раз. Отправьте в группе класса:
    <code>/link { $code }</code>
class-group-code-add = или откройте ссылку «Добавить в группу» и выберите группу.
class-group-add-button = ➕ Добавить в группу
class-group-back = ← Чат класса

# Notices to the class teacher (private chat, through the outbox).
class-group-refused-notice = ⚠ Код привязки чата { $class } отправил в группе «{ $group }» не классный руководитель ({ $by }). Код больше не действует; чат не привязан. Если это были вы с другого аккаунта — возьмите новый код: /classgroup.
class-group-lost-notice = ⚠ Чат класса { $class } («{ $group }»): { $reason ->
    [removed] бота удалили из группы. Объявления и ДЗ туда больше не приходят. Чтобы вернуть — добавьте бота и привяжите чат заново: /classgroup.
   *[other] бот не может писать в группу (нет права отправлять сообщения). Сообщения туда приостановлены, пока право не вернут.
}

# In the group.
class-group-welcome =
    Здравствуйте! Я бот электронного дневника.
    Чтобы я работал в этой группе, классный руководитель привязывает её к классу: код — в личном чате со мной, команда /classgroup, затем здесь <code>/link КОД</code>.
    Что я буду делать здесь: повторять объявления классу, вечером присылать ДЗ и изменения расписания на завтра, отвечать на /homework и /schedule.
    Чего не буду никогда: писать отметки, пропуски, средние баллы и что-либо об одном ребёнке. Это — только в личном чате.
class-group-link-usage = Отправьте код из личного чата с ботом: <code>/link КОД</code>. Код выдаёт классный руководитель: /classgroup в личном чате.
class-group-link-bad = Код не подошёл: он неверный, уже использован или истёк (код действует 1 час). Возьмите новый: /classgroup в личном чате с ботом.
class-group-link-refused = Привязать чат к { $class } может только классный руководитель или администрация. Код больше не действует, классный руководитель получил уведомление.
class-group-link-taken = Этот чат уже привязан к { $class }. Один чат — один класс: сначала отвяжите его (/unlink).
class-group-link-no-rights = У меня нет права писать в этой группе. Дайте боту право отправлять сообщения и отправьте код ещё раз.
class-group-replace-ask = У { $class } уже есть привязанный чат. Заменить его этим? Прежний чат перестанет получать сообщения.
class-group-replace-yes = Заменить
class-group-replace-no = Отмена
class-group-replace-kept = Хорошо, оставляю прежний чат.
class-group-linked =
    ✅ Группа привязана к { $class }.
    Здесь будут: объявления классу (подтверждать «Ознакомлен» — в личном чате), вечером — ДЗ и изменения расписания на завтра, по запросу — /homework и /schedule.
    Здесь не будет никогда: отметок, пропусков, средних баллов и ничего об одном ребёнке.
    Обычные сообщения группы я не читаю и не храню.
class-group-unlink-done = Чат отвязан от { $class }. Больше сюда писать не буду.
class-group-unlink-refused = Отвязать чат может только классный руководитель или администрация.
class-group-help =
    Я отвечаю здесь на:
    /homework — ДЗ класса на следующий учебный день
    /schedule — расписание класса
    Отметки, пропуски и всё личное — только в личном чате со мной.
class-group-private-only = Это — только в личном чате со мной: там видно лишь то, что касается вашего ребёнка.
class-group-private-button = Открыть личный чат
class-group-recent = Отвечал { $minutes ->
    [0] только что
   *[other] { $minutes } мин назад
} — ответ выше. Следующий — через { $wait } мин.
class-group-cmd-homework = ДЗ класса на следующий учебный день
class-group-cmd-schedule = Расписание класса
class-group-cmd-help = Что бот делает в группе
class-group-cmd-link = Привязать чат к классу (код классного руководителя)
class-group-cmd-unlink = Отвязать чат от класса

# What the group reads (core/class-group/posts.ts).
class-group-subgroup = { $subject } ({ $subgroup })
class-group-homework-title = <b>📚 ДЗ { $class } на { $date }</b>
class-group-homework-line = • <b>{ $subject }</b>: { $text }{ $files ->
    [0] {""}
   *[other] {" "}📎
}
class-group-homework-none = ДЗ не задано.
class-group-homework-no-lessons = В ближайшие две недели у { $class } уроков нет.
class-group-schedule-title = <b>🗓 Расписание { $class } на { $date }</b>
class-group-lesson-line = { $slot }. { $time } { $subject }{ $room ->
    [none] {""}
   *[other] , каб. { $room }
}{ $state ->
    [cancelled] {" "}— ❌ отменён
    [substituted] {" "}— 🔁 замена
   *[held] {""}
}
class-group-schedule-no-lessons = В ближайшие две недели у { $class } уроков нет.
class-group-evening-title = <b>🌙 { $class }: на завтра, { $date }</b>
class-group-evening-homework = <b>ДЗ</b>
class-group-evening-changes = <b>Изменения в расписании</b>
class-group-evening-no-changes = Изменений нет.
class-group-announcement = { $urgent ->
    [yes] 🚨 <b>Срочное объявление</b> — { $class }
   *[no] 📣 <b>Объявление</b> — { $class }
    }

    { $text }

    Родители: подтвердите «Ознакомлен» в личном чате с ботом — кнопка ниже.
class-group-announcement-confirm = ✅ Подтвердить в личном чате
class-group-ack-open =
    <b>📣 Объявление</b>

    { $text }
class-group-ack-not-recipient = Это объявление адресовано не вам, или вы ещё не подключены к дневнику. Подключиться: /start.
