"""The metric catalog and the metric labels, both read from the metrics registry.

The catalog sheet is generated, never written by hand: every metric the registry holds,
with its name, unit, what it shows and how it is computed, in the workbook's language.
"""

from __future__ import annotations

from metrics.registry import REGISTRY
from workbook_templates.context import MetricInfo

UNIT_WORDS: dict[str, tuple[str, str]] = {
    "deals": ("сделки", "deals"), "leads": ("лиды", "leads"), "rub": ("₽", "RUB"),
    "days": ("дни", "days"), "share": ("доля, %", "share, %"), "points": ("баллы", "points"),
    "index": ("индекс", "index"), "tasks": ("задачи", "tasks"),
    "activities": ("активности", "activities"),
}  # fmt: skip


def metrics_info() -> dict[str, MetricInfo]:
    """Every registry metric's labels and unit."""
    return {m.id: MetricInfo(m.label_ru, m.label_en, m.unit) for m in REGISTRY.values()}


def catalog_rows(lang: str) -> list[dict[str, str]]:
    """One row per metric: id, name, unit, description and formula in ``lang``."""
    en = lang == "en"
    rows = []
    for m in REGISTRY.values():
        unit = UNIT_WORDS.get(m.unit, (m.unit, m.unit))[1 if en else 0]
        rows.append({
            "metric": m.id,
            "label": m.label_en if en else m.label_ru,
            "unit": unit,
            "description": m.description_en if en else m.description_ru,
            "formula": m.formula_en if en else m.formula_ru,
        })  # fmt: skip
    return rows
