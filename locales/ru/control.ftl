# The deputy director's control panel (bot/features/control/, core/control/), the weekly digest and the nudges to teachers.

control-head = <b>📊 Контроль ведения журнала</b>
    { $scope } · { $period }: { $from } — { $to }
control-scope-school = вся школа
control-scope-class = { $class } класс
control-scope-teacher = учитель { $teacher }
control-period-week = неделя
control-line-marks = <b>Отметки</b>: без отметок — { $none } из { $pairs } ({ $nonePct }%), с одной отметкой — { $one } ({ $onePct }%)
control-line-subject = • { $subject }: без отметок { $nonePct }%, с одной { $onePct }% (учеников: { $students })
control-line-homework = <b>Домашние задания</b>: не внесены — { $missing } из { $expected } уроков, внесены позже 1,5 ч — { $late }
control-line-topics = <b>Темы уроков</b>: не записаны — { $count } из { $held }
control-line-attendance = <b>Посещаемость</b>: пропусков отмечено не в день урока — { $count }
control-line-marks-late = <b>Письменные работы</b>: отметки внесены позже срока — { $count } из { $written }
control-line-families = <b>Семьи</b>: подключены { $connected } из { $students } ({ $connectedPct }%), заходили за 30 дней — { $active } ({ $activePct }%)
control-line-changed = <b>Замены и отмены</b>: { $count }
control-line-reports = <b>Сообщения об ошибках в журнале</b>: открыто { $open }, из них просрочено { $overdue }
control-none = нет
control-hint = Нажмите на показатель, чтобы открыть список. Как считается каждый показатель — в справке школы (docs/control-panel.md).

control-fig-nomarks = Без отметок ({ $count })
control-fig-onemark = Одна отметка ({ $count })
control-fig-hwmissing = ДЗ не внесено ({ $count })
control-fig-hwlate = ДЗ с опозданием ({ $count })
control-fig-notopic = Без темы ({ $count })
control-fig-attlate = Пропуски не в день ({ $count })
control-fig-markslate = Отметки позже срока ({ $count })
control-fig-famoff = Семьи не подключены ({ $count })
control-fig-famidle = Семьи не заходят ({ $count })
control-fig-changed = Замены и отмены ({ $count })
control-fig-reports = Сообщения об ошибках ({ $count })

control-list-title = <b>{ $figure ->
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
control-list-empty = Список пуст — всё в порядке.
control-item-student = { $class } · { $name } — { $subject }
control-item-family = { $class } · { $name }{ $refused ->
    [yes] {" "}(отказ от согласия на обработку данных)
   *[no] {""}
}
control-item-family-seen = { $class } · { $name } — последний вход { $seen }
control-item-lesson = { $date }, { $slot }-й урок · { $class } · { $subject }{ $subgroup ->
    [none] {""}
   *[other] {" "}({ $subgroup })
} · { $teacher }
control-item-hwlate = { $lesson } — внесено { $setAt }, срок { $dueAt }
control-item-attlate = { $lesson } — { $student }: { $status ->
    [late] опоздание
   *[absent] пропуск
} отмечен { $at }
control-item-marklate = { $lesson } — { $student }: «{ $value }» за «{ $kind }», внесена { $at } (срок { $days } дн.)
control-item-changed = { $lesson } — { $cancelled ->
    [yes] урок отменён
   *[no] замена: { $substitute }
}
control-item-report = { $class } · { $name } — { $entity ->
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

control-btn-school = 🏫 Вся школа
control-btn-classes = 👥 Классы
control-btn-teachers = 👩‍🏫 Учителя
control-btn-periods = 📅 Период
control-btn-sheet = 📋 Сводная ведомость
control-btn-settings = ⚙️ Настройки
control-btn-nudge = 🔔 Напомнить учителю
control-btn-back = ← К панели
control-btn-refresh = 🔄 Обновить
control-pick-class = Выберите класс:
control-pick-teacher = Выберите учителя:
control-pick-period = Выберите период:
control-pick-sheet = <b>Сводная ведомость</b> за { $period }: выберите класс.
control-sheet-caption = Сводная ведомость: { $class }, { $period } ({ $format }).
control-denied = Панель контроля — для заместителя директора и директора школы.
control-settings = <b>⚙️ Настройки контроля</b>
    Еженедельная сводка заместителю директора (понедельник, 08:00): { $digest }.
    Напоминания учителям об уроках без домашнего задания или темы (понедельник, 08:00): { $nudges }.
    Предметы без домашних заданий (не входят в «ДЗ не внесено»): { $subjects }.
control-on = включено
control-off = выключено
control-btn-digest = { $on ->
    [yes] ✅ Сводка по понедельникам
   *[no] ◻️ Сводка по понедельникам
}
control-btn-nudges = { $on ->
    [yes] ✅ Напоминания учителям
   *[no] ◻️ Напоминания учителям
}
control-btn-subject = { $on ->
    [yes] ✅ { $subject }: без ДЗ
   *[no] ◻️ { $subject }
}
control-nudge-sent = Напоминание отправлено: { $teacher } (уроков: { $count }).
control-nudge-nothing = У учителя нет уроков без домашнего задания или темы за этот период.
control-nudge-unlinked = Учитель ещё не подключён к боту — напомнить не получится.

control-digest = <b>📊 Контроль ведения журнала за неделю</b> ({ $from } — { $to })
control-digest-open = Списки — в панели: /control
control-nudge = <b>🔔 Напоминание от заместителя директора</b>
    Заполните, пожалуйста, журнал по урокам ({ $from } — { $to }):
control-nudge-line = • { $date }, { $slot }-й урок, { $class }, { $subject }: { $what ->
    [both] нет темы и домашнего задания
    [topic] нет темы урока
   *[homework] нет домашнего задания
}

# The main menu's button and command for the panel (bot/features/menu.ts).
menu-control = 📊 Контроль
cmd-control = Контроль ведения журнала

control-line-journal = <b>Журнал школы</b>: { $record ->
    [external] ведётся в электронном журнале школы; записи учителей передаются туда{ $pending ->
        [0] {""}
       *[other] , ждут ответа журнала — { $pending }
    }{ $rejected ->
        [0] {""}
       *[other] , отклонено — { $rejected }
    }
   *[internal] ведётся здесь, в боте
}
