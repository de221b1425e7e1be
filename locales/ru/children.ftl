# Which child the answers are about (feature: bot/features/children/).

children-title = Выберите, о ком показывать сведения. Сейчас выбран(а): <b>{ $student }</b>.
children-none = К вашему аккаунту не привязан ни один ученик.
children-switched = Теперь все ответы — про: <b>{ $student }</b>, { $class }.
children-add = ➕ Добавить ребёнка по коду
