"""Plan, fact, completion and commission (metrics-spec "Plan and fact").

Plans come as the plan frame of :mod:`metrics.frames` (``version, month, measure, scope_id,
value``) and commissions as the commission frame (``user_id, month, kind, threshold, rate``,
rate a fraction: 0.05 = 5 %). The plan of a longer period is the sum of its months; a scope
without a plan of its own takes the sum of the plans just below it (a department: its
sub-departments and its own employees; the company: its top departments and the employees of
the root department; a pipeline: the same tree within the pipeline); its own plan overrides
that sum. When the company has no plan anywhere in the department tree it takes the sum of
the pipelines' plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from metrics.errors import ParameterError, UnknownScopeError
from metrics.frames import COMMISSION_COLUMNS, PLAN_COLUMNS
from metrics.measures.state import sales_parts
from metrics.model import Model
from metrics.periods import Period
from metrics.registry import Query, Result, metric
from metrics.scopes import deal_mask, scope_users

MEASURES = {"revenue": "won_amount", "won_count": "won", "gross_profit": "gross_profit"}


@dataclass(frozen=True)
class PlanData:
    """The plan and commission frames handed to the plan metrics."""

    plans: pd.DataFrame
    commissions: pd.DataFrame

    @classmethod
    def of(cls, value: Any) -> PlanData:
        """Accept PlanData, a plan DataFrame, a (plans, commissions) pair, or a mapping with
        ``plans``/``commissions``."""
        if isinstance(value, PlanData):
            return value
        empty_c = pd.DataFrame(columns=list(COMMISSION_COLUMNS))
        if value is None:
            return cls(pd.DataFrame(columns=list(PLAN_COLUMNS)), empty_c)
        if isinstance(value, pd.DataFrame):
            return cls(value, empty_c)
        if isinstance(value, tuple) and len(value) == 2:
            return cls(value[0], value[1])
        plans = value.get("plans") if hasattr(value, "get") else getattr(value, "plans", None)
        comm = (
            value.get("commissions")
            if hasattr(value, "get")
            else getattr(value, "commissions", None)
        )
        return cls(
            plans if plans is not None else pd.DataFrame(columns=list(PLAN_COLUMNS)),
            comm if comm is not None else empty_c,
        )


def measure_of(params: dict[str, str]) -> str:
    """The plan measure: param ``measure`` (revenue, won_count, gross_profit); revenue."""
    measure = params.get("measure", "revenue")
    if measure == "won_sum":
        measure = "revenue"
    if measure not in MEASURES:
        raise ParameterError(
            f'unknown measure "{measure}"; use revenue, won_count or gross_profit',
            f'неизвестная мера "{measure}"; допустимы revenue, won_count, gross_profit',
        )
    return measure


class PlanTree:
    """Plan values of one (version, measure) with the roll-up of the module doc."""

    def __init__(self, model: Model, plans: pd.DataFrame, version: str, measure: str) -> None:
        rows = plans[(plans["version"] == version) & (plans["measure"] == measure)]
        grouped = rows.groupby(["scope_id", "month"])["value"].sum()
        self.values: dict[tuple[str, str], float] = {
            (str(key[0]), str(key[1])): float(v)  # type: ignore[index]
            for key, v in grouped.items()
        }
        self.scopes = {s for s, _ in self.values}
        self.org = model.org
        self.pipelines = [int(c) for c in model.frames["categories"]["id"]]

    def children(self, scope_id: str) -> list[str]:
        """The scopes just below one scope."""
        prefix, _, tail = scope_id.rpartition("/") if "/" in scope_id else ("", "", scope_id)
        pipe = f"{prefix}/" if prefix else ""
        if tail in ("all", "company"):
            roots = self.org.roots
            if len(roots) == 1:
                return [f"{pipe}dept:{roots[0]}"]
            return [f"{pipe}dept:{r}" for r in roots]
        if tail.startswith("pipeline:"):
            return self.children(f"{tail}/all")
        if tail.startswith("dept:"):
            dept = int(tail[5:])
            subs = [f"{pipe}dept:{c}" for c in self.org.children.get(dept, [])]
            return subs + [f"{pipe}user:{u}" for u in self.org.direct_users(dept)]
        return []

    def value(self, scope_id: str, month: str) -> float | None:
        """Own plan, else the sum of the children's plans (None when nothing is planned)."""
        if (scope_id, month) in self.values:
            return self.values[(scope_id, month)]
        parts = [self.value(child, month) for child in self.children(scope_id)]
        found = [p for p in parts if p is not None]
        if found:
            return float(sum(found))
        if scope_id == "all":
            values = [self.value(f"pipeline:{p}", month) for p in self.pipelines]
            pipes = [p for p in values if p is not None]
            return float(sum(pipes)) if pipes else None
        return None


def plan_tree(q: Query, measure: str) -> PlanTree:
    version = q.params.get("version", "budget")
    data = PlanData.of(q.plans)
    key = ("plan_tree", id(data.plans), len(data.plans), version, measure)
    return q.model.cached(key, lambda: PlanTree(q.model, data.plans, version, measure))


def plan_scope_id(q: Query) -> str:
    """The canonical plan key of the query's scope (company = ``all``)."""
    if q.scope.kind in ("city", "source", "uf"):
        raise UnknownScopeError(
            "plans are kept for the company, departments, pipelines and employees, "
            f'not "{q.scope.name}"',
            f'планы ведутся по компании, отделам, воронкам и сотрудникам, не "{q.scope.name}"',
        )
    return q.scope.id


