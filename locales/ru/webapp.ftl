# The Mini App's shell and its server's refusals (web/server/http-errors.ts).
webapp-error-unauthorized = Не удалось подтвердить вход. Закройте и откройте приложение из чата с ботом.
webapp-error-expired = Сеанс устарел. Закройте и откройте приложение из чата с ботом ещё раз.
webapp-error-not-linked = Этот аккаунт не привязан к школе. Привяжите его по коду приглашения в чате с ботом.
webapp-error-forbidden = Нет доступа к этим данным.
webapp-error-bad-input = Неверные данные — ничего не сохранено.
webapp-error-too-large = Слишком большой запрос.
webapp-error-not-found = Такой страницы нет.
webapp-error-conflict = Запись уже изменили: обновите ячейку.
webapp-error-closed = Срок внесения записей за этот урок истёк.
webapp-error-internal = Что-то пошло не так. Попробуйте ещё раз чуть позже.

webapp-title = Дневник
webapp-loading = Загрузка…
webapp-offline = Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.
webapp-no-launch-data = Откройте это приложение кнопкой в чате с ботом «Дневник».
webapp-back = Назад
webapp-nothing = Для вашей роли здесь пока ничего нет: всё доступно в чате с ботом.
webapp-screen-grid = Журнал
webapp-screen-grid-hint = Отметки, посещаемость, темы и задания класса
webapp-screen-glance = Мой класс
webapp-screen-glance-hint = Средние баллы, итоговые отметки, пропуски недели
webapp-screen-term = Успеваемость
webapp-screen-term-hint = Отметки за четверть, средние и график
webapp-screen-panel = Контроль
webapp-screen-panel-hint = Ведение журнала по классам и учителям

# The chat's buttons that open the Mini App (bot/features/webapp/); the menu button is labelled with the screen's name above.
webapp-open-grid = 📒 Открыть журнал
webapp-open-term = 📈 Успеваемость за четверть
webapp-open-panel = 📊 Панель контроля
webapp-open-glance = 🏫 Мой класс
