"""Spreading annual figures and rolling plans up the scope tree."""

from __future__ import annotations

from b24sync.plans.model import month_range
from b24sync.plans.scopes import build_tree, rolled_up
from b24sync.plans.spread import spread_even, spread_seasonal

YEAR = month_range("2025-01", "2025-12")


def test_even_spread_adds_up_exactly():
    values = spread_even(1_000_000, YEAR)
    # 1 000 000 / 12 = 83 333.33: four months get 83 334, eight get 83 333
    assert sorted(values.values()) == [83_333.0] * 8 + [83_334.0] * 4
    assert sum(values.values()) == 1_000_000
    assert spread_even(100, ["2025-01", "2025-02"], decimals=2) == {
        "2025-01": 50.0, "2025-02": 50.0,
    }  # fmt: skip


def test_seasonal_spread_follows_last_year():
    fact = {"2024-01": 100.0, "2024-02": 300.0}  # other months of 2024: no fact
    values, seasonal = spread_seasonal(1200, ["2025-01", "2025-02", "2025-03"], fact)
    assert seasonal
    # weights 100 : 300 : 0 of 1200 -> 300, 900, 0
    assert values == {"2025-01": 300.0, "2025-02": 900.0, "2025-03": 0.0}


def test_seasonal_spread_without_history_is_even():
    values, seasonal = spread_seasonal(90, ["2025-01", "2025-02", "2025-03"], {})
    assert not seasonal and values == {"2025-01": 30.0, "2025-02": 30.0, "2025-03": 30.0}


def tree():
    return build_tree(
        departments=[(1, "Компания", 0), (3, "Продажи", 1), (5, "Опт", 3), (4, "Сервис", 1)],
        users=[(7, "Иван"), (8, "Мария"), (9, "Олег")],
        memberships=[(7, 3), (8, 5), (9, 4)],
        pipelines=[(0, "Общая")],
    )


def test_tree_rows_in_grid_order():
    rows = [(r.scope_id, r.depth) for r in tree().rows]
    assert rows[:7] == [
        ("all", 0), ("dept:3", 1), ("dept:5", 2), ("user:8", 3), ("user:7", 2),
        ("dept:4", 1), ("user:9", 2),
    ]  # fmt: skip
    assert ("pipeline:0", 1) in rows and ("pipeline:0/dept:5", 3) in rows
    assert tree().labels()["pipeline:0/user:8"] == "Общая / Мария"


def test_rollup_sums_below_and_own_plan_overrides():
    own = {("2025-01", "user:7"): 100.0, ("2025-01", "user:8"): 50.0,
           ("2025-01", "user:9"): 20.0, ("2025-02", "user:8"): 10.0,
           ("2025-02", "dept:3"): 500.0}  # fmt: skip
    eff = rolled_up(own, tree().children)
    # January: Опт = Мария 50; Продажи = Опт 50 + Иван 100; company = 150 + Сервис 20
    assert eff[("2025-01", "dept:5")] == 50.0
    assert eff[("2025-01", "dept:3")] == 150.0
    assert eff[("2025-01", "all")] == 170.0
    # February: Продажи has its own 500, overriding Опт's 10; Сервис has nothing
    assert eff[("2025-02", "dept:3")] == 500.0
    assert eff[("2025-02", "all")] == 500.0
    assert ("2025-02", "dept:4") not in eff
    assert ("2025-01", "pipeline:0") not in eff


def test_company_without_department_plans_takes_the_pipelines():
    t = tree()
    own = {("2025-01", "pipeline:0/user:7"): 40.0, ("2025-01", "pipeline:0"): 70.0}
    eff = rolled_up(own, t.children, t.fallback)
    # no plan in the department tree: the company = the pipelines' plans (pipeline 0 own 70)
    assert eff[("2025-01", "all")] == 70.0
    assert eff[("2025-01", "pipeline:0/dept:3")] == 40.0  # Иван within the pipeline
    assert ("2025-01", "all") not in rolled_up(own, t.children)  # without the fallback
