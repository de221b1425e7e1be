# The school's journal feed (core/feed, bot/features/feed.ts): the freshness note of family views, /feed for the administration.

feed-stale = ⚠️ Данные на { $time }, журнал школы временно недоступен.
feed-stale-never = ⚠️ Журнал школы ещё не загружен, данные могут быть неполными.

cmd-feed = Связь с электронным журналом школы
feed-title = <b>Связь с электронным журналом</b>
feed-none = Электронный журнал школы не подключён: данные вносятся в боте (/today) или загружаются из файлов.
feed-status = Состояние: { $status ->
    [live] ✅ на связи
    [snapshot] 🔄 загрузка журнала
    [connecting] 🔄 подключение
    [authFailed] ⛔ журнал отклонил ключ школы — проверьте FEED_SCHOOLS
   *[down] ❌ нет связи
}
feed-synced = Данные актуальны на { $time }
feed-synced-never = Данные ещё ни разу не были загружены полностью.
feed-lag = Отставание: { $events } событий
feed-dead = Событий, которые не удалось принять: { $count } (подробности: npm run cli -- feed dead-letters)
