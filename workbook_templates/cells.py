"""Writing many cells quickly: one style computed per column, cells placed directly.

openpyxl's per-cell style setters look the style up every time; a list of 100k deals
writes far faster when each column's style is built once and copied onto its cells.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import styles


def style_of(ws: Worksheet, number_format: str, font: Font | None = None, **align: Any) -> Any:
    """The internal style array of a cell formatted this way (to copy onto many cells)."""
    proto = Cell(ws, row=1, column=1)
    proto.number_format = number_format
    proto.font = font or styles.NORMAL
    if align:
        proto.alignment = Alignment(**align)
    return proto._style


def put(ws: Worksheet, row: int, col: int, value: Any, style: Any = None) -> Cell:
    """Place one cell (replacing any cell there) with a ready-made style."""
    cell = Cell(ws, row=row, column=col, value=value)
    if style is not None:
        cell._style = copy(style)
    ws._cells[(row, col)] = cell
    return cell


def write_column(ws: Worksheet, first_row: int, col: int, values: Iterable[Any], style: Any) -> int:
    """Write ``values`` down one column; returns the number of cells written."""
    n = 0
    cells = ws._cells
    for n, value in enumerate(values, start=1):
        cell = Cell(ws, row=first_row + n - 1, column=col, value=value)
        cell._style = copy(style)
        cells[(first_row + n - 1, col)] = cell
    return n


def clean(value: Any) -> Any:
    """A pandas/numpy value as Excel takes it: NaN/NaT/NA -> empty, numpy -> Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes, datetime)):
        return clean(value.item())
    return value


def column_values(series: pd.Series, timezone: str) -> list[Any]:
    """A frame column as a list of Excel values; instants become the portal's local time."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert(timezone).dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if v is pd.NaT else v.to_pydatetime() for v in series]
    values = series.astype(object).where(series.notna(), None).tolist()
    return [clean(v) for v in values]


def text_width(values: Sequence[Any], header: str, sample: int = 300) -> float:
    """A column width that fits its header (wrapped at most in two lines) and values."""
    longest = 0
    for value in values[:sample]:
        if value is None:
            continue
        if isinstance(value, str) and value.startswith("=HYPERLINK("):
            longest = max(longest, 12)
            continue
        size = 12 if isinstance(value, (int, float, datetime)) else len(str(value))
        longest = max(longest, size)
    words = header.split()
    head = max(len(header) / 2, *(len(w) for w in words)) if words else 0
    return float(min(60, max(8, longest + 2, head + 2)))
