"""Filling a workbook from report tables, sheet by sheet, as the manifest says.

``fill_workbook(wb, tables, ctx)`` clears each report sheet's own data area, writes its
title and blocks, builds its charts, records the new area, and finally writes the
``Metrics`` table from every number the other sheets showed.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import i18n, styles
from workbook_templates.areas import Area, clear_area, read_area, record_area
from workbook_templates.cells import put
from workbook_templates.charts import place_charts
from workbook_templates.context import METRIC_ROW, FillContext
from workbook_templates.derive import (
    company_label,
    employees_frame,
    record_list,
    record_series,
    series_frame,
)
from workbook_templates.errors import area_conflict
from workbook_templates.manifest import SHEETS, Block, Sheet
from workbook_templates.pivot import write_pivot
from workbook_templates.settings_sheet import setting_rows
from workbook_templates.tables import Placement, write_heading, write_table

FIRST_BLOCK_ROW = 4
PLANS_ORIGIN_ROW = 4


def fill_workbook(wb: Workbook, tables: Mapping[str, pd.DataFrame], ctx: FillContext) -> None:
    """Write every product sheet of ``wb`` from ``tables`` (report name -> frame)."""
    company = company_label(dict(tables), ctx)
    for sheet in SHEETS:
        if sheet.key in ("metrics", "plans"):
            continue
        fill_sheet(wb, sheet, tables, ctx, company)
    fill_plans(wb, ctx)
    fill_sheet(wb, _sheet("metrics"), {"_metrics": metrics_frame(ctx)}, ctx, company)


def _sheet(key: str) -> Sheet:
    return next(s for s in SHEETS if s.key == key)


def fill_sheet(
    wb: Workbook, sheet: Sheet, tables: Mapping[str, pd.DataFrame], ctx: FillContext, company: str
) -> None:
    """Replace one sheet's data area with freshly laid-out blocks and charts."""
    ws = wb[sheet.name(ctx.lang)]
    old = read_area(wb, sheet.key)
    directors = directors_cells(ws, old)
    if old is not None:
        clear_area(ws, old)
    write_title(ws, sheet, ctx)
    row, placed, first, last_col = FIRST_BLOCK_ROW, {}, None, 1
    for block in sheet.blocks:
        if first is not None and (
            block.kind == "pivot" or any(c.block == block.key for c in sheet.charts)
        ):
            ws.row_breaks.append(Break(id=row - 2))  # a pivot or a chart starts a page
        place = write_block(ws, row, block, tables, ctx, company)
        placed[block.key] = place
        first = first or place
        top = place.header_row - (1 if block.heading else 0)
        specs = [(c, place) for c in sheet.charts if c.block == block.key]
        right = place_charts(ws, top, place.last_col + 2, specs, ctx) if specs else (top, 1)
        last_col = max(last_col, place.last_col, right[1])
        row = max(place.last_row, place.header_row + 1, right[0]) + 3
    area = Area(1, 1, row, last_col)
    in_the_way = sorted(rc for rc in directors if area.holds(*rc))
    if in_the_way:
        r, c = in_the_way[0]
        cell = f"{get_column_letter(c)}{r}"
        raise area_conflict(ws.title, cell, area.max_row, get_column_letter(area.max_col))
    record_area(wb, sheet.key, ws, area)
    page_setup(ws, first, sheet)


def directors_cells(ws: Worksheet, own: Area | None) -> set[tuple[int, int]]:
    """Cells holding a value outside the product's recorded area: the director's own.

    (A sheet never filled, straight from the template, holds no director's cells.)
    """
    if own is None:
        return set()
    return {
        (r, c)
        for (r, c), cell in ws._cells.items()
        if cell.value is not None and not own.holds(r, c)
    }


def _own_period(block: Block, source: pd.DataFrame) -> str:
    """The period of a block over its own period (the quarter or week block), else ""."""
    if not block.variant or source.empty or "period_role" not in source:
        return ""
    current = source.loc[source["period_role"] == "current", "period"]
    return str(current.iloc[0]) if not current.empty else ""


