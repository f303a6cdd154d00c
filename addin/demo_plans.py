"""Sales plans for the demo store, so the demo's Sales plan sheet shows plan against fact.

Only ``refresh --demo`` calls this, and only when the demo store holds no plans yet (a plan
typed into the demo is never overwritten). Each active manager gets a monthly revenue plan
equal to the manager's mean monthly won sum over the report's months, rounded up to
50 000 roubles, for those months and the three after them; departments and the company take
the sum of the plans below them, as the metrics spec says.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from b24sync.plans import DEFAULT_VERSION, Change, PlanKey
from b24sync.plans.local import LocalPlanStore
from metrics.api import report_table
from metrics.frames import PortalFrames

STEP = 50_000.0
AHEAD = 3


def month_after(month: str, n: int) -> str:
    """``2026-11`` + 2 -> ``2027-01``."""
    year, mon = map(int, month.split("-"))
    index = year * 12 + mon - 1 + n
    return f"{index // 12}-{index % 12 + 1:02d}"


def demo_plan_values(frames: PortalFrames, settings: Any, period: str) -> dict[str, float]:
    """Manager scope id -> monthly revenue plan, from the series of the sales report."""
    sales = report_table(frames, "sales_dynamics", period=period or None, settings=settings)
    won = sales[
        (sales["metric"] == "won_sum")
        & (sales["period_role"] == "series")
        & (sales["scope_level"] == "employee")
    ]
    means = pd.to_numeric(won["value"], errors="coerce").fillna(0).groupby(won["scope_id"]).mean()
    return {str(s): math.ceil(v / STEP) * STEP for s, v in means.items() if v > 0}


def seed_demo_plans(store: Path, frames: PortalFrames, settings: Any, period: str) -> int:
    """Write the demo plans into an empty plan store; returns the number of values written."""
    plans = LocalPlanStore(store)
    try:
        snapshot = plans.load(DEFAULT_VERSION)
        if snapshot.values:
            return 0
        values = demo_plan_values(frames, settings, period)
        sales = report_table(frames, "sales_dynamics", period=period or None, settings=settings)
        months = sorted(set(sales.loc[sales["period_role"] == "series", "period"].astype(str)))
        if not months:
            return 0
        months += [month_after(months[-1], n) for n in range(1, AHEAD + 1)]
        changes = [
            Change(PlanKey(DEFAULT_VERSION, month, "revenue", scope), value)
            for scope, value in sorted(values.items())
            for month in months
        ]
        plans.save(changes, snapshot.revision, author="b24xl demo", comment="demo plans")
        return len(changes)
    finally:
        plans.close()
