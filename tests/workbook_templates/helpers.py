"""Shared steps of the workbook tests: fill the synthetic report tables into a file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from tests.workbook_templates import synthetic
from workbook_templates.context import FillContext, MetricInfo
from workbook_templates.fill import fill_workbook
from workbook_templates.save import save_atomic
from workbook_templates.template import build_template, open_template

INFO = {
    "won_sum": MetricInfo("Выиграно, сумма", "Won, sum", "rub"),
    "won_count": MetricInfo("Выиграно, сделок", "Won, deals", "deals"),
    "created": MetricInfo("Создано сделок", "Deals created", "deals"),
    "conversion_overall": MetricInfo("Конверсия общая", "Overall conversion", "share"),
    "avg_check": MetricInfo("Средний чек", "Average check", "rub"),
}


def context(lang: str = "ru", **kw: object) -> FillContext:
    base = dict(lang=lang, domain=synthetic.DOMAIN, timezone="Europe/Moscow", period="2024-03",
                as_of="2024-03-31 18:00", metrics_info=INFO)  # fmt: skip
    base.update(kw)
    return FillContext(**base)  # type: ignore[arg-type]


def write(path: Path, tables: dict[str, pd.DataFrame] | None = None, lang: str = "ru",
          existing: bool = False) -> FillContext:  # fmt: skip
    """Fill the tables (synthetic by default) into a new or an existing workbook."""
    wb = open_template(path, lang) if existing else build_template(lang)
    ctx = context(lang)
    fill_workbook(wb, synthetic.report_tables() if tables is None else tables, ctx)
    save_atomic(wb, path)
    return ctx


def find_row(ws, label: str, col: int = 1) -> int:
    for row in ws.iter_rows(min_col=col, max_col=col):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"{label!r} not found in {ws.title}")


def header_col(ws, row: int, header: str) -> int:
    for cell in ws[row]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"header {header!r} not in row {row} of {ws.title}")


def load(path: Path):
    return load_workbook(path)
