"""The B24_ worksheet functions (``UDF Modules`` = ``addin.udfs`` in the add-in's config).

Each function reads the local store through :mod:`addin.context` (cached per revision) and
asks :mod:`metrics.api` for one number or one table. Arguments are read as a director types
them (:mod:`addin.cells`); an error is ``#B24: ...`` text in the cell, an empty value an empty
cell. The docstrings are the help Excel shows, in Russian and English. On Windows ``xw.func``
registers the functions; elsewhere it leaves them as plain Python functions.

Parameters carry no type annotations on purpose: xlwings would read them as converters.
"""

from __future__ import annotations

import contextlib
from typing import Any

import xlwings as xw

from addin import context
from addin.cells import (
    cell_value,
    choice_arg,
    days_arg,
    in_cell,
    params_arg,
    period_arg,
    scope_arg,
    table_cells,
)

CATEGORY = "B24"
KINDS = {
    "overall": "conversion_overall",
    "общая": "conversion_overall",
    "всего": "conversion_overall",
    "created": "conversion_created",
    "созданные": "conversion_created",
    "от созданных": "conversion_created",
}
WON = {
    "count": "won_count",
    "количество": "won_count",
    "кол-во": "won_count",
    "шт": "won_count",
    "sum": "won_sum",
    "сумма": "won_sum",
    "revenue": "won_sum",
    "выручка": "won_sum",
}
ENTITIES = {
    "deals": "forgotten_deals",
    "сделки": "forgotten_deals",
    "leads": "forgotten_leads",
    "лиды": "forgotten_leads",
}
MEASURES = {
    "revenue": "revenue",
    "выручка": "revenue",
    "sum": "revenue",
    "сумма": "revenue",
    "won_count": "won_count",
    "count": "won_count",
    "количество": "won_count",
    "gross_profit": "gross_profit",
    "валовая прибыль": "gross_profit",
    "вп": "gross_profit",
}


# Help for each argument in Excel's function wizard (Russian / English); "FUNC.arg" overrides.
ARG_HELP = {
    "scope": 'Отдел, сотрудник, воронка, город или "all" (пусто = вся компания) / department, '
    "employee, pipeline, city or all",
    "period": "Период: 2024-03, 2024-Q1, 2024-W10, 2024, март 2024 или дата / period or a date",
    "kind": '"overall" - общая (по умолчанию), "created" - от созданных / overall or created',
    "measure": '"revenue" - выручка (по умолчанию), "won_count", "gross_profit" / plan measure',
    "B24_WON.measure": '"count" - количество (по умолчанию) или "sum" - сумма / count or sum',
    "days": "Дней без касаний (пусто = из настроек, 14) / idle days (empty = settings)",
    "entity": '"deals" - сделки (по умолчанию) или "leads" - лиды / deals or leads',
    "employee": "Сотрудник: Фамилия или Имя Фамилия / employee",
    "group": "Группа сравнения, например отдел (пусто = все активные) / comparison group",
    "name": "Имя показателя из каталога, например won_count / metric id from the catalog",
    "params": 'Параметры: "days=30; group=Продажи" или диапазон имя-значение / parameters',
    "report": "Отчёт: manager_efficiency, pipeline, sales_dynamics, ... / report name",
}


def metric(name: str, scope: Any, period: Any, params: dict[str, Any] | None = None) -> Any:
    """One metric value for the worksheet (shared by every B24_ function).

    Values are remembered per loaded store, so recalculating a sheet whose store did not
    change costs a dictionary lookup per cell.
    """
    from metrics.api import metric_value

    ctx = context.current()
    args = (scope_arg(scope), period_arg(period) if period is not None else None)
    key = (name, *args, tuple(sorted((params or {}).items())))
    try:
        return ctx.memo[key]
    except (KeyError, TypeError):
        pass
    value = cell_value(
        metric_value(
            ctx.frames, name, *args, params=params or None, settings=ctx.settings, plans=ctx.plans
        )
    )
    with contextlib.suppress(TypeError):  # an unhashable argument is just not remembered
        ctx.memo[key] = value
    return value


def _measure(value: Any) -> dict[str, str]:
    return {"measure": choice_arg(value, "revenue", MEASURES, ("measure", "показатель"))}


