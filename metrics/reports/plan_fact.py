"""Plan-fact in long form (the hierarchical shape of sales dynamics) with metric rows
``plan``, ``fact``, ``plan_completion`` for the company, departments, employees and
pipelines. Roles: ``current``, ``previous`` (the period before), ``series`` (12 months ending
with the period, month dynamics) and ``series_quarter`` (the 4 quarters ending with it).
Params ``measure`` (revenue, won_count, gross_profit) and ``version`` (budget)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.plans import MEASURES, PlanData, PlanTree, measure_of
from metrics.measures.state import sales_parts
from metrics.periods import Period, month_of, quarter
from metrics.reports.base import ReportRequest, report
from metrics.reports.dynamics import Block, empty_to_none, long_frame
from metrics.reports.groups import levels


def plan_periods(period: Period) -> list[tuple[Period, str]]:
    """Current, previous, 12 months and 4 quarters ending with the period."""
    last_day = period.end - pd.Timedelta(days=1)
    last_month = month_of(last_day)
    last_quarter = quarter(last_day.year, (last_day.month - 1) // 3 + 1)
    out = [(period, "current"), (period.previous(), "previous")]
    out += [(last_month.shift(-i), "series") for i in range(11, -1, -1)]
    return out + [(last_quarter.shift(-i), "series_quarter") for i in range(3, -1, -1)]


@report("plan_fact")
def plan_fact(request: ReportRequest) -> pd.DataFrame:
    """Plan, fact and completion by scope level and period."""
    model = request.model
    measure = measure_of(request.params)
    version = request.params.get("version", "budget")
    tree = PlanTree(model, PlanData.of(request.plans).plans, version, measure)
    groups = levels(model, request.scope, dims=("pipeline",))
    blocks: list[Block] = []
    nothing = np.full(len(groups.rows), np.nan)
    for period, role in plan_periods(request.period):
        start, end = request.bounds(period)
        fact = groups.sums(sales_parts(model, request.as_of, start, end)[MEASURES[measure]])
        months = [m.label for m in period.months()]
        plan = np.array(
            [plan_sum(tree, sid, months) for sid in groups.rows["scope_id"]], dtype=float
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            done = np.where(plan > 0, fact / plan, np.nan)
        blocks.append(("plan", period.label, role, plan, plan, nothing))
        blocks.append(("fact", period.label, role, fact, fact, nothing))
        blocks.append(("plan_completion", period.label, role, done, fact, plan))
    out = long_frame(groups.rows, blocks)
    out["measure"] = measure
    return empty_to_none(out, ("value", "numerator", "denominator"))


def plan_sum(tree: PlanTree, scope_id: str, months: list[str]) -> float:
    """Sum of the monthly plans of a scope (NaN when nothing is planned)."""
    values = [tree.value(scope_id, m) for m in months]
    found = [v for v in values if v is not None]
    return float(sum(found)) if found else float("nan")
