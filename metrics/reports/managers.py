"""Manager efficiency: ``user_id, employee, department, created, won_count, won_sum,
lost_count, in_work, forgotten_deals, conversion_overall, avg_check, cycle_days`` for the
period, one row per employee of the scope (ratios empty when their denominator is 0)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.forgotten import forgotten, forgotten_days
from metrics.measures.sales import DEAL_PARTS
from metrics.measures.state import sales_parts
from metrics.reports.base import ReportRequest, report
from metrics.reports.groups import levels

COLUMNS = (
    "created", "won_count", "won_sum", "lost_count", "in_work", "forgotten_deals",
    "conversion_overall", "avg_check", "cycle_days",
)  # fmt: skip


@report("manager_efficiency")
def manager_efficiency(request: ReportRequest) -> pd.DataFrame:
    """One row per employee with the sales measures and forgotten deals."""
    model = request.model
    groups = levels(model, request.scope, dims=())
    start, end = request.bounds()
    parts = dict(sales_parts(model, request.as_of, start, end))
    days = forgotten_days(model, "deal", request.params)
    parts["forgotten"] = forgotten(model, "deal", request.as_of, days).astype(np.float64)
    employees = (groups.rows["scope_level"] == "employee").to_numpy()
    rows = groups.rows[employees]
    out = pd.DataFrame({"user_id": [int(s.split(":")[1]) for s in rows["scope_id"]]})
    out["employee"] = rows["scope"].to_numpy()
    out["department"] = [
        model.org.names.get(model.org.user_department(u), "") for u in out["user_id"]
    ]
    for name in COLUMNS:
        num, den, scale = DEAL_PARTS.get(name, ("forgotten", None, 1.0))
        top = groups.sums(parts[num])[employees]
        if den is None:
            out[name] = top
            continue
        bottom = groups.sums(parts[den])[employees]
        ratios = [scale * a / b if b else None for a, b in zip(top, bottom, strict=True)]
        out[name] = pd.Series(ratios, dtype=object)
    for name in ("created", "won_count", "lost_count", "in_work", "forgotten_deals"):
        out[name] = out[name].astype(int)
    return out.sort_values(["won_sum", "employee"], ascending=[False, True]).reset_index(drop=True)
