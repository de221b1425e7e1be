# The main menu (reply keyboard) and the chat's command list (feature: bot/features/menu.ts).

menu-children = 👨‍👩‍👧 Мои дети
menu-class = 🏫 Мой класс
menu-classes = 🏫 Классы
menu-settings = ⚙️ Настройки

cmd-start = Главное меню
cmd-help = Справка
cmd-children = Выбрать ребёнка
cmd-class = Подключённые семьи класса
cmd-settings = Настройки
cmd-privacy = Какие данные хранятся
cmd-mydata = Выгрузить мои данные
cmd-logout = Отвязать аккаунт
cmd-compromised = Мой доступ скомпрометирован
