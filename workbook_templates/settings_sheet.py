"""The Settings sheet: period, filters, thresholds and weights, read back at each refresh.

Written as one Excel Table ``Settings`` with columns (label, key, value); the director edits
the value column and the next refresh reads the table back by key, so the labels and the
order may change freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.workbook.workbook import Workbook

from workbook_templates.i18n import idx

LABELS: dict[str, tuple[str, str]] = {
    "period": (
        "Отчётный период (2024-03, 2024-Q1, 2024-W10, 2024)",
        "Report period (2024-03, 2024-Q1, 2024-W10, 2024)",
    ),
    "focus": (
        "Фокус: отдел или сотрудник (пусто = вся компания)",
        "Focus: department or employee (empty = whole company)",
    ),
    "chart_measure": ("Мера сравнения сотрудников", "Measure to compare employees on"),
    "forgotten_days_deals": (
        "Незабудка: дней без касаний для сделок",
        "Forgotten: idle days for deals",
    ),
    "forgotten_days_leads": (
        "Незабудка: дней без касаний для лидов",
        "Forgotten: idle days for leads",
    ),
    "weights.call": ("Вес звонка", "Weight of a call"),
    "weights.chat": ("Вес чата открытых линий", "Weight of an open-line chat"),
    "weights.meeting": ("Вес встречи", "Weight of a meeting"),
    "weights.email": ("Вес письма", "Weight of an e-mail"),
    "weights.todo": ("Вес дела", "Weight of a to-do"),
    "activity_kinds": ("Виды активности в индексе", "Activity kinds in the index"),
    "chats_with_calls": ("Чаты считать звонками", "Count chats as calls"),
    "task_start_grace_hours": (
        "Задачи: часов на начало без плановой даты",
        "Tasks: start grace, hours",
    ),
    "gross_profit_field": ("Поле валовой прибыли сделки", "Deal field with gross profit"),
    "city_field": ("Поле города сделки", "Deal field with the city"),
    "source_field": ("Поле источника сделки", "Deal field with the source"),
    "uf_fields": ("Свои поля сделки для отчётов", "Custom deal fields for reports"),
    "base_currency": (
        "Базовая валюта (пусто = валюта портала)",
        "Base currency (empty = portal's)",
    ),
    "timezone": ("Часовой пояс (пусто = пояс портала)", "Time zone (empty = portal's)"),
    "key_stage": ("Ключевая стадия для зависших сделок", "Key stage for stuck deals"),
}


def flatten(values: Mapping[str, Any]) -> dict[str, Any]:
    """``{"weights": {"call": 1}}`` -> ``{"weights.call": 1}``; lists as comma text."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        elif isinstance(value, (list, tuple)):
            flat[key] = ", ".join(str(v) for v in value)
        else:
            flat[key] = value
    return flat


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten` (values stay as the sheet holds them)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if "." in key:
            head, sub = key.split(".", 1)
            out.setdefault(head, {})[sub] = value
        else:
            out[key] = value
    return out


def setting_rows(values: Mapping[str, Any], lang: str) -> list[tuple[str, str, Any]]:
    """(label, key, value) rows in the order of :data:`LABELS`, unknown keys last."""
    flat = flatten(values)
    keys = [k for k in LABELS if k in flat] + [k for k in flat if k not in LABELS]
    return [(LABELS.get(k, (k, k))[idx(lang)], k, _cell(flat[k])) for k in keys]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def read_settings(wb: Workbook) -> dict[str, Any]:
    """The (key -> value) pairs of the ``Settings`` Table, empty when the book has none."""
    for ws in wb.worksheets:
        if "Settings" not in ws.tables:
            continue
        rows = list(ws[ws.tables["Settings"].ref])
        header = [str(c.value or "") for c in rows[0]]
        key_col = _column(header, ("key", "Ключ"))
        value_col = _column(header, ("value", "Значение"))
        if key_col is None or value_col is None:
            return {}
        pairs = ((r[key_col].value, r[value_col].value) for r in rows[1:])
        return {str(k).strip(): ("" if v is None else v) for k, v in pairs if k}
    return {}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None
