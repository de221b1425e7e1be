# Answers to odd input and to chats where personal data must not appear (feature: bot/features/guard/).

guard-private-only = Сведения из дневника я показываю только в личном чате. Напишите мне: @{ $bot }
guard-private-only-button = Открыть личный чат
guard-inline-private = Дневник — в личном чате с ботом
# Telegram keeps the menu at the bottom of the screen; MAX shows it as buttons under a message (this one).
guard-odd-message = Я понимаю текстовые сообщения и кнопки меню. { $messenger ->
    [MAX] Выберите раздел кнопкой под этим сообщением
   *[other] Выберите раздел в меню внизу
  } или отправьте /help.
guard-odd-message-unlinked = Я понимаю только текст. Пришлите пригласительный код от классного руководителя — например, ABCD-EFGH-JKMN-PQRS.
guard-unknown-text = Не понял сообщение. { $messenger ->
    [MAX] Выберите раздел кнопкой под этим сообщением
   *[other] Выберите раздел в меню внизу экрана
  } или отправьте /help.
