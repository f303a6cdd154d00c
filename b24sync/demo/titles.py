"""Deal titles of the demo portal: what is sold, to whom, the way managers name deals.

Titles are a pure function of the deal's number, pipeline and client, so they use none of the
generator's random stream: the rest of the demo data is the same with or without them.
Clients never carry a person's surname, so no title can be mistaken for an employee's name
(the per-manager files are checked for every other employee's name).
"""

from __future__ import annotations

WHAT_BY_PIPELINE: dict[int, tuple[str, ...]] = {
    0: ("Поставка оборудования", "Монтаж и пусконаладка", "Сервисный договор",
        "Комплектующие", "Проектирование системы", "Модернизация"),
    1: ("Оптовая партия", "Отгрузка на склад", "Поставка по договору", "Пополнение остатков"),
    2: ("Тендер: поставка", "Тендер: монтаж", "Аукцион: обслуживание", "Конкурс: модернизация"),
}  # fmt: skip
LEGAL_FORMS = ("ООО", "АО", "ООО", "ЗАО", "ООО", "ПАО")
CLIENT_ROOTS = (
    "Альфа-Трейд", "Вектор", "Гранит", "Дельта Плюс", "Меридиан", "Черноморская логистика",
    "Кубань-Агро", "Тёплый дом", "СтройИнвест", "Азов-Сервис", "Горизонт", "Приморье",
    "Техноком", "Южная звезда", "Донской хлеб", "Вершина", "Медтехника", "Атлант",
    "Морской порт", "Агрокомплекс", "Энергосбыт", "Курорт-Строй", "Глобус", "Сфера",
)  # fmt: skip


def client_name(company: int, contact: int) -> str:
    """A company's name (deterministic by its id), else a private client by contact number."""
    if company <= 0:
        return f"частный клиент №{contact}"
    root = CLIENT_ROOTS[(company - 1) % len(CLIENT_ROOTS)]
    series = (company - 1) // len(CLIENT_ROOTS)
    suffix = f"-{series + 1}" if series else ""
    return f"{LEGAL_FORMS[company % len(LEGAL_FORMS)]} «{root}{suffix}»"


def deal_title(number: int, pipeline: int, company: int, contact: int) -> str:
    """``<what> - <client>``, e.g. ``Поставка оборудования - ООО «Гранит»``."""
    what = WHAT_BY_PIPELINE.get(pipeline, WHAT_BY_PIPELINE[0])
    return f"{what[number % len(what)]} — {client_name(company, contact)}"