@xw.func(category=CATEGORY)
@in_cell
def B24_CONVERSION(scope, period, kind="overall"):
    """Конверсия сделок за период: общая (выигранные / (открытые на начало + созданные)) или
    от созданных (доля созданных в периоде, выигранных сейчас). Пример:
    =B24_CONVERSION("Сочи"; "2024-03"). Deal conversion for a scope and period; kind
    "overall" (default) or "created"."""
    return metric(choice_arg(kind, "overall", KINDS, ("kind", "вид")), scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_WON(scope, period, measure="count"):
    """Выигранные сделки за период: количество ("count") или сумма ("sum"). Пример:
    =B24_WON("Продажи"; "2024-Q1"; "sum"). Deals won in the period: count or sum."""
    return metric(choice_arg(measure, "count", WON, ("measure", "показатель")), scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_CREATED(scope, period):
    """Сделки, созданные в периоде. Пример: =B24_CREATED("Иванов"; "март 2024").
    Deals created in the period."""
    return metric("created", scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_LOST(scope, period):
    """Проигранные сделки за период. Пример: =B24_LOST("all"; "2024-03").
    Deals lost in the period."""
    return metric("lost_count", scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_AVG_CHECK(scope, period):
    """Средний чек: сумма выигранных / их количество. Пример: =B24_AVG_CHECK("Сочи"; "2024").
    Average check: won sum / won count."""
    return metric("avg_check", scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_CYCLE(scope, period):
    """Цикл сделки в днях: среднее от создания до выигрыша по сделкам, выигранным в периоде.
    Пример: =B24_CYCLE("all"; "2024-Q1"). Sales cycle in days (created to won)."""
    return metric("cycle_days", scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_FORGOTTEN(scope, days=None, entity="deals"):
    """Забытые открытые сделки или лиды без касаний дольше N дней (по умолчанию из настроек,
    14) на сейчас. Пример: =B24_FORGOTTEN("Продажи"; 30; "leads"). Open deals or leads
    untouched for more than N days, now."""
    name = choice_arg(entity, "deals", ENTITIES, ("entity", "тип записей"))
    n = days_arg(days)
    return metric(name, scope, None, {"days": n} if n is not None else None)


@xw.func(category=CATEGORY)
@in_cell
def B24_ACTIVITY_INDEX(employee, period, group=None):
    """Индекс активности сотрудника: 100 x его баллы / средние баллы группы (по умолчанию все
    активные сотрудники). Пример: =B24_ACTIVITY_INDEX("Иванов"; "2024-03"; "Продажи").
    Activity index of an employee within a group."""
    params = {"group": scope_arg(group)} if group not in (None, "") else None
    return metric("activity_index", employee, period, params)


@xw.func(category=CATEGORY)
@in_cell
def B24_DISCIPLINE(scope, period):
    """Исполнительская дисциплина по задачам: доля начатых вовремя x доля завершённых в срок.
    Пример: =B24_DISCIPLINE("Продажи"; "2024-03"). Task discipline (started x finished on
    time)."""
    return metric("discipline", scope, period)


@xw.func(category=CATEGORY)
@in_cell
def B24_PLAN(scope, period, measure="revenue"):
    """План за период: "revenue" (выручка, по умолчанию), "won_count" или "gross_profit".
    Пример: =B24_PLAN("Сочи"; "2024-Q1"). The plan of a scope and period."""
    return metric("plan", scope, period, _measure(measure))


@xw.func(category=CATEGORY)
@in_cell
def B24_FACT(scope, period, measure="revenue"):
    """Факт за период по тому же показателю, что и план. Пример:
    =B24_FACT("Сочи"; "2024-Q1"; "won_count"). The fact matching the plan's measure."""
    return metric("fact", scope, period, _measure(measure))


@xw.func(category=CATEGORY)
@in_cell
def B24_PLAN_PCT(scope, period, measure="revenue"):
    """Выполнение плана: факт / план (доля; формат ячейки - проценты). Пример:
    =B24_PLAN_PCT("Иванов"; "2024-03"). Plan completion: fact / plan."""
    return metric("plan_completion", scope, period, _measure(measure))


@xw.func(category=CATEGORY)
@in_cell
def B24_METRIC(name, scope, period, params=None):
    """Любой показатель из каталога по его имени; параметры "имя=значение; ..." или диапазон
    из двух столбцов. Пример: =B24_METRIC("no_next_step_deals"; "all"; ""). Any registered
    metric by name, with optional parameters."""
    return metric(str(name or "").strip(), scope, period, params_arg(params))


@xw.func(category=CATEGORY)
@in_cell
def B24_TABLE(report, scope=None, period=None):
    """Целая таблица отчёта (растекается вниз и вправо): строка заголовков, затем строки.
    Пример: =B24_TABLE("manager_efficiency"; "Продажи"; "2024-03"). A whole report table
    that spills."""
    from metrics.api import report_table

    ctx = context.current()
    frame = report_table(
        ctx.frames,
        str(report or "").strip(),
        scope=scope_arg(scope) if scope not in (None, "") else None,
        period=period_arg(period) if period not in (None, "") else None,
        settings=ctx.settings,
        plans=ctx.plans,
    )
    return table_cells(frame)


FUNCTIONS = (
    B24_CONVERSION, B24_WON, B24_CREATED, B24_LOST, B24_AVG_CHECK, B24_CYCLE, B24_FORGOTTEN,
    B24_ACTIVITY_INDEX, B24_DISCIPLINE, B24_PLAN, B24_FACT, B24_PLAN_PCT, B24_METRIC, B24_TABLE,
)  # fmt: skip
