# The deputy director's control panel (bot/features/control.ts, core/control/), the weekly digest and the nudges to teachers.

ctl-head = <b>📊 Контроль ведения журнала</b>
    { $scope } · { $period }: { $from } — { $to }
ctl-scope-school = вся школа
ctl-scope-class = { $class } класс
ctl-scope-teacher = учитель { $teacher }
ctl-period-week = неделя
ctl-line-marks = <b>Отметки</b>: без отметок — { $none } из { $pairs } ({ $nonePct }%), с одной отметкой — { $one } ({ $onePct }%)
ctl-line-subject = • { $subject }: без отметок { $nonePct }%, с одной { $onePct }% (учеников: { $students })
ctl-line-homework = <b>Домашние задания</b>: не внесены — { $missing } из { $expected } уроков, внесены позже 1,5 ч — { $late }
ctl-line-topics = <b>Темы уроков</b>: не записаны — { $count } из { $held }
ctl-line-attendance = <b>Посещаемость</b>: пропусков отмечено не в день урока — { $count }
ctl-line-marks-late = <b>Письменные работы</b>: отметки внесены позже срока — { $count } из { $written }
ctl-line-families = <b>Семьи</b>: подключены { $connected } из { $students } ({ $connectedPct }%), заходили за 30 дней — { $active } ({ $activePct }%)
ctl-line-changed = <b>Замены и отмены</b>: { $count }
ctl-line-reports = <b>Сообщения об ошибках в журнале</b>: открыто { $open }, из них просрочено { $overdue }
ctl-none = нет
ctl-hint = Нажмите на показатель, чтобы открыть список. Как считается каждый показатель — в справке школы (docs/control-panel.md).

ctl-fig-nomarks = Без отметок ({ $count })
ctl-fig-onemark = Одна отметка ({ $count })
ctl-fig-hwmissing = ДЗ не внесено ({ $count })
ctl-fig-hwlate = ДЗ с опозданием ({ $count })
ctl-fig-notopic = Без темы ({ $count })
ctl-fig-attlate = Пропуски не в день ({ $count })
ctl-fig-markslate = Отметки позже срока ({ $count })
ctl-fig-famoff = Семьи не подключены ({ $count })
ctl-fig-famidle = Семьи не заходят ({ $count })
ctl-fig-changed = Замены и отмены ({ $count })
ctl-fig-reports = Сообщения об ошибках ({ $count })

ctl-list-title = <b>{ $figure ->
    [nomarks] Ученики без отметок
    [onemark] Ученики с одной отметкой
    [hwmissing] Уроки без домашнего задания
    [hwlate] Домашнее задание внесено позже 1,5 часа после уроков класса
    [notopic] Уроки без темы
    [attlate] Пропуски, отмеченные не в день урока
    [markslate] Отметки за письменные работы, внесённые позже срока
    [famoff] Ученики, чьи семьи не подключены к боту
    [famidle] Семьи, не заходившие в бот 30 дней
    [reports] Открытые сообщения об ошибках в журнале
   *[changed] Замены и отменённые уроки
}</b> — { $scope }, { $from } — { $to }: { $count }
ctl-list-empty = Список пуст — всё в порядке.
ctl-item-student = { $class } · { $name } — { $subject }
ctl-item-family = { $class } · { $name }{ $refused ->
    [yes] {" "}(отказ от согласия на обработку данных)
   *[no] {""}
}
ctl-item-family-seen = { $class } · { $name } — последний вход { $seen }
ctl-item-lesson = { $date }, { $slot }-й урок · { $class } · { $subject }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
} · { $teacher }
ctl-item-hwlate = { $lesson } — внесено { $setAt }, срок { $dueAt }
ctl-item-attlate = { $lesson } — { $student }: { $status ->
    [late] опоздание
   *[absent] пропуск
} отмечен { $at }
ctl-item-marklate = { $lesson } — { $student }: «{ $value }» за «{ $kind }», внесена { $at } (срок { $days } дн.)
ctl-item-changed = { $lesson } — { $cancelled ->
    [yes] урок отменён
   *[no] замена: { $substitute }
}
ctl-item-report = { $class } · { $name } — { $entity ->
    [mark] отметка
    [attendance] пропуск
   *[homework] домашнее задание
}, сообщено { $at }, срок { $due }{ $overdue ->
    [yes] {" "}— просрочено
   *[no] {""}
}{ $teacher ->
    [none] {""}
   *[other] {" "}· { $teacher }
}

ctl-btn-school = 🏫 Вся школа
ctl-btn-classes = 👥 Классы
ctl-btn-teachers = 👩‍🏫 Учителя
ctl-btn-periods = 📅 Период
ctl-btn-sheet = 📋 Сводная ведомость
ctl-btn-settings = ⚙️ Настройки
ctl-btn-nudge = 🔔 Напомнить учителю
ctl-btn-back = ← К панели
ctl-btn-refresh = 🔄 Обновить
ctl-pick-class = Выберите класс:
ctl-pick-teacher = Выберите учителя:
ctl-pick-period = Выберите период:
ctl-pick-sheet = <b>Сводная ведомость</b> за { $period }: выберите класс.
ctl-sheet-caption = Сводная ведомость: { $class }, { $period } ({ $format }).
ctl-denied = Панель контроля — для заместителя директора и директора школы.
ctl-settings = <b>⚙️ Настройки контроля</b>
    Еженедельная сводка заместителю директора (понедельник, 08:00): { $digest }.
    Напоминания учителям об уроках без домашнего задания или темы (понедельник, 08:00): { $nudges }.
    Предметы без домашних заданий (не входят в «ДЗ не внесено»): { $subjects }.
ctl-on = включено
ctl-off = выключено
ctl-btn-digest = { $on ->
    [yes] ✅ Сводка по понедельникам
   *[no] ◻️ Сводка по понедельникам
}
ctl-btn-nudges = { $on ->
    [yes] ✅ Напоминания учителям
   *[no] ◻️ Напоминания учителям
}
ctl-btn-subject = { $on ->
    [yes] ✅ { $subject }: без ДЗ
   *[no] ◻️ { $subject }
}
ctl-nudge-sent = Напоминание отправлено: { $teacher } (уроков: { $count }).
ctl-nudge-nothing = У учителя нет уроков без домашнего задания или темы за этот период.
ctl-nudge-unlinked = Учитель ещё не подключён к боту — напомнить не получится.

ctl-digest = <b>📊 Контроль ведения журнала за неделю</b> ({ $from } — { $to })
ctl-digest-open = Списки — в панели: /control
ctl-nudge = <b>🔔 Напоминание от заместителя директора</b>
    Заполните, пожалуйста, журнал по урокам ({ $from } — { $to }):
ctl-nudge-line = • { $date }, { $slot }-й урок, { $class }, { $subject }: { $what ->
    [both] нет темы и домашнего задания
    [topic] нет темы урока
   *[homework] нет домашнего задания
}

# The main menu's button and command for the panel (bot/features/menu.ts).
menu-control = 📊 Контроль
cmd-control = Контроль ведения журнала
