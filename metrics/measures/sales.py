"""Sales measures of a period and a scope (metrics-spec "Sales measures")."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from metrics.errors import ParameterError
from metrics.measures.state import sales_parts
from metrics.registry import Query, Result, metric
from metrics.scopes import deal_mask
from metrics.settings import match_column

# metric id -> (numerator part, denominator part or None, scale); reports aggregate these
DEAL_PARTS: dict[str, tuple[str, str | None, float]] = {}


def deal_metric(num: str, den: str | None = None, scale: float = 1.0, **definition: Any) -> None:
    """Register a metric that is a sum (or a ratio of sums) of per-deal parts."""
    DEAL_PARTS[definition["id"]] = (num, den, scale)

    def compute(q: Query) -> Result:
        start, end = q.bounds()
        parts = sales_parts(q.model, q.as_of, start, end)
        mask = deal_mask(q.model, q.scope)
        top = float(parts[num][mask].sum())
        if den is None:
            return Result(int(top) if definition["kind"] == "count" else top, top, None)
        return Result.ratio(top, float(parts[den][mask].sum()), scale)

    metric(additive=den is None, **definition)(compute)


deal_metric(
    "created", id="created", kind="count", unit="deals",
    label_ru="Создано сделок", label_en="Deals created",
    description_ru="Сделки, созданные в периоде.",
    description_en="Deals created in the period.",
    formula_ru="число сделок, у которых дата создания (createdTime) в периоде",
    formula_en="number of deals whose createdTime is in the period",
)  # fmt: skip
deal_metric(
    "won", id="won_count", kind="count", unit="deals",
    label_ru="Выиграно сделок", label_en="Deals won",
    description_ru="Сделки, выигранные в периоде: последний переход в успешную стадию (S) "
    "попал в период, и сделка успешна на момент T. Переоткрытая сделка не считается.",
    description_en="Deals won in the period: the last move into a won (S) stage falls in the "
    "period and the deal is still won at T. A reopened deal does not count.",
    formula_ru="число сделок с won_at в периоде",
    formula_en="number of deals with won_at in the period",
)  # fmt: skip
deal_metric(
    "won_amount", id="won_sum", kind="sum", unit="rub",
    label_ru="Сумма выигранных", label_en="Won amount",
    description_ru="Сумма выигранных в периоде сделок в базовой валюте (курсы crm.currency.list).",
    description_en="Amount of the deals won in the period, in the base currency "
    "(rates of crm.currency.list).",
    formula_ru="сумма opportunity x курс по сделкам с won_at в периоде",
    formula_en="sum of opportunity x rate over deals with won_at in the period",
)  # fmt: skip
deal_metric(
    "lost", id="lost_count", kind="count", unit="deals",
    label_ru="Проиграно сделок", label_en="Deals lost",
    description_ru="Сделки, проигранные в периоде и проигранные на момент T.",
    description_en="Deals lost in the period and still lost at T.",
    formula_ru="число сделок с lost_at в периоде",
    formula_en="number of deals with lost_at in the period",
)  # fmt: skip
deal_metric(
    "open_start", id="open_at_start", kind="count", unit="deals",
    label_ru="В работе на начало", label_en="Open at start",
    description_ru="Сделки, созданные до начала периода и бывшие в работе (P) в момент начала. "
    "Для периода в будущем - в работе сейчас.",
    description_en="Deals created before the period start and in work (P) at that moment. "
    "For a future period: in work now.",
    formula_ru="число сделок с createdTime < начала и семантикой P на начало",
    formula_en="number of deals with createdTime < start and semantic P at start",
)  # fmt: skip
deal_metric(
    "in_work", id="in_work", kind="count", unit="deals",
    label_ru="В работе", label_en="In work",
    description_ru="Сделки в работе (P) на конец периода, а если период ещё идёт (или в "
    "будущем) - на момент T. Сделка, закрытая ровно в полночь конца периода, на конец периода "
    "ещё в работе.",
    description_en="Deals in work (P) at the end of the period, or at T when the period is not "
    "over (or in the future). A deal closed exactly at the closing midnight is still in work "
    "at the period's end.",
    formula_ru="число сделок с семантикой P на min(конец, T)",
    formula_en="number of deals with semantic P at min(end, T)",
)  # fmt: skip
deal_metric(
    "conv_num", "created", id="conversion_created", kind="share", unit="share",
    label_ru="Конверсия созданных", label_en="Conversion of created",
    description_ru="Доля сделок, созданных в периоде, которые выиграны на момент T.",
    description_en="Share of the deals created in the period that are won at T.",
    formula_ru="(созданы в периоде и успешны на T) / создано в периоде",
    formula_en="(created in the period and won at T) / created in the period",
)  # fmt: skip
deal_metric(
    "won", "conv_base", id="conversion_overall", kind="share", unit="share",
    label_ru="Общая конверсия", label_en="Overall conversion",
    description_ru="Выиграно в периоде относительно всех сделок, которые могли быть выиграны: "
    "в работе на начало плюс созданные в периоде.",
    description_en="Won in the period against every deal that could have been won: open at "
    "the start plus created in the period.",
    formula_ru="won_count / (open_at_start + created)",
    formula_en="won_count / (open_at_start + created)",
)  # fmt: skip
deal_metric(
    "won_amount", "won", id="avg_check", kind="ratio", unit="rub",
    label_ru="Средний чек", label_en="Average deal",
    description_ru="Средняя сумма выигранной в периоде сделки.",
    description_en="Average amount of a deal won in the period.",
    formula_ru="won_sum / won_count",
    formula_en="won_sum / won_count",
)  # fmt: skip
deal_metric(
    "cycle_days", "won", id="cycle_days", kind="mean", unit="days",
    label_ru="Цикл сделки, дней", label_en="Deal cycle, days",
    description_ru="Среднее время от создания до выигрыша по сделкам, выигранным в периоде "
    "(в сутках, дробное; отрицательное считается 0).",
    description_en="Mean time from creation to win over deals won in the period (days, "
    "fractional; negative counts as 0).",
    formula_ru="среднее (won_at - createdTime) в днях по выигранным в периоде",
    formula_en="mean of (won_at - createdTime) in days over deals won in the period",
)  # fmt: skip
deal_metric(
    "repeat", id="repeat_won_count", kind="count", unit="deals",
    label_ru="Повторные продажи", label_en="Repeat sales",
    description_ru="Выигранные в периоде сделки клиента (компания, иначе контакт), у которого "
    "раньше уже была выиграна другая сделка. Сделка без клиента - новая.",
    description_en="Deals won in the period whose client (company, else contact) had another "
    "deal won earlier. A deal without a client is new.",
    formula_ru="число выигранных, где won_at > первого выигрыша клиента",
    formula_en="won deals with won_at > the client's first win",
)  # fmt: skip
deal_metric(
    "new", id="new_won_count", kind="count", unit="deals",
    label_ru="Новые продажи", label_en="New sales",
    description_ru="Выигранные в периоде сделки, не являющиеся повторными.",
    description_en="Deals won in the period that are not repeat sales.",
    formula_ru="won_count - repeat_won_count",
    formula_en="won_count - repeat_won_count",
)  # fmt: skip
deal_metric(
    "gross_profit", id="gross_profit", kind="sum", unit="rub",
    label_ru="Валовая прибыль", label_en="Gross profit",
    description_ru="Сумма поля валовой прибыли (настройка gross_profit_field) по сделкам, "
    "выигранным в периоде; пустое поле - 0.",
    description_en="Sum of the gross-profit field (setting gross_profit_field) over deals won "
    "in the period; an empty field is 0.",
    formula_ru="сумма поля валовой прибыли по сделкам с won_at в периоде",
    formula_en="sum of the gross-profit field over deals with won_at in the period",
)  # fmt: skip


def field_sum(q: Query) -> Result:
    """A numeric custom field summed over deals won in the period (param ``field``)."""
    column = match_column(list(q.model.deals.columns), q.params.get("field", ""))
    if column not in q.model.deals.columns:
        fields = ", ".join(c for c in q.model.deals.columns if c.startswith("ufCrm"))
        raise ParameterError(
            f"uf_sum needs field=<custom deal field>; known: {fields or 'none'}",
            f"для uf_sum укажите field=<поле сделки>; есть: {fields or 'нет'}",
        )
    start, end = q.bounds()
    parts = sales_parts(q.model, q.as_of, start, end)
    values = pd_numeric(q, column)
    total = float(np.where(parts["won"] > 0, values, 0.0)[deal_mask(q.model, q.scope)].sum())
    return Result(total, total, None)


def pd_numeric(q: Query, column: str) -> np.ndarray:
    """A deal column as floats (0 where empty or not a number), cached."""

    def build() -> np.ndarray:
        values = pd.to_numeric(q.model.deals[column], errors="coerce")
        return np.nan_to_num(values.to_numpy(dtype=np.float64, na_value=0.0))

    return q.model.cached(("numeric", column), build)


metric(
    id="uf_sum", kind="sum", unit="rub", params=("field",), additive=True,
    label_ru="Сумма поля", label_en="Field total",
    description_ru="Любое числовое пользовательское поле сделки (param field=UF_CRM_...), "
    "просуммированное по сделкам, выигранным в периоде.",
    description_en="Any numeric custom deal field (param field=UF_CRM_...) summed over deals "
    "won in the period.",
    formula_ru="сумма поля по сделкам с won_at в периоде",
    formula_en="sum of the field over deals with won_at in the period",
)(field_sum)  # fmt: skip
