"""Every word a director reads in the report workbook, in Russian and English.

Metric names prefer the registry's own labels (``metrics.registry``); the words here cover
list columns, headings, comparison columns and the few metrics a sheet shows under a name
of its own.
"""

from __future__ import annotations

LANGS = ("ru", "en")

# column id -> (ru, en)
COLUMNS: dict[str, tuple[str, str]] = {
    "scope": ("Подразделение / сотрудник / воронка", "Department / employee / pipeline"),
    "task_scope": ("Подразделение / сотрудник / проект", "Department / employee / project"),
    "id": ("ID", "ID"),
    "deal_id": ("ID сделки", "Deal ID"),
    "title": ("Название", "Title"),
    "pipeline": ("Воронка", "Pipeline"),
    "stage": ("Стадия", "Stage"),
    "semantic": ("Статус стадии", "Stage status"),
    "status": ("Статус", "Status"),
    "employee": ("Сотрудник", "Employee"),
    "department": ("Отдел", "Department"),
    "amount": ("Сумма, ₽", "Amount, RUB"),
    "currency": ("Валюта", "Currency"),
    "created": ("Создано", "Created"),
    "closed": ("Закрыта", "Closed"),
    "deals": ("Сделок", "Deals"),
    "avg_days_on_stage": ("Дней на стадии (сред.)", "Avg days on stage"),
    "days_on_stage": ("Дней на стадии", "Days on stage"),
    "days_since_created": ("Дней с создания", "Days since created"),
    "last_touch": ("Последнее касание", "Last touch"),
    "days_idle": ("Дней без касаний", "Days idle"),
    "reason": ("Причина", "Reason"),
    "forgotten": ("Забыта", "Forgotten"),
    "link": ("Открыть в Битрикс24", "Open in Bitrix24"),
    "call": ("Звонки", "Calls"),
    "chat": ("Чаты", "Chats"),
    "meeting": ("Встречи", "Meetings"),
    "email": ("Письма", "E-mails"),
    "todo": ("Дела", "To-dos"),
    "points": ("Баллы", "Points"),
    "index": ("Индекс", "Index"),
    "won_count": ("Выиграно, шт.", "Won, count"),
    "won_sum": ("Выиграно, ₽", "Won, RUB"),
    "lost_count": ("Проиграно, шт.", "Lost, count"),
    "in_work": ("В работе", "In work"),
    "forgotten_deals": ("Забытых сделок", "Forgotten deals"),
    "conversion_overall": ("Конверсия общая", "Overall conversion"),
    "conversion_created": ("Конверсия созданных", "Conversion of created"),
    "avg_check": ("Средний чек, ₽", "Average check, RUB"),
    "cycle_days": ("Цикл сделки, дн.", "Deal cycle, days"),
    "new_won_count": ("Новые продажи, шт.", "New sales, count"),
    "repeat_won_count": ("Повторные продажи, шт.", "Repeat sales, count"),
    "open_at_start": ("Открыто на начало", "Open at start"),
    "gross_profit": ("Валовая прибыль, ₽", "Gross profit, RUB"),
    "tasks_set": ("Поставлено задач", "Tasks set"),
    "done": ("Выполнено", "Done"),
    "in_progress": ("В работе", "In progress"),
    "overdue": ("Просрочено", "Overdue"),
    "period_kind": ("Шаг", "Step"),
    "period": ("Период", "Period"),
    "started_on_time": ("Начато вовремя", "Started on time"),
    "finished_on_time": ("Завершено вовремя", "Finished on time"),
    "discipline": ("Коэффициент дисциплины", "Discipline coefficient"),
    "open_tasks": ("Открытых задач", "Open tasks"),
    "overdue_tasks": ("Просроченных задач", "Overdue tasks"),
    "plan": ("План", "Plan"),
    "fact": ("Факт", "Fact"),
    "plan_completion": ("Выполнение плана", "Plan completion"),
    "metric": ("Метрика", "Metric"),
    "label": ("Название", "Name"),
    "unit": ("Единица", "Unit"),
    "kind": ("Вид", "Kind"),
    "description": ("Что показывает", "What it shows"),
    "formula": ("Как считается", "How it is computed"),
    "setting": ("Параметр", "Setting"),
    "key": ("Ключ", "Key"),
    "value": ("Значение", "Value"),
}

