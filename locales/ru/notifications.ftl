# Notifications: messages from journal events and schedules (core/notifications, jobs/notifications)
# and the settings screen (bot/features/notifications/; its keys are notifications-…, the worker's notifications-…). Every message to a family names the child.

notifications-mark-value = { $value ->
        [exempt] осв
        [notAttested] н/а
        [pass] зач
        [noMarks] безотм
       *[other] { $value }
    }

## Marks after the correction window (one message per child)

notifications-marks-title = 📘 Отметки — <b>{ $child }</b>
notifications-mark-new = • { $subject }: <b>{ $value }</b> — { $work }, { $date }
notifications-mark-comment = { "  " }💬 { $comment }
notifications-mark-changed = • { $subject }: исправлена отметка за { $date }: { $old } → <b>{ $value }</b>
notifications-mark-deleted = • { $subject }: удалена отметка { $old } за { $date }
notifications-period-marks-title = 🏁 Отметки за период — <b>{ $child }</b>
notifications-period-mark-new = • { $subject }: <b>{ $value }</b> — { $period }
notifications-period-mark-changed = • { $subject }: { $period } — исправлено: { $old } → <b>{ $value }</b>

## Attendance, homework, timetable

notifications-absence-reason = { $reason ->
        [illness] по болезни
        [excused] по уважительной причине
        [unexcused] без уважительной причины
       *[other] причина пока не указана
    }
notifications-absence =
    { $status ->
        [late] ⏰ Опоздание — <b>{ $child }</b>
       *[other] 🚪 Пропуск урока — <b>{ $child }</b>
    }
    { $subject }, { $date }, { $slot }-й урок ({ $reason }).
notifications-homework =
    📚 { $changed ->
        [yes] Изменено домашнее задание
       *[other] Домашнее задание
    } — <b>{ $child }</b>
    { $subject }, на { $date }:
    { $text }
notifications-homework-line = Задано: { $subject } на { $date }
notifications-lesson-title = 🗓 { $when ->
        [today] Сегодня
       *[other] Завтра
    }, { $date }: изменения в расписании — <b>{ $child }</b>, { $class }
notifications-lesson-cancelled = ❌ { $slot }-й урок, { $subject } — отменён.
notifications-lesson-restored = ✅ { $slot }-й урок, { $subject } — состоится по расписанию.
notifications-lesson-substitute = 🔁 { $slot }-й урок, { $subject } — замена, ведёт { $teacher }.
notifications-lesson-substitute-ended = 🔁 { $slot }-й урок, { $subject } — ведёт свой учитель.
notifications-lesson-moved = ↪️ { $subject } — перенесён: { $date }, { $slot }-й урок, { $time }.
notifications-lesson-room = 🏫 { $slot }-й урок, { $subject } — кабинет { $room }.

## Staff

notifications-compromise =
    ⚠️ <b>Компрометация доступа</b>
    { $time } поступило сообщение, что доступ к дневнику мог попасть к посторонним: { $children }.
    Все привязки этого аккаунта отменены ({ $links }), действия после сообщения признаны недействительными. Выдайте семье новый пригласительный код — /class.
notifications-compromise-child = <b>{ $child }</b>, { $class }
notifications-feed-down =
    ⚠️ <b>Нет связи с электронным журналом школы</b>{ $since ->
        [none] .
       *[other] {" "}с { $since }.
    }
    Новые отметки и задания не попадают в дневник, пока связь не восстановится.

## Teachers' entries for the school's e-journal (core/feed/entries/notices.ts): to the teacher only

notifications-entry-where-lesson = { $subject }, { $class }, { $date }, { $slot }-й урок
notifications-entry-where-period = { $subject }, { $class }, { $period }
notifications-entry-status = { $status ->
        [absent] отсутствует
        [late] опоздал
       *[present] присутствует
    }
notifications-entry-what = { $kind ->
        [mark] отметка: { $student } «{ $value }»
        [markDeleted] удаление отметки: { $student }
        [attendance] посещаемость: { $student } — { $value }
        [topic] тема урока «{ $value }»
        [periodMark] отметка за период: { $student } «{ $value }»
       *[homework] домашнее задание
    }
notifications-entry-rejected =
    ❌ <b>Журнал школы отклонил запись</b>
    { $where } — { $what }.
    Причина: { $reason }
    { $state ->
        [theirs] В дневнике уже значение журнала школы.
        [cleared] В дневнике она снята.
       *[back] В дневнике возвращено прежнее значение: { $restored }.
    }
notifications-entry-conflict =
    ⚠️ <b>В журнале школы это значение уже изменили</b>
    { $where } — { $what }.
    В журнале школы: { $theirs }, вы ставили: { $ours }. Оставлено значение журнала школы; если верно ваше, внесите его снова в /today.
notifications-entries-stale =
    📤 <b>{ $count ->
        [one] { $count } запись ждёт
        [few] { $count } записи ждут
       *[many] { $count } записей ждут
    } отправки в журнал школы дольше { $minutes } мин.</b>
    { $lines }
    Записи не потеряны: они уйдут в журнал школы, как только он ответит.
notifications-entries-stale-line = • { $where } — { $what }

## Threshold alerts

