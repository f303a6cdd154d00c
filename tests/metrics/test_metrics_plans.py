"""Plan, fact, completion and commission against the plan/commission frames.

Fact revenue in March: Иван 100 000 + 90 000 + 50 000 = 240 000; Мария 0; company 240 000.
"""

from __future__ import annotations

import pandas as pd
import pytest
from metrics_fixture import SETTINGS, T

from metrics.api import metric_value
from metrics.errors import ParameterError, UnknownScopeError
from metrics.frames import COMMISSION_COLUMNS, PLAN_COLUMNS, PortalFrames

covers = pytest.mark.covers
PLANS = pd.DataFrame(
    [
        ("budget", "2024-03", "revenue", "dept:3", 200_000.0),  # Сочи
        ("budget", "2024-03", "revenue", "user:11", 100_000.0),  # Мария (Москва)
        ("budget", "2024-02", "revenue", "user:10", 50_000.0),  # Иван
        ("budget", "2024-03", "won_count", "pipeline:1", 2.0),
        ("forecast", "2024-03", "revenue", "all", 999.0),
    ],
    columns=list(PLAN_COLUMNS),
)
RULES = pd.DataFrame(
    [
        (10, "2024-03", "ladder", 100_000.0, 0.01),
        (10, "2024-03", "ladder", 300_000.0, 0.05),
        (11, "2024-03", "grade", 0.0, 0.05),
        (10, "2024-02", "grade", 0.0, 0.10),
    ],
    columns=list(COMMISSION_COLUMNS),
)


def v(frames: PortalFrames, name: str, scope: str = "all", period: str = "2024-03", **params: str):
    plans = {"plans": PLANS, "commissions": RULES}
    return metric_value(
        frames, name, scope, period, as_of=T, settings=SETTINGS, params=params, plans=plans
    )


@covers("plan")
def test_plan_roll_up(small: PortalFrames) -> None:
    assert v(small, "plan", "Сочи") == 200_000  # own plan
    assert v(small, "plan", "Москва") == 100_000  # no own plan: its employee Мария
    assert v(small, "plan", "Продажи") == 300_000  # Сочи 200 000 + Москва 100 000
    assert v(small, "plan", "all") == 300_000  # company = root's child Продажи
    assert v(small, "plan", "all", "2024-Q1") == 350_000  # + Иван's February 50 000
    assert v(small, "plan", "all", version="forecast") == 999  # own plan overrides
    assert v(small, "plan", "Петров") is None  # Иван planned nothing in March
    assert v(small, "plan", "pipeline:1", measure="won_count") == 2
    # the company has no won_count plan in the tree: the sum of the pipelines' plans
    assert v(small, "plan", "all", measure="won_count") == 2


@covers("fact")
def test_fact(small: PortalFrames) -> None:
    assert v(small, "fact", "Сочи") == pytest.approx(240_000)
    assert v(small, "fact", "pipeline:1", measure="won_count") == 1  # D6
    assert v(small, "fact", measure="gross_profit") == pytest.approx(40_000)


@covers("plan_completion")
def test_plan_completion(small: PortalFrames) -> None:
    assert v(small, "plan_completion") == pytest.approx(240_000 / 300_000)
    assert v(small, "plan_completion", "Москва") == 0  # fact 0 of a 100 000 plan
    assert v(small, "plan_completion", "Петров") is None  # no plan


@covers("commission")
def test_commission(small: PortalFrames) -> None:
    # Иван's March revenue 240 000 reaches the 100 000 step (1 %), not 300 000: 2 400
    assert v(small, "commission", "Петров") == pytest.approx(2_400)
    # Мария: grade 5 % of 0
    assert v(small, "commission", "Москва") == 0
    # Q1: Иван February: revenue 0 (D4's win was reopened) x 10 % = 0; March 2 400
    assert v(small, "commission", "Продажи", "2024-Q1") == pytest.approx(2_400)
    with pytest.raises(UnknownScopeError):
        v(small, "commission", "pipeline:1")


def test_bad_measure(small: PortalFrames) -> None:
    with pytest.raises(ParameterError):
        v(small, "plan", measure="margin")