def months_of(period: Period | None) -> list[str]:
    return [p.label for p in period.months()] if period is not None else []


def plan_value(q: Query) -> Result:
    tree = plan_tree(q, measure_of(q.params))
    values = [tree.value(plan_scope_id(q), m) for m in months_of(q.period)]
    found = [v for v in values if v is not None]
    total = float(sum(found)) if found else None
    return Result(total, total, None)


def fact_value(q: Query) -> Result:
    start, end = q.bounds()
    parts = sales_parts(q.model, q.as_of, start, end)
    total = float(parts[MEASURES[measure_of(q.params)]][deal_mask(q.model, q.scope)].sum())
    return Result(total, total, None)


def completion(q: Query) -> Result:
    plan = plan_value(q).value
    fact = fact_value(q).value
    if not plan or fact is None:
        return Result(None, fact, plan)
    return Result.ratio(fact, plan)


def monthly_revenue(model: Model, t: int, month: Period) -> pd.Series:
    """Revenue (won sum) per employee in one month."""
    start, end = (int(b.value) for b in month.bounds(model.tz))
    parts = sales_parts(model, t, start, end)
    users = model.deals["assigned_by_id"].to_numpy()
    return pd.Series(parts["won_amount"]).groupby(users).sum()


def rate_for(rows: pd.DataFrame, fact: float) -> float:
    """Ladder: the rate of the highest threshold the fact reaches; else the grade's flat rate."""
    ladder = rows[rows["kind"] == "ladder"]
    if len(ladder):
        reached = ladder[ladder["threshold"].astype(float) <= fact]
        if not len(reached):
            return 0.0
        return float(reached.sort_values("threshold")["rate"].iloc[-1])
    grade = rows[rows["kind"] == "grade"]
    return float(grade["rate"].iloc[-1]) if len(grade) else 0.0


def commission(q: Query) -> Result:
    if q.scope.pipeline is not None or q.scope.kind not in ("all", "dept", "user"):
        raise UnknownScopeError(
            f'commission is paid to employees: use a department or employee, not "{q.scope.name}"',
            f'комиссия считается по сотрудникам: укажите отдел или сотрудника, не "{q.scope.name}"',
        )
    rules = PlanData.of(q.plans).commissions
    users = scope_users(q.model, q.scope)
    total = 0.0
    for month in q.period.months() if q.period else []:
        month_rules = rules[rules["month"].astype(str) == month.label]
        if users is not None:
            month_rules = month_rules[month_rules["user_id"].astype(int).isin(users)]
        revenue = monthly_revenue(q.model, q.as_of, month).to_dict()
        for user, rows in month_rules.groupby("user_id"):
            fact = float(revenue.get(int(str(user)), 0.0))
            total += fact * rate_for(rows, fact)
    return Result(total, total, None)


PLAN: dict[str, Any] = {"params": ("measure", "version")}
metric(
    id="plan", kind="sum", unit="rub", additive=True, **PLAN,
    label_ru="План", label_en="Plan",
    description_ru="План по мере (measure: revenue - выручка, won_count - число выигранных, "
    "gross_profit - валовая прибыль) и версии (version, по умолчанию budget). План длинного "
    "периода - сумма месяцев; без своего плана область берёт сумму планов уровнем ниже.",
    description_en="Plan of a measure (measure: revenue, won_count, gross_profit) and version "
    "(version, budget by default). A longer period sums its months; a scope without a plan of "
    "its own takes the sum of the plans just below it.",
    formula_ru="сумма месячных планов (свой план или сумма планов уровнем ниже)",
    formula_en="sum of monthly plans (own plan, or the sum of the plans just below)",
)(plan_value)  # fmt: skip
metric(
    id="fact", kind="sum", unit="rub", additive=True, **PLAN,
    label_ru="Факт", label_en="Fact",
    description_ru="Та же мера, что у плана, за тот же период и область: won_sum, won_count "
    "или gross_profit.",
    description_en="The plan's measure over the same period and scope: won_sum, won_count or "
    "gross_profit.",
    formula_ru="won_sum | won_count | gross_profit за период",
    formula_en="won_sum | won_count | gross_profit over the period",
)(fact_value)  # fmt: skip
metric(
    id="plan_completion", kind="share", unit="share", **PLAN,
    label_ru="Выполнение плана", label_en="Plan completion",
    description_ru="Факт, делённый на план; пусто, если плана нет или он 0. Может быть больше 1.",
    description_en="Fact divided by plan; empty when there is no plan or it is 0. May exceed 1.",
    formula_ru="fact / plan",
    formula_en="fact / plan",
)(completion)  # fmt: skip
metric(
    id="commission", kind="sum", unit="rub", additive=True,
    label_ru="Комиссия", label_en="Commission",
    description_ru="По каждому сотруднику и месяцу: выручка месяца x ставка. Лестница (порог, "
    "ставка): ставка наибольшего достигнутого порога на всю выручку; грейд - фиксированная ставка, "
    "если лестницы нет. Ставка - доля (0.05 = 5 %). Для отдела - сумма по сотрудникам.",
    description_en="Per employee and month: the month's revenue x rate. Ladder (threshold, "
    "rate): the rate of the highest threshold reached applies to the whole revenue; a grade's "
    "flat rate applies when there is no ladder. Rate is a fraction (0.05 = 5 %). A department "
    "sums its employees.",
    formula_ru="сумма по сотрудникам и месяцам: выручка x ставка",
    formula_en="sum over employees and months of revenue x rate",
)(commission)  # fmt: skip