notifications-alert-average = 📉 <b>{ $child }</b>: средний балл по предмету «{ $subject }» — { $average }, ниже вашего порога { $threshold } ({ $period }).
notifications-alert-absences = 🚨 <b>{ $child }</b>: { $count } { $count ->
        [one] пропуск
        [few] пропуска
       *[other] пропусков
    } подряд без уважительной причины, начиная с { $from }.

## Evening digest

notifications-evening-title = 🌙 Вечерняя сводка — <b>{ $child }</b>, { $class }
notifications-evening-homework = <b>Домашнее задание на завтра, { $date }:</b>
notifications-evening-homework-line = { $slot }. { $subject }: { $text }
notifications-evening-homework-none = Домашних заданий на завтра нет.
notifications-evening-changes = <b>Изменения на завтра:</b>
notifications-evening-day = <b>За день:</b>

## Weekly summary

notifications-weekly-title = 📊 Итоги недели { $from } — { $to } — <b>{ $child }</b>, { $class }
notifications-weekly-marks = <b>Отметки за неделю:</b>
notifications-weekly-marks-none = Отметок за неделю нет.
notifications-weekly-marks-line = { $subject }: { $marks }
notifications-weekly-averages = <b>Средний балл, { $period }:</b>
notifications-weekly-average-line = { $subject }: { $average }{ $trend }
notifications-trend-up = {" "}↑ +{ $delta } за неделю
notifications-trend-down = {" "}↓ −{ $delta } за неделю
notifications-trend-flat = {" "}→ без изменений
notifications-weekly-absences = <b>Пропуски за неделю:</b> { $lessons } ур., из них без уважительной причины — { $unexcused }; опозданий — { $late }.
notifications-weekly-absences-none = Пропусков и опозданий за неделю нет.
notifications-weekly-tests = <b>Ближайшие контрольные:</b>
notifications-weekly-test-line = { $date }: { $subject } — { $topic }

## Periods

notifications-forecast-title = 🔮 Прогноз: { $period } заканчивается { $ends } — <b>{ $child }</b>, { $class }
notifications-forecast-line = { $subject }: средний { $average } → <b>{ $mark }</b>{ $next }
notifications-forecast-next = ; до «{ $target }» нужно пятёрок: { $fives }
notifications-forecast-none = Отметок за этот период пока нет.
notifications-period-results-title = 🏁 Итоговые отметки: { $period } — <b>{ $child }</b>, { $class }
notifications-period-results-line = { $subject }: <b>{ $value }</b>

## Settings screen (/notifications, «Настройки» → «Уведомления»)

notifications-settings-button = 🔔 Уведомления
cmd-notifications = Настройка уведомлений
notifications-title =
    🔔 <b>Уведомления — { $child }</b>
    Нажмите на строку, чтобы переключить: сразу → в вечерней сводке → выключено.
    Тихие часы: { $quiet }. Сообщения в это время не пропадают — они придут, когда тихие часы закончатся.
notifications-title-staff =
    🔔 <b>Уведомления</b>
    Служебные уведомления (например, о компрометации доступа в вашем классе) приходят всегда.
    Тихие часы: { $quiet }. Сообщения в это время не пропадают — они придут, когда тихие часы закончатся.
notifications-kind-marks = Отметки
notifications-kind-absence = Пропуски и опоздания
notifications-kind-homework = Домашние задания
notifications-kind-lessons = Изменения расписания
notifications-kind-periodMarks = Отметки за четверть и год
notifications-kind-evening = Вечерняя сводка
notifications-kind-weekly = Итоги недели
notifications-kind-forecast = Прогноз и итоги периода
notifications-mode-instant = сразу
notifications-mode-digest = в сводке
notifications-mode-off = выкл.
notifications-mode-on = вкл.
notifications-kind-button = { $kind }: { $mode }
notifications-quiet-button = 🌙 Тихие часы: { $quiet }
notifications-quiet-off = выключены
notifications-average-button = 📉 Средний балл ниже: { $value }
notifications-streak-button = 🚨 Пропусков подряд: { $value }
notifications-threshold-off = не следить
notifications-child-button = 👤 Другой ребёнок
notifications-back = ← Назад
notifications-choose-child = 🔔 <b>Уведомления</b>
    О ком настроить уведомления?
notifications-quiet-title =
    🌙 <b>Тихие часы</b>
    В это время уведомления не приходят: они ждут и приходят, когда тихие часы закончатся. Сейчас: { $quiet }.
notifications-average-title =
    📉 <b>Средний балл ниже порога</b>
    Сообщим, если средний балл по какому-либо предмету за текущую четверть опустится ниже выбранного значения. Сейчас: { $value }.
notifications-streak-title =
    🚨 <b>Пропуски подряд</b>
    Сообщим, если { $child } пропустит столько уроков подряд без уважительной причины. Сейчас: { $value }.
notifications-saved = Сохранено
notifications-codes-retired =
    🔑 <b>Пригласительные коды больше не действуют: { $count }</b>
    Школа сменила ключ защиты кодов. Эти коды ещё не были использованы и отменены — выдайте новые (кабинет классного руководителя → «🔑 Коды приглашения»):
    { $people }
notifications-codes-retired-line = • { $name } — { $role ->
        [guardian] родитель ученика { $student }
        [student] ученик
        [classTeacher] классный руководитель
        [teacher] учитель
        [deputy] заместитель директора
        [director] директор
       *[admin] администратор журнала
    }{ $class ->
        [none] {""}
       *[other] , { $class }
    }
