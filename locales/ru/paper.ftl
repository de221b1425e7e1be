# Printed paper: printouts for families without Telegram and the summary sheet (core/paper/, bot/features/paper/).
# Plain texts for the PDF and CSV files, then the class teacher's buttons and messages.

paper-printout-title = Выписка из электронного дневника
paper-printout-student = Ученик: { $name }, { $class } класс
paper-period = Период: с { $from } по { $to }
paper-marks-title = Отметки
paper-col-subject = Предмет
paper-col-marks = Отметки (дата)
paper-col-average = Средний балл
paper-no-marks = нет отметок
paper-absences-title = Пропуски уроков
paper-absences-none = Пропусков и опозданий нет.
paper-absences-total = Пропущено уроков: { $total } (по болезни — { $illness }, по уважительной причине — { $excused }, без уважительной причины — { $unexcused }, причина не указана — { $unknown }). Опозданий: { $late }.
paper-col-date = Дата
paper-col-what = Отметка
paper-col-reason = Причина
paper-absence = { $status ->
    [late] опоздание
   *[absent] пропуск
}
paper-reason = { $reason ->
    [illness] болезнь
    [excused] уважительная
    [unexcused] неуважительная
   *[unknown] не указана
}
paper-homework-title = Домашние задания
paper-homework-none = Домашних заданий за период нет.
paper-col-homework = Задание
paper-signature-class-teacher = Классный руководитель: ____________ { $name }
paper-signature-parent = С выпиской ознакомлен(а), родитель (законный представитель): ____________   «___» ____________ 20___ г.
paper-footer = { $school } · сформировано { $at } · страница { $page } из { $pages }
paper-mark = { $value ->
    [exempt] осв
    [notAttested] н/а
    [pass] зач
    [noMarks] безотм
   *[other] { $value }
}
paper-summary-title = Сводная ведомость учёта результатов промежуточной аттестации
paper-summary-subtitle = { $class } класс · { $period } ({ $from } — { $to })
paper-col-number = №
paper-col-student = Ученик
paper-col-absent-lessons = Пропущено уроков
paper-col-absent-illness = Из них по болезни
paper-col-absent-days = Пропущено дней
paper-summary-legend = осв — освобождён, н/а — не аттестован, зач — зачёт, безотм — безотметочное обучение; «—» — отметка не выставлена. Пропущенный день — день, в который пропущены все уроки ученика.
paper-signature-director = Директор: ____________ { $name }
paper-signature-date = Дата: «___» ____________ 20___ г.          М. П.
paper-empty-class = В классе нет учеников.

# The class teacher's desk (bot/features/paper/).
paper-menu = <b>Распечатки, { $class }</b>
    Выписка из дневника за две недели (с { $from } по { $to }): отметки с датами, средние баллы, пропуски и домашние задания — по странице на ученика.
    Семей без доступа к боту: { $unlinked }.
paper-button = 🖨 Распечатки
paper-for-unlinked = 🖨 Для семей без доступа ({ $count })
paper-for-all = 🖨 Для всего класса ({ $count })
paper-sheet-button = 📋 Сводная ведомость
paper-sheet-pick = <b>Сводная ведомость, { $class }</b>
    Выберите период:
paper-file-caption = { $kind ->
    [summarySheet] Сводная ведомость: { $class }, { $period }.
   *[printouts] Распечатки: { $class }, с { $from } по { $to }, учеников: { $count }.
}
paper-nobody-unlinked = У всех семей класса есть доступ к боту: распечатки не нужны.
paper-ready = 🖨 <b>Распечатки готовы</b>
    { $class }: выписки из дневника с { $from } по { $to } для учеников, чьи семьи не пользуются ботом ({ $count }): { $students }.
    Файл: /class → «🖨 Распечатки» → «Готовые файлы».
paper-files-button = 📂 Готовые файлы
paper-files-title = <b>Готовые файлы, { $class }</b>
paper-files-empty = Готовых файлов пока нет.
paper-file-line = { $kind ->
    [summarySheet] 📋 Ведомость, { $period } ({ $format })
   *[printouts] 🖨 { $from } — { $to }, учеников: { $count }
}
