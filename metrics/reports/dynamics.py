"""Sales dynamics: every sales measure x scope levels x periods, in long form.

Columns: ``metric, scope_level, scope_id, scope, parent_id, depth, period, period_role,
value, numerator, denominator``. Roles: ``current`` (the requested period), ``previous``
(the period of the same kind before: MoM, QoQ, WoW), ``year_ago`` (YoY), and ``series``
(the 12 months ending with the period's last month, for month dynamics).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.sales import DEAL_PARTS
from metrics.measures.state import sales_parts
from metrics.periods import Period, month_of
from metrics.reports.base import ReportRequest, report
from metrics.reports.groups import Levels, levels

SALES_METRICS = (
    "created", "won_count", "won_sum", "lost_count", "open_at_start", "in_work",
    "conversion_created", "conversion_overall", "avg_check", "cycle_days",
    "repeat_won_count", "new_won_count", "gross_profit",
)  # fmt: skip
COLUMNS = [
    "metric", "scope_level", "scope_id", "scope", "parent_id", "depth", "period",
    "period_role", "value", "numerator", "denominator",
]  # fmt: skip


def roles(period: Period) -> list[tuple[Period, str]]:
    """The requested period, its comparison periods and the month series."""
    out = [(period, "current"), (period.previous(), "previous"), (period.year_ago(), "year_ago")]
    last_month = month_of(period.end - pd.Timedelta(days=1))
    series = [last_month.shift(-i) for i in range(11, -1, -1)]
    return out + [(p, "series") for p in series]


Block = tuple[str, str, str, np.ndarray, np.ndarray, np.ndarray]


def long_frame(rows: pd.DataFrame, blocks: list[Block]) -> pd.DataFrame:
    """One long frame from per-(metric, period) value arrays over the same scope rows."""
    n, g = len(blocks), len(rows)
    if not n:
        return pd.DataFrame(columns=COLUMNS)
    data: dict[str, object] = {
        "metric": np.repeat(np.array([b[0] for b in blocks], dtype=object), g),
    }
    for column in ("scope_level", "scope_id", "scope", "parent_id", "depth"):
        data[column] = np.tile(rows[column].to_numpy(), n)
    data["period"] = np.repeat(np.array([b[1] for b in blocks], dtype=object), g)
    data["period_role"] = np.repeat(np.array([b[2] for b in blocks], dtype=object), g)
    for i, column in enumerate(("value", "numerator", "denominator"), start=3):
        data[column] = np.concatenate([np.asarray(b[i], dtype=np.float64) for b in blocks])
    return pd.DataFrame(data)[COLUMNS]


def metric_rows(
    request: ReportRequest,
    groups: Levels,
    metric_ids: tuple[str, ...],
    periods: list[tuple[Period, str]],
) -> pd.DataFrame:
    """Long rows of deal metrics (sums or ratios of sums) for every group and period."""
    blocks: list[Block] = []
    nothing = np.full(len(groups.rows), np.nan)
    for period, role in periods:
        start, end = request.bounds(period)
        parts = sales_parts(request.model, request.as_of, start, end)
        sums: dict[str, np.ndarray] = {}
        for metric_id in metric_ids:
            num, den, scale = DEAL_PARTS[metric_id]
            for part in (num, den):
                if part is not None and part not in sums:
                    sums[part] = groups.sums(parts[part])
            top = sums[num]
            if den is None:
                blocks.append((metric_id, period.label, role, top, top, nothing))
                continue
            bottom = sums[den]
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(bottom > 0, top / bottom * scale, np.nan)
            blocks.append((metric_id, period.label, role, value, top, bottom))
    return long_frame(groups.rows, blocks)


def empty_to_none(
    frame: pd.DataFrame, columns: tuple[str, ...] = ("value", "denominator")
) -> pd.DataFrame:
    """NaN -> None in value columns, so an empty ratio is an empty cell."""
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


@report("sales_dynamics")
def sales_dynamics(request: ReportRequest) -> pd.DataFrame:
    """Every sales measure by company, departments, employees, pipelines, cities, sources
    (memoised per scope, period and T: the ``metrics`` table reuses it)."""
    key = ("sales_dynamics", request.scope.id, request.period, request.as_of)
    return request.model.cached(key, lambda: _sales_dynamics(request)).copy()


def _sales_dynamics(request: ReportRequest) -> pd.DataFrame:
    groups = levels(request.model, request.scope)
    metric_ids = SALES_METRICS
    frame = metric_rows(request, groups, metric_ids, roles(request.period))
    uf = [f"uf_sum:{f}" for f in request.model.settings.uf_fields]
    if uf:
        frame = pd.concat([frame, uf_rows(request, groups, uf)], ignore_index=True)
    return empty_to_none(frame)


def uf_rows(request: ReportRequest, groups: Levels, parts_ids: list[str]) -> pd.DataFrame:
    """Numeric custom fields summed over won deals, as extra metrics ``uf_sum:<field>``."""
    blocks: list[Block] = []
    nothing = np.full(len(groups.rows), np.nan)
    for period, role in roles(request.period)[:3]:
        start, end = request.bounds(period)
        parts = sales_parts(request.model, request.as_of, start, end)
        for part in parts_ids:
            total = groups.sums(parts[part])
            blocks.append((part, period.label, role, total, total, nothing))
    return long_frame(groups.rows, blocks)
