# The class teacher's list of connected families, with revocation (feature: bot/features/class/).

class-pick = Выберите класс:
class-links-title = <b>{ $class }: подключённые аккаунты</b> ({ $count })
class-links-empty = <b>{ $class }</b>: пока никто не подключился.
class-link-guardian = { $student } — родитель { $guardian }, с { $date }
class-link-student = { $student } — ученик, с { $date }
class-link-revoke = ✖ { $student }: { $who }
class-link-who-guardian = родитель
class-link-who-student = ученик
class-revoke-confirm = Отменить привязку: { $student } ({ $who })? Этот аккаунт сразу потеряет доступ к дневнику.
class-revoke-yes = Да, отменить
class-revoke-no = Нет
class-revoke-done = Привязка отменена. Для нового подключения выдайте семье новый код.
class-none = У вас нет классов, в которых можно управлять доступом.
