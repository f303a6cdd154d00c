"""Report tables: each a function of a :class:`ReportRequest` returning a tidy DataFrame.

Importing this package registers every report in :data:`REPORT_FUNCTIONS` (name -> function).
The shapes are the ones agreed with the workbook (see each module's docstring).
"""

from __future__ import annotations

from metrics.reports import (
    activity,
    dynamics,
    lists,
    managers,
    metrics_table,
    pipeline,
    plan_fact,
    team,
)
from metrics.reports.base import REPORT_FUNCTIONS, ReportRequest

__all__ = [
    "REPORT_FUNCTIONS",
    "ReportRequest",
    "activity",
    "dynamics",
    "lists",
    "managers",
    "metrics_table",
    "pipeline",
    "plan_fact",
    "team",
]
