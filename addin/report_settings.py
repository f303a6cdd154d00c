"""The settings a refresh runs with: the workbook's Settings sheet, then the command line.

The Settings sheet holds text as the director typed it; this module turns it back into
:class:`metrics.settings.Settings` (by the type of each default) plus the workbook's own
keys (period, focus, chart measure).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from metrics.errors import SettingsError
from metrics.settings import Settings
from workbook_templates.settings_sheet import unflatten

WORKBOOK_KEYS = ("period", "focus", "chart_measure")
TRUE_WORDS = {"yes", "да", "true", "1", "y", "д", "истина"}


@dataclass(frozen=True)
class ReportSettings:
    """Metric settings plus the workbook's own choices."""

    metrics: Settings
    period: str = ""
    focus: str = ""
    chart_measure: str = "won_sum"

    def to_mapping(self) -> dict[str, Any]:
        """What the Settings sheet shows, workbook keys first."""
        head = {"period": self.period, "focus": self.focus, "chart_measure": self.chart_measure}
        return {**head, **self.metrics.to_mapping()}


def _coerce(name: str, value: Any, default: Any) -> Any:
    """A sheet cell as the type of the setting's default."""
    if isinstance(default, bool):
        return str(value).strip().lower() in TRUE_WORDS if not isinstance(value, bool) else value
    try:
        if isinstance(default, int):
            return int(float(str(value).replace(",", ".")))
        if isinstance(default, float):
            return float(str(value).replace(",", "."))
    except ValueError:
        raise SettingsError(
            f"the setting {name} needs a number, not {value!r}: fix it on the Settings sheet",
            f"настройке {name} нужно число, а не {value!r}: исправьте лист «Настройки»",
        ) from None
    if isinstance(default, dict):
        return {k: float(str(v).replace(",", ".")) for k, v in dict(value).items() if v != ""}
    return "" if value is None else value


def from_sheet(sheet: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> ReportSettings:
    """Settings from the sheet's (key -> value) pairs over ``base`` (e.g. the demo's fields)."""
    values = unflatten(sheet)
    own = {k: str(values.pop(k) or "").strip() for k in WORKBOOK_KEYS if k in values}
    defaults = Settings()
    merged: dict[str, Any] = dict(base or {})
    for item in fields(Settings):
        if item.name in values and values[item.name] not in ("", None, {}):
            default = getattr(defaults, item.name)
            merged[item.name] = _coerce(item.name, values[item.name], default)
    return ReportSettings(
        metrics=Settings.from_mapping(merged),
        period=own.get("period", ""),
        focus=own.get("focus", ""),
        chart_measure=own.get("chart_measure", "") or "won_sum",
    )
