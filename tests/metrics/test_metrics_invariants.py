"""Invariants on random portals (hypothesis): shares in [0, 1], additivity over sub-periods
and over the department tree, independence from row order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metrics_random import random_snapshot, shuffled

from b24sync.frames import frames_from_snapshot
from metrics.api import metric_value
from metrics.model import model_for
from metrics.periods import parse_period
from metrics.registry import REGISTRY

SETTINGS = {"gross_profit_field": "ufCrm_1", "city_field": "ufCrm_2"}
SHARES = [m for m, d in REGISTRY.items() if d.kind == "share" and m not in ("plan_completion",)]
ADDITIVE = ["created", "won_count", "won_sum", "lost_count", "repeat_won_count", "new_won_count",
            "gross_profit", "activity_points"]  # fmt: skip
DEPT_ADDITIVE = [*ADDITIVE, "open_at_start", "in_work", "forgotten_deals", "open_tasks"]
FAST = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(min_value=0, max_value=10**6)


def value(frames, name, scope="all", period="2024-Q2"):  # type: ignore[no-untyped-def]
    return metric_value(frames, name, scope, period, settings=SETTINGS)


@FAST
@given(seed=seeds, month=st.integers(min_value=1, max_value=12))
def test_shares_stay_in_unit_interval(seed: int, month: int) -> None:
    frames = frames_from_snapshot(random_snapshot(seed))
    for scope in ("all", "dept:2", "user:3", "pipeline:1"):
        for name in SHARES:
            if REGISTRY[name].per_employee and scope.startswith("pipeline"):
                continue
            share = value(frames, name, scope, f"2024-{month:02d}")
            assert share is None or 0.0 <= share <= 1.0, (name, scope, share)


@FAST
@given(seed=seeds)
def test_period_equals_sum_of_sub_periods(seed: int) -> None:
    frames = frames_from_snapshot(random_snapshot(seed))
    for name in ADDITIVE:
        for whole in ("2024-Q2", "2024"):
            parts = parse_period(whole).months()
            total = sum(value(frames, name, "all", p.label) for p in parts)
            assert value(frames, name, "all", whole) == pytest.approx(total), (name, whole)
        days = ["2024-05-01..2024-05-10", "2024-05-11..2024-05-31"]
        split = sum(value(frames, name, "all", d) for d in days)
        assert value(frames, name, "all", "2024-05") == pytest.approx(split)


@FAST
@given(seed=seeds)
def test_department_equals_its_employees_and_sub_departments(seed: int) -> None:
    frames = frames_from_snapshot(random_snapshot(seed))
    org = model_for(frames).org
    for dept in org.subtree(1):
        for name in DEPT_ADDITIVE:
            mine = value(frames, name, f"dept:{dept}")
            below = sum(value(frames, name, f"user:{u}") for u in org.direct_users(dept))
            below += sum(value(frames, name, f"dept:{c}") for c in org.children.get(dept, []))
            assert mine == pytest.approx(below), (name, dept)


@FAST
@given(seed=seeds, order=seeds)
def test_row_order_does_not_matter(seed: int, order: int) -> None:
    snap = random_snapshot(seed)
    one, two = frames_from_snapshot(snap), frames_from_snapshot(shuffled(snap, order))
    for name in REGISTRY:
        if name in ("plan", "fact", "plan_completion", "commission", "uf_sum"):
            continue
        for scope in ("all", "dept:2", "user:4"):
            assert value(one, name, scope) == pytest.approx(value(two, name, scope), nan_ok=True), (
                name
            )
