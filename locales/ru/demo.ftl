# npm run demo: the terminal demo (cli/demo.ts). Shown in the terminal, never sent to Telegram or MAX.
# $messenger: telegram or max (npm run demo -- --messenger max).

demo-bot-name = Школьный дневник (демо)
demo-title = { $messenger ->
    [max] Демо MAX-бота электронного дневника школы
   *[other] Демо Telegram-бота электронного дневника школы
}
demo-intro = { $messenger ->
    [max]
        Это пробный запуск на этом компьютере. Работает настоящий бот со своей базой данных, а вместо серверов MAX — их имитация здесь же: в интернет ничего не уходит, токен бота MAX не нужен.
        Вы выберете, за кого войти (родитель, ученик, классный руководитель…), и будете переписываться с ботом прямо в этом окне — как в MAX.
   *[other]
        Это пробный запуск на этом компьютере. Работает настоящий бот со своей базой данных, а вместо серверов Telegram — их имитация здесь же: в интернет ничего не уходит, токен от @BotFather не нужен.
        Вы выберете, за кого войти (родитель, ученик, классный руководитель…), и будете переписываться с ботом прямо в этом окне — как в Telegram.
}
demo-args =
    Неверные параметры демо: { $error }
    Запуск: npm run demo [-- --messenger telegram|max]
demo-messenger = { $messenger ->
    [max] Мессенджер: MAX (имитация MAX Bot API: { $url })
   *[other] Мессенджер: Telegram (имитация Telegram Bot API: { $url })
}
demo-db-embedded = База данных: встроенный PostgreSQL в папке { $dir }
demo-db-server = База данных: сервер PostgreSQL из переменной DATABASE_URL
demo-log = Журнал работы бота: { $file }
demo-step-db = Запускаю базу данных…
demo-step-seed = Создаю демо-школу: классы, ученики, родители, расписание, отметки (только при первом запуске)…
demo-step-codes = Выдаю пригласительные коды демо-школы…
demo-step-bot = Запускаю бота…
demo-step-done = готово ({ $seconds } с)
demo-school = Демо-школа: { $name }. Классов: { $classes }, учеников: { $students }, родителей: { $guardians }, сотрудников: { $staff }.
demo-pick = Выберите, за кого войти в бот:
demo-pick-hint = Введите номер и нажмите Enter. /quit — выход.
demo-pick-wrong = Нет такого варианта. Введите число от 1 до { $max }.

demo-role-parent = Родитель
demo-role-student = Ученик
demo-role-class_teacher = Классный руководитель
demo-role-teacher = Учитель
demo-role-deputy = Заместитель директора
demo-role-director = Директор
demo-role-admin = Администратор журнала
demo-persona-parent = { $role } — { $name } (ребёнок: { $student }, { $class })
demo-persona-student = { $role } — { $name }, { $class }
demo-persona-class_teacher = { $role } { $class } — { $name }
demo-persona-staff = { $role } — { $name }

demo-chat-start = Вы вошли как: { $persona }.
demo-chat-code = { $messenger ->
    [max] Бот получает запуск по ссылке с пригласительным кодом { $code } — так же, как если бы вы открыли ссылку или QR-код из приглашения в MAX.
   *[other] Бот получает /start с пригласительным кодом { $code } — так же, как если бы вы открыли ссылку из приглашения.
}
demo-chat-linked = { $messenger ->
    [max] Этот аккаунт уже подключён в прошлый раз — просто открываю бота («Начать»).
   *[other] Этот аккаунт уже подключён в прошлый раз — отправляю просто /start.
}
demo-max-start = «Начать» по ссылке { $link }
demo-chat-hint = Число — нажать кнопку с этим номером, любой другой текст — отправить боту сообщение. /switch — войти за другого, /quit — выход.
demo-you = Вы
demo-bot = Бот
demo-bot-edited = Бот (сообщение изменено)
demo-deleted = (бот удалил своё сообщение)
demo-buttons-removed = (бот убрал кнопки под сообщением «{ $snippet }»)
demo-buttons-changed = Бот изменил кнопки под сообщением «{ $snippet }»
demo-keyboard = Кнопки под полем ввода:
demo-toast = (всплывающее уведомление: { $text })
demo-alert = (окно с предупреждением: { $text })
demo-document = [файл { $name }, { $size } байт]{ $path ->
    [none] {""}
   *[other] {" "}→ { $path }
}
demo-photo = [фотография, { $size } байт]{ $path ->
    [none] {""}
   *[other] {" "}→ { $path }
}
demo-url-button = Эта кнопка открывает ссылку: { $url }
demo-button-unsupported = Такую кнопку в демо нажать нельзя.
demo-button-gone = Этой кнопки уже нет: бот изменил сообщение.
demo-no-answer = Бот ничего не ответил.

demo-stopping = Останавливаю бота и базу данных…
demo-bye = До свидания. Данные демо-школы остались в { $dir }: следующий запуск будет быстрее. Начать с чистого листа — удалите эту папку.
demo-bye-server = До свидания. Демо-школа осталась в базе данных из DATABASE_URL.
demo-busy = Эту папку с данными уже использует другой запущенный бот или демо. Остановите его или укажите другую папку: DATA_DIR=./demo-data npm run demo
demo-foreign-school = В этой базе данных уже есть другая школа, а демо-школы нет. Демо не добавляет учебные данные в рабочую базу: запустите его без DATABASE_URL (тогда у него будет своя база в DATA_DIR) или укажите пустую базу.
demo-no-personas = В демо-школе не нашлось ни одного пригласительного кода.
demo-config = Настройки не подходят для демо:
demo-failed = Демо остановилось из-за ошибки: { $error }

demo-webapp = Мини-приложение (журнал, успеваемость, панель — в браузере) за этого человека: { $url }
    Откройте ссылку в любом браузере в любое время, пока идёт демо (тёмная тема — { $dark }). Для родителя и ученика оно откроется после подключения аккаунта.
demo-webapp-max = Мини-приложение (журнал, успеваемость, панель — в браузере) за этого человека, как его открывает MAX: { $url }
    Откройте ссылку в любом браузере в любое время, пока идёт демо. Для родителя и ученика оно откроется после подключения аккаунта.
demo-webapp-button = Эта кнопка открывает мини-приложение. В браузере: { $url }
