"""What every report receives, and the registry of report functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from metrics.model import Model
from metrics.periods import Period
from metrics.scopes import Scope

REPORT_FUNCTIONS: dict[str, Callable[[ReportRequest], pd.DataFrame]] = {}


@dataclass
class ReportRequest:
    """A report's inputs: model, scope (``all`` by default), period, T, plans, params."""

    model: Model
    scope: Scope
    period: Period
    as_of: int
    plans: Any = None
    params: dict[str, str] = field(default_factory=dict)

    def bounds(self, period: Period | None = None) -> tuple[int, int]:
        """A period's start and end in ns UTC (the request's period by default)."""
        start, end = (period or self.period).bounds(self.model.tz)
        return int(start.value), int(end.value)


def report(
    name: str,
) -> Callable[[Callable[[ReportRequest], pd.DataFrame]], Callable[[ReportRequest], pd.DataFrame]]:
    """Register a report function under ``name`` (once)."""

    def register(
        function: Callable[[ReportRequest], pd.DataFrame],
    ) -> Callable[[ReportRequest], pd.DataFrame]:
        if name in REPORT_FUNCTIONS:
            raise ValueError(f"report {name!r} is already registered")
        REPORT_FUNCTIONS[name] = function
        return function

    return register