def write_block(
    ws: Worksheet,
    row: int,
    block: Block,
    tables: Mapping[str, pd.DataFrame],
    ctx: FillContext,
    company: str,
) -> Placement:
    """One block from its report table (an absent table is laid out empty)."""
    source = tables.get(block.source, pd.DataFrame()) if block.report else pd.DataFrame()
    if block.kind == "pivot":
        if block.heading:
            write_heading(ws, row, block.heading, ctx, _own_period(block, source))
            row += 1
        return write_pivot(ws, row, block, _hier(source), ctx)
    if block.kind == "series":
        frame = series_frame(_hier(source), block)
        record_series(frame, block, ctx, company)
        return write_table(ws, row, block, frame, ctx)
    if block.kind == "employees":
        frame = employees_frame(_hier(source), block, ctx)
        record_series(frame, block, ctx, company)
        return write_table(ws, row, block, frame, ctx)
    if block.kind == "catalog":
        catalog = pd.DataFrame(ctx.catalog, columns=list(block.columns))
        return write_table(ws, row, block, catalog, ctx)
    if block.kind == "settings":
        rows = setting_rows(ctx.settings, ctx.lang)
        return write_table(ws, row, block, pd.DataFrame(rows, columns=list(block.columns)), ctx)
    if block.kind == "metrics":
        return write_table(ws, row, block, tables["_metrics"], ctx)
    record_list(block, source, ctx, company)
    return write_table(ws, row, block, source, ctx)


HIER_COLUMNS = ("metric", "scope_level", "scope_id", "scope", "parent_id", "depth", "period",
                "period_role", "value")  # fmt: skip


def _hier(df: pd.DataFrame) -> pd.DataFrame:
    return df if not df.empty else pd.DataFrame(columns=list(HIER_COLUMNS))


def write_title(ws: Worksheet, sheet: Sheet, ctx: FillContext) -> None:
    """Row 1: the sheet's title; row 2: portal, period, as-of and focus."""
    put(ws, 1, 1, sheet.name(ctx.lang)).font = styles.TITLE_FONT
    parts = [f"{i18n.text('portal', ctx.lang)}: {ctx.domain}" if ctx.domain else ""]
    if ctx.period:
        parts.append(f"{i18n.text('period', ctx.lang)}: {ctx.period}")
    if ctx.as_of:
        parts.append(f"{i18n.text('as_of', ctx.lang)}: {ctx.as_of}")
    if ctx.focus:
        parts.append(f"{i18n.text('focus', ctx.lang)}: {ctx.focus}")
    put(ws, 2, 1, "   ·   ".join(p for p in parts if p)).font = styles.SUBTITLE_FONT
    ws.row_dimensions[1].height = 24


def page_setup(ws: Worksheet, first: Placement | None, sheet: Sheet) -> None:
    """Frozen header, landscape, fit to one page wide, header rows repeated on every page."""
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if first is not None:
        frozen_col = "B" if sheet.blocks[0].kind == "pivot" else "A"
        ws.freeze_panes = f"{frozen_col}{first.header_row + 1}"
        ws.print_title_rows = f"{first.header_row}:{first.header_row}"


def metrics_frame(ctx: FillContext) -> pd.DataFrame:
    """The sink's rows as the ``Metrics`` table, in the order they were shown."""
    return pd.DataFrame(list(ctx.sink.rows.values()), columns=list(METRIC_ROW))


def fill_plans(wb: Workbook, ctx: FillContext) -> None:
    """The Plans sheet's title and hint; the grid below ``B24_PLANS`` belongs to issue D2."""
    sheet = _sheet("plans")
    ws = wb[sheet.name(ctx.lang)]
    write_title(ws, sheet, ctx)
    hint = put(ws, 3, 1, i18n.text("plans_hint", ctx.lang))
    hint.font = styles.SUBTITLE_FONT
    hint.alignment = Alignment(wrap_text=True, vertical="top")
    if "A3:H3" not in {str(m) for m in ws.merged_cells.ranges}:
        ws.merge_cells("A3:H3")
    ws.row_dimensions[3].height = 30