# comparison column suffixes
ROLES: dict[str, tuple[str, str]] = {
    "current": ("", ""),
    "previous": ("пред. период", "previous period"),
    "year_ago": ("год назад", "a year ago"),
    "delta_previous": ("к пред. периоду", "vs previous"),
    "delta_year_ago": ("к прошлому году", "vs last year"),
}

SEMANTICS: dict[str, tuple[str, str]] = {
    "P": ("В работе", "In work"),
    "S": ("Успех", "Won"),
    "F": ("Провал", "Lost"),
}

TEXT: dict[str, tuple[str, str]] = {
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
    "open": ("открыть", "open"),
    "portal": ("Портал", "Portal"),
    "period": ("Период", "Period"),
    "as_of": ("Данные на", "Data as of"),
    "focus": ("Фокус", "Focus"),
    "by_month": ("По месяцам", "By month"),
    "by_quarter": ("Квартал к кварталу", "Quarter to quarter"),
    "by_week": (
        "Неделя к неделе, последняя полная неделя месяца",
        "Week to week, the last complete week of the month",
    ),
    "stages": ("Сделки в работе по стадиям", "Deals in work by stage"),
    "statuses": ("Сделки по статусам", "Deals by status"),
    "stuck": ("Зависшие на ключевой стадии", "Stuck on the key stage"),
    "forgotten_deals": ("Забытые сделки", "Forgotten deals"),
    "forgotten_leads": ("Забытые лиды", "Forgotten leads"),
    "discipline": ("Исполнительская дисциплина", "Execution discipline"),
    "buildup": ("Накопление просроченных задач", "Build-up of overdue tasks"),
    "by_scope": (
        "Задачи по отделам, сотрудникам и проектам",
        "Tasks by department, employee and project",
    ),
    "empty": ("нет данных за период", "no data for the period"),
    "plans_hint": (
        "Введите планы: месяцы по столбцам, отделы / воронки / сотрудники по строкам; "
        "затем нажмите «Сохранить планы».",
        "Enter plans: months across, departments / pipelines / employees down; then press "
        "Save plans.",
    ),
    "settings_hint": (
        "Измените значения в столбце «Значение»: они применятся при следующем обновлении.",
        "Change the values in the Value column: the next refresh reads them back.",
    ),
    "metrics_hint": (
        "Все числа отчёта в длинном формате: источник для своих сводных таблиц и формул.",
        "Every number of the report in long form: the source for your own PivotTables "
        "and formulas.",
    ),
    "catalog_hint": (
        "Как считается каждое число, которое показывает отчёт.",
        "How every number the report shows is computed.",
    ),
    "chart_won_by_month": ("Выиграно и конверсия по месяцам", "Won and conversion by month"),
    "chart_employees": ("Сотрудники: выиграно, ₽", "Employees: won, RUB"),
    "chart_stage_deals": ("Сделки в работе по стадиям, шт.", "Deals in work by stage"),
    "chart_stage_amounts": ("Суммы в работе по стадиям, ₽", "Amounts in work by stage, RUB"),
    "chart_plan_fact": ("План и факт по месяцам", "Plan vs fact by month"),
    "chart_discipline": ("Динамика дисциплины", "Discipline trend"),
    "chart_buildup": ("Накопление просроченных задач", "Build-up of overdue tasks"),
    "chart_activity": ("Индекс активности по сотрудникам", "Activity index per employee"),
    "chart_efficiency": ("Выиграно по сотрудникам, ₽", "Won by employee, RUB"),
    "days": ("дн.", "days"),
    "company": ("Компания", "Company"),
    "city": ("Город", "City"),
    "generated": ("Сформировано b24xl", "Generated by b24xl"),
}


def idx(lang: str) -> int:
    """0 for Russian, 1 for English (anything not English reads Russian)."""
    return 1 if lang == "en" else 0


def column(name: str, lang: str) -> str:
    """The header of a column; an unknown column (a custom field) keeps its own name."""
    pair = COLUMNS.get(name)
    return pair[idx(lang)] if pair else name


def text(key: str, lang: str) -> str:
    """A fixed phrase of the workbook."""
    return TEXT[key][idx(lang)]


def semantic(code: object, lang: str) -> str:
    """``P``/``S``/``F`` as a director says it."""
    pair = SEMANTICS.get(str(code or "P"))
    return pair[idx(lang)] if pair else str(code)
