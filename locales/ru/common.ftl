# Common texts of the bot: errors, odd input, the generic answers.

error-generic = Извините, что-то пошло не так. Мы уже разбираемся — попробуйте, пожалуйста, ещё раз через минуту.
unavailable = Это действие недоступно. Откройте меню заново — /start.
