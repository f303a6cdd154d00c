"""The ``metrics`` long table: ``metric, scope, period, value, scope_id, scope_level, unit``
- every number of the report sheets for the requested period: sales measures by every scope
level, state metrics (forgotten, no next step, overdue) and activity and task metrics by
company, department and employee, plan metrics when plans are given."""

from __future__ import annotations

import pandas as pd

from metrics.registry import REGISTRY, Query
from metrics.reports.base import ReportRequest, report
from metrics.reports.dynamics import sales_dynamics
from metrics.reports.groups import levels
from metrics.scopes import resolve_scope

PER_SCOPE = (
    "forgotten_deals", "no_next_step_deals", "overdue_deals", "forgotten_leads", "activity_points",
    "activity_index", "started_on_time", "finished_on_time", "discipline", "open_tasks",
    "overdue_tasks", "days_on_stage",
)  # fmt: skip
PLAN_METRICS = ("plan", "fact", "plan_completion", "commission")
COLUMNS = ["metric", "scope", "period", "value", "scope_id", "scope_level", "unit"]


@report("metrics")
def metrics_table(request: ReportRequest) -> pd.DataFrame:
    """Every number the report sheets show for the period, one row each."""
    sales = sales_dynamics(request)
    sales = sales[sales["period_role"] == "current"]
    out = sales[["metric", "scope", "period", "value", "scope_id", "scope_level"]].copy()
    out["unit"] = out["metric"].map(lambda m: REGISTRY[m].unit if m in REGISTRY else "rub")
    rows = levels(request.model, request.scope, dims=())
    names = PER_SCOPE + (PLAN_METRICS if request.plans is not None else ())
    records = []
    for scope_id, level, name in zip(
        rows.rows["scope_id"], rows.rows["scope_level"], rows.rows["scope"], strict=True
    ):
        scope = resolve_scope(request.model, scope_id)
        for metric_id in names:
            definition = REGISTRY[metric_id]
            period = request.period if definition.needs_period else None
            query = Query(request.model, scope, period, request.as_of, {}, request.plans)
            value = definition.compute(query).value
            label = request.period.label if definition.needs_period else ""
            records.append((metric_id, name, label, value, scope_id, level, definition.unit))
    extra = pd.DataFrame(records, columns=COLUMNS)
    both = pd.concat([out[COLUMNS], extra], ignore_index=True)
    both["value"] = pd.Series(
        [None if v is None or v != v else v for v in both["value"].tolist()], dtype=object
    )
    return both
