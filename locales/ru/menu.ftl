# The main menu (reply keyboard) and the chat's command list (feature: bot/features/menu/).

menu-children = 👨‍👩‍👧 Мои дети
menu-class = 🏫 Мой класс
menu-classes = 🏫 Классы
menu-settings = ⚙️ Настройки

menu-cmd-start = Главное меню
menu-cmd-help = Справка
menu-cmd-children = Выбрать ребёнка
menu-cmd-class = Подключённые семьи класса
menu-cmd-settings = Настройки
menu-cmd-privacy = Какие данные хранятся
menu-cmd-mydata = Выгрузить мои данные
menu-cmd-logout = Отвязать аккаунт
menu-cmd-compromised = Мой доступ скомпрометирован
