"""The fixed parts of the demo company «Южный Ветер»: departments, people and their skill,
pipelines and stages, lead statuses, sources, currencies and projects.

Everything here is plain data; :mod:`b24sync.demo.generate` turns it into records.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPANY = "ООО «Южный Ветер»"

# (ID, NAME, PARENT or None, city used for the deals of its people)
DEPARTMENTS = (
    (1, COMPANY, None, "Москва"),
    (2, "Москва", 1, "Москва"),
    (3, "Краснодар", 1, "Краснодар"),
    (4, "Ростов-на-Дону", 1, "Ростов-на-Дону"),
    (5, "Сочи", 1, "Сочи"),
    (6, "Сочи — Адлер", 5, "Сочи"),
)


@dataclass(frozen=True)
class Person:
    """One employee and how they sell (multipliers around 1.0 are average)."""

    id: int
    name: str
    second_name: str
    last_name: str
    department: int
    position: str
    conversion: float  # chance a deal of theirs is won
    speed: float  # multiplies the deal cycle (lower is faster)
    activity: float  # multiplies the number of activities per deal
    discipline: float  # chance a task starts / finishes on time
    capacity: float  # share of new deals they take
    hired: str = "2022-03-01"  # DATE_REGISTER (date); no deals before it
    fired: str | None = None  # the last day; ACTIVE false afterwards
    head: bool = False


PEOPLE = (
    Person(1, "Андрей", "Викторович", "Соколов", 1, "Генеральный директор",
           0.45, 1.0, 0.6, 0.9, 0.0, "2019-02-01", head=True),
    Person(2, "Ольга", "Сергеевна", "Миронова", 2, "Руководитель отдела продаж",
           0.48, 0.8, 1.2, 0.92, 0.9, "2020-05-12", head=True),
    Person(3, "Дмитрий", "Алексеевич", "Кузнецов", 2, "Менеджер по продажам",
           0.52, 0.7, 1.5, 0.88, 1.3),
    Person(4, "Екатерина", "Игоревна", "Белова", 2, "Менеджер по продажам",
           0.34, 1.1, 1.0, 0.8, 1.1),
    Person(5, "Игорь", "Павлович", "Лебедев", 2, "Менеджер по продажам",
           0.22, 1.5, 0.6, 0.55, 1.0, "2022-09-01", fired="2025-08-15"),
    Person(6, "Наталья", "Викторовна", "Орлова", 3, "Руководитель отдела продаж",
           0.44, 0.9, 1.1, 0.9, 0.8, "2021-01-18", head=True),
    Person(7, "Сергей", "Николаевич", "Волков", 3, "Менеджер по продажам",
           0.30, 1.2, 1.7, 0.7, 1.2),
    Person(8, "Анна", "Дмитриевна", "Зайцева", 3, "Менеджер по продажам",
           0.40, 0.9, 0.9, 0.85, 1.0),
    Person(9, "Павел", "Андреевич", "Морозов", 3, "Менеджер по продажам",
           0.18, 1.6, 0.5, 0.6, 0.9, "2023-04-03", fired="2026-03-31"),
    Person(10, "Михаил", "Юрьевич", "Попов", 4, "Руководитель отдела продаж",
           0.41, 1.0, 1.0, 0.87, 0.8, "2021-06-07", head=True),
    Person(11, "Татьяна", "Олеговна", "Новикова", 4, "Менеджер по продажам",
           0.37, 0.8, 1.3, 0.78, 1.1),
    Person(12, "Алексей", "Владимирович", "Фёдоров", 4, "Менеджер по продажам",
           0.27, 1.3, 0.8, 0.65, 1.0),
    Person(13, "Елена", "Александровна", "Васильева", 5, "Руководитель отдела продаж",
           0.50, 0.9, 1.2, 0.93, 0.8, "2020-11-02", head=True),
    Person(14, "Артём", "Сергеевич", "Павлов", 5, "Менеджер по продажам",
           0.33, 1.0, 1.4, 0.75, 1.2),
    Person(15, "Мария", "Евгеньевна", "Семёнова", 5, "Менеджер по продажам",
           0.43, 1.1, 0.9, 0.82, 1.0, "2026-05-18"),
    Person(16, "Виктор", "Геннадьевич", "Григорьев", 6, "Руководитель группы",
           0.39, 1.2, 1.0, 0.8, 0.9, "2021-03-15", head=True),
    Person(17, "Ксения", "Романовна", "Степанова", 6, "Менеджер по продажам",
           0.29, 0.9, 1.6, 0.72, 1.1),
    Person(18, "Роман", "Ильич", "Никитин", 6, "Менеджер по продажам",
           0.36, 1.4, 0.7, 0.68, 0.9),
)  # fmt: skip

# pipelines: (id, name, sort, share of new deals, amount median, cycle median days,
#             win factor, process stages [(STATUS_ID suffix, name)], won name, lost stages)
PIPELINES = (
    (0, "Общая", 100, 0.62, 120_000.0, 12.0, 1.0,
     (("NEW", "Новая"), ("PREPARATION", "Подготовка документов"),
      ("PREPAYMENT_INVOICE", "Счёт на предоплату"), ("EXECUTING", "В работе"),
      ("FINAL_INVOICE", "Финальный счёт")),
     "Сделка успешна", (("LOSE", "Сделка провалена", "failure"),
                        ("APOLOGY", "Анализ причины провала", "apology"))),
    (1, "Опт", 200, 0.28, 450_000.0, 8.0, 1.15,
     (("NEW", "Новая заявка"), ("PREPARATION", "Коммерческое предложение"),
      ("EXECUTING", "Согласование договора"), ("FINAL_INVOICE", "Отгрузка")),
     "Отгружено", (("LOSE", "Отказ", "failure"),)),
    (2, "Тендеры", 300, 0.10, 1_500_000.0, 30.0, 0.55,
     (("NEW", "Новый тендер"), ("PREPARATION", "Подготовка заявки"),
      ("EXECUTING", "Заявка подана")),
     "Тендер выигран", (("LOSE", "Тендер проигран", "failure"),)),
)  # fmt: skip

PROCESS_COLORS = ("#39A8EF", "#2FC6F6", "#55D0E0", "#47E4C2", "#FFA900", "#FFC34D")
WON_COLOR, LOST_COLOR = "#7BD500", "#FF5752"

LEAD_STATUSES = (
    ("NEW", "Не обработан", None, "process"),
    ("IN_PROCESS", "В работе", None, "process"),
    ("PROCESSED", "Обработан", None, "process"),
    ("CONVERTED", "Качественный лид", "S", "success"),
    ("JUNK", "Некачественный лид", "F", "failure"),
)

# (STATUS_ID, name, weight for new deals)
SOURCES = (
    ("CALL", "Звонок", 0.24),
    ("WEB", "Веб-сайт", 0.22),
    ("EMAIL", "E-Mail", 0.10),
    ("ADVERTISING", "Реклама", 0.14),
    ("RECOMMENDATION", "По рекомендации", 0.12),
    ("PARTNER", "Существующий клиент", 0.08),
    ("TRADE_SHOW", "Выставка", 0.06),
    ("OTHER", "Другое", 0.04),
)

DEAL_TYPES = (("SALE", "Продажа"), ("COMPLEX", "Комплексная продажа"),
              ("SERVICE", "Сервисное обслуживание"))  # fmt: skip

# (CURRENCY, AMOUNT_CNT, AMOUNT, BASE, SORT, FULL_NAME, FORMAT_STRING)
CURRENCIES = (
    ("RUB", "1", "1.0000", "Y", "100", "Российский рубль", "# ₽"),
    ("USD", "1", "92.5000", "N", "200", "Доллар США", "$#"),
    ("EUR", "1", "100.2000", "N", "300", "Евро", "€#"),
)
USD_RATE = 92.5

# (ID, NAME, PROJECT, OWNER_ID, DATE_CREATE, CLOSED)
GROUPS = (
    (1, "Выставка «ЮгСтрой»", "Y", 2, "2024-10-01T10:00:00+03:00", "N"),
    (2, "Запуск филиала в Адлере", "Y", 13, "2024-11-11T11:30:00+03:00", "N"),
    (3, "Внедрение CRM", "Y", 1, "2024-09-02T09:15:00+03:00", "Y"),
    (4, "Тендерный отдел", "N", 10, "2023-02-20T12:00:00+03:00", "N"),
)

GROSS_PROFIT_FIELD = "ufCrm_1700000001"
CITY_FIELD = "ufCrm_1700000002"
