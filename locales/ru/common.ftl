# Common texts of the bot: errors, odd input, the generic answers.

error-generic = Извините, что-то пошло не так. Мы уже разбираемся — попробуйте, пожалуйста, ещё раз через минуту.
unavailable = Это действие недоступно. Откройте меню заново — /start.
not-linked = Ваш аккаунт не привязан. Пришлите пригласительный код от классного руководителя.
# A stored file that could not be carried to this messenger, sent without a caption of its own.
file-unavailable = 📎 Файл не удалось передать сюда. Попросите, пожалуйста, прислать его ещё раз.
# MAX: a message with several files; the diary takes one file a message, the first.
files-left-out = 📎 Из сообщения взят только первый файл. { $count ->
    [one] Ещё { $count } не сохранён: если он нужен, пришлите его отдельным сообщением.
   *[other] Ещё { $count } не сохранены: если они нужны, пришлите их по одному, отдельными сообщениями.
  }
