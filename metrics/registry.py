"""One registry of metric definitions; a decorator registers each metric once.

A metric is a function ``compute(query) -> Result`` plus its definition: id, labels,
descriptions and formulas in Russian and English, unit and kind. Ratios (kind ``ratio``,
``share``, ``mean``, ``index``) return their numerator and denominator, so a total is a ratio
of sums; a zero denominator gives an empty value (None), never 0 and never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from metrics.model import Model
from metrics.periods import Period
from metrics.scopes import Scope

KINDS = ("count", "sum", "share", "ratio", "mean", "index", "state")
UNITS = ("deals", "leads", "rub", "days", "share", "points", "index", "tasks", "activities")


@dataclass(frozen=True)
class Result:
    """A metric value with its parts: ``value = numerator / denominator`` for ratios."""

    value: float | int | None
    numerator: float | None = None
    denominator: float | None = None

    @classmethod
    def ratio(cls, numerator: float, denominator: float, scale: float = 1.0) -> Result:
        """numerator / denominator x scale; empty when the denominator is 0."""
        value = scale * numerator / denominator if denominator else None
        return cls(value, float(numerator), float(denominator))


@dataclass
class Query:
    """One question: which metric over which scope and period, as of when, with what."""

    model: Model
    scope: Scope
    period: Period | None
    as_of: int  # T in ns UTC
    params: dict[str, str] = field(default_factory=dict)
    plans: Any = None

    def bounds(self) -> tuple[int, int]:
        """Period start and end as ns UTC (the whole history when no period is given)."""
        if self.period is None:
            return (-(2**62), 2**62)
        start, end = self.period.bounds(self.model.tz)
        return int(start.value), int(end.value)


@dataclass(frozen=True)
class MetricDef:
    """The definition of one metric, as the catalog shows it."""

    id: str
    label_ru: str
    label_en: str
    description_ru: str
    description_en: str
    formula_ru: str
    formula_en: str
    unit: str
    kind: str
    compute: Callable[[Query], Result]
    params: tuple[str, ...] = ()
    needs_period: bool = True  # False: a state at T (a given period is ignored)
    additive: bool = False  # sums over sub-periods and over sub-scopes
    per_employee: bool = False  # computed from activities/tasks of employees

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.unit not in UNITS:
            raise ValueError(f"metric {self.id}: bad kind {self.kind!r} or unit {self.unit!r}")


REGISTRY: dict[str, MetricDef] = {}


def metric(**definition: Any) -> Callable[[Callable[[Query], Result]], Callable[[Query], Result]]:
    """Register the decorated function as a metric; a second metric with one id is refused."""

    def register(compute: Callable[[Query], Result]) -> Callable[[Query], Result]:
        item = MetricDef(compute=compute, **definition)
        if item.id in REGISTRY:
            raise ValueError(f"metric {item.id!r} is already registered")
        REGISTRY[item.id] = item
        return compute

    return register
