"""The product's own data areas, so a refresh replaces them and nothing else.

Each report sheet records the rectangle it filled in a hidden defined name
(``_B24_AREA_<KEY>``). The next refresh clears exactly that rectangle (cells, merged
ranges, conditional formats, Tables, charts, row outline) and writes anew; the director's
own sheets, and anything on a report sheet outside the rectangle, are left as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates.manifest import AREA_PREFIX


@dataclass(frozen=True)
class Area:
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def holds(self, row: int, col: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col

    def covers(self, ref: str) -> bool:
        """True when the whole range ``ref`` (``A1:C9``) lies inside the area."""
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        return self.holds(min_row or 1, min_col or 1) and self.holds(
            max_row or self.max_row, max_col or self.max_col
        )


def area_name(key: str) -> str:
    return f"{AREA_PREFIX}{key.upper()}"


def read_area(wb: Workbook, key: str) -> Area | None:
    """The rectangle the last refresh filled on the sheet ``key`` (None if never filled)."""
    name = wb.defined_names.get(area_name(key))
    if name is None:
        return None
    for _title, ref in name.destinations:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        return Area(min_row or 1, min_col or 1, max_row or 1, max_col or 1)
    return None


def record_area(wb: Workbook, key: str, ws: Worksheet, area: Area) -> None:
    """Remember the rectangle just filled, in a hidden workbook-level name."""
    ref = f"$A${area.min_row}:${get_column_letter(area.max_col)}${area.max_row}"
    quoted = ws.title.replace("'", "''")
    wb.defined_names[area_name(key)] = DefinedName(
        area_name(key), attr_text=f"'{quoted}'!{ref}", hidden=True
    )


def _anchor_cell(chart: object) -> tuple[int, int]:
    anchor = getattr(chart, "anchor", None)
    if isinstance(anchor, str):
        min_col, min_row, _c, _r = range_boundaries(anchor)
        return min_row or 1, min_col or 1
    marker = getattr(anchor, "_from", None)
    if marker is None:
        return 0, 0
    return marker.row + 1, marker.col + 1


def clear_area(ws: Worksheet, area: Area) -> None:
    """Remove everything the product put inside ``area``; keep all that lies outside."""
    for key in [k for k in ws._cells if area.holds(*k)]:
        del ws._cells[key]
    for merged in [m for m in ws.merged_cells.ranges if area.covers(m.coord)]:
        ws.merged_cells.remove(merged)
    kept = ConditionalFormattingList()
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        if not all(area.covers(str(r)) for r in rng.sqref.ranges):
            for rule in rules:
                kept.add(str(rng.sqref), rule)
    ws.conditional_formatting = kept
    for name in [n for n, t in ws.tables.items() if area.covers(_ref(t))]:
        del ws.tables[name]
    ws._charts = [c for c in ws._charts if not area.holds(*_anchor_cell(c))]
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation
        if not all(area.covers(str(r)) for r in dv.sqref.ranges)
    ]  # fmt: skip
    ws.row_breaks.brk = [b for b in ws.row_breaks.brk if not area.holds(b.id or 1, 1)]
    for row in range(area.min_row, area.max_row + 1):
        if row in ws.row_dimensions:
            dim = ws.row_dimensions[row]
            dim.outline_level, dim.hidden, dim.height = 0, False, None


def _ref(table: object) -> str:
    return table if isinstance(table, str) else str(getattr(table, "ref", "A1"))
