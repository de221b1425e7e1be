# Teachers' quick entry: /today (feature: bot/features/today/, rules: core/today/).

menu-today = 📝 Мои уроки
cmd-today = Уроки сегодня: посещаемость, тема, ДЗ, отметки

today-list-title = <b>Ваши уроки, { $date }</b>
today-none = На { $date } у вас нет уроков.
today-earlier-hint = Ещё можно заполнить уроки прошлых дней:
today-earlier-button = ◀ { $date } — { $count } { $count ->
    [one] урок
    [few] урока
   *[many] уроков
}
today-btn-today = Сегодня
today-list-line = { $slot }. { $time } { $class }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
} — { $subject }{ $state ->
    [cancelled] {" "}— отменён
    [topic] {" "}✓
   *[empty] {""}
}
today-list-button = { $slot }. { $class } — { $subject }

today-lesson-title = <b>{ $class }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
}, { $subject }</b>
today-lesson-when = { $date }, { $slot }-й урок, { $from }–{ $to }
today-lesson-topic = Тема: { $topic ->
    [none] не указана
   *[other] { $topic }
}
today-lesson-homework = ДЗ: { $homework ->
    [none] не задано
   *[other] { $homework }
}
today-grade-no-marks = В 1-х классах отметки и домашние задания не ставятся.
today-lesson-attendance = Учеников: { $students }, отсутствуют: { $absent }, опоздали: { $late }

today-btn-attendance = ✅ Посещаемость
today-btn-topic = 📖 Тема
today-btn-homework = 🏠 ДЗ
today-btn-marks = ✏️ Отметки
today-btn-back = ◀ Мои уроки
today-btn-lesson = ◀ К уроку
today-btn-kinds = ◀ Виды работ
today-btn-done = 💾 Готово
today-btn-cancel = ✖ Отмена
today-btn-prev = ◀
today-btn-next = ▶
today-page = { $page } из { $pages }

today-closed = Срок внесения данных за этот урок истёк. Обратитесь к заместителю директора.
today-future = Этот урок ещё не начался.
today-cancelled = Этот урок отменён.
today-draft-expired = Эта форма устарела. Откройте урок заново: /today
today-saved = Сохранено

today-att-help = Нажмите на ученика: присутствует → отсутствует → опоздал. Отметки сохраняются по кнопке «Готово».
today-att-count = Учеников: { $students }, отсутствуют: { $absent }, опоздали: { $late }
today-att-present = ✅ { $name }
today-att-absent = ❌ { $name }
today-att-late = ⏰ { $name }
today-att-saved = Посещаемость сохранена: отсутствуют { $absent }, опоздали { $late }.
today-no-students = В этом уроке нет учеников.

today-ask-topic = Напишите тему урока { $class }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
}, { $subject } одним сообщением.{ $current ->
    [none] {""}
   *[other] {" "}Сейчас: { $current }
}
today-ask-homework = Напишите домашнее задание (можно прислать файл) для { $class }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
}, { $subject } одним сообщением.{ $current ->
    [none] {""}
   *[other] {" "}Сейчас: { $current }
}
today-topic-saved = Тема урока сохранена.
today-homework-saved = Домашнее задание сохранено, семьи его увидят.
today-text-only = Пришлите текст одним сообщением.
today-text-too-long = Слишком длинный текст: тема — до 500 символов, задание — до 4000.

today-pick-kind = Выберите вид работы:
today-marks-kind = Вид работы: { $kind }
today-marks-line = { $n }. { $name }{ $absent ->
    [yes] {" "}(отсутствует)
   *[no] {""}
} — { $mark ->
    [none] нет отметки
   *[other] { $mark }
}{ $comment ->
    [none] {""}
   *[other] {" "}«{ $comment }»
}
today-marks-student = { $n }. { $name }: { $mark ->
    [none] —
   *[other] { $mark }
} 💬
today-marks-help = Нажмите отметку в строке ученика; нажатие на имя — комментарий к отметке.
today-mark-na = н/а
today-mark-exempt = осв
today-mark-clear = ✖
today-mark-other = зач
today-comment-no-mark = Сначала поставьте отметку, потом комментарий.
today-ask-comment = Напишите комментарий к отметке одним сообщением.
today-comment-saved = Комментарий сохранён.
today-file-saved = Файл «{ $name }» прикреплён к домашнему заданию.
today-photo-as-file = Пришлите фото файлом (📎 → Файл), чтобы семьи получили его без сжатия.

# Entries for the school's e-journal (a school whose journal of record is its e-journal; docs/journal-feed.md).
today-entries-title = <b>Журнал школы:</b>
today-entry-line = { $status ->
    [queued] 📤
    [sent] 📤
    [accepted] ✅
    [applied] ✅
    [conflict] ⚠️
   *[rejected] ❌
} { $what }: { $status ->
    [queued] отправлено в журнал школы
    [sent] отправлено в журнал школы
    [accepted] принято
    [applied] принято
    [conflict] в журнале школы «{ $theirs }», вы ставили «{ $ours }»; оставлено значение журнала школы
   *[rejected] отклонено: { $reason }
}
today-entry-what = { $kind ->
    [mark] отметка { $student } «{ $value }»
    [markDeleted] удаление отметки { $student }
    [attendance] посещаемость { $student } ({ $status ->
        [absent] отсутствует
        [late] опоздал
       *[present] присутствует
    })
    [topic] тема урока
   *[homework] домашнее задание
}
today-journal-readonly = Электронный журнал школы пока не принимает записи отсюда: внесите это прямо в нём.
today-not-in-journal = Этого урока или ученика нет в журнале школы: запись не отправлена.
