# Answers to odd input and to chats where personal data must not appear (feature: bot/features/guard.ts).

private-only = Сведения из дневника я показываю только в личном чате. Напишите мне: @{ $bot }
private-only-button = Открыть личный чат
inline-private = Дневник — в личном чате с ботом
odd-message = Я понимаю текстовые сообщения и кнопки меню. Выберите раздел в меню внизу или отправьте /help.
odd-message-unlinked = Я понимаю только текст. Пришлите пригласительный код от классного руководителя — например, ABCD-EFGH-JKMN-PQRS.
unknown-text = Не понял сообщение. Выберите раздел в меню внизу экрана или отправьте /help.
