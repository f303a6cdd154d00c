"""What a fill needs besides the report tables: language, portal, period, labels, and the
sink that gathers every number written, for the ``Metrics`` table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbook_templates import i18n

METRIC_ROW = ("metric", "scope", "period", "value", "scope_id", "scope_level", "unit")


@dataclass
class MetricsSink:
    """Every number a report sheet shows, once per (metric, scope_id, period)."""

    rows: dict[tuple[str, str, str], tuple[Any, ...]] = field(default_factory=dict)

    def add(
        self,
        metric: str,
        scope: str,
        period: str,
        value: Any,
        scope_id: str,
        scope_level: str,
        unit: str,
    ) -> None:
        if value is None:
            return
        key = (metric, scope_id, period)
        if key not in self.rows:
            self.rows[key] = (metric, scope, period, value, scope_id, scope_level, unit)


@dataclass(frozen=True)
class MetricInfo:
    """What the workbook needs to know of a registry metric."""

    label_ru: str
    label_en: str
    unit: str


@dataclass
class FillContext:
    """Everything besides report tables that decides what a sheet looks like."""

    lang: str = "ru"
    domain: str = ""
    timezone: str = "UTC"
    period: str = ""
    as_of: str = ""
    focus: str = ""
    metrics_info: Mapping[str, MetricInfo] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    catalog: list[dict[str, str]] = field(default_factory=list)
    sink: MetricsSink = field(default_factory=MetricsSink)
    chart_measure: str = "won_sum"
    private: bool = False  # a per-manager workbook: no plans grid, neutral properties

    def label(self, metric: str) -> str:
        """A metric's name: the registry's label, else the workbook's own word for it."""
        info = self.metrics_info.get(metric)
        if info is not None:
            return info.label_en if self.lang == "en" else info.label_ru
        return i18n.column(metric, self.lang)

    def unit(self, metric: str) -> str:
        """A metric's unit (``rub``, ``count``, ``share``, ``days``, ...)."""
        from workbook_templates.styles import COLUMN_UNITS

        info = self.metrics_info.get(metric)
        if info is not None:
            return info.unit
        return COLUMN_UNITS.get(metric, "")
