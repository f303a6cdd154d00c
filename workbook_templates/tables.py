"""List blocks: a report table written as one Excel Table with real formats and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import i18n, styles
from workbook_templates.cells import column_values, put, style_of, text_width, write_column
from workbook_templates.context import FillContext
from workbook_templates.manifest import Block

DATE_COLUMNS = {"created", "closed", "last_touch"}
TEXT_COLUMNS = {"title", "pipeline", "stage", "employee", "department", "reason", "scope"}
WRAPPED = {"description", "formula", "setting"}


@dataclass
class Placement:
    """Where a block landed: its header row, data rows and the column of each field."""

    key: str
    header_row: int
    first_row: int
    last_row: int  # == header_row when the block has no rows
    columns: dict[str, int] = field(default_factory=dict)
    last_col: int = 1

    @property
    def rows(self) -> int:
        return self.last_row - self.header_row


def select_rows(df: pd.DataFrame, block: Block) -> pd.DataFrame:
    """The block's rows: the manifest's ``where`` filters applied."""
    for column, value in block.where:
        if column in df.columns:
            df = df[df[column].astype(str) == value]
    return df


def block_columns(block: Block, df: pd.DataFrame) -> list[str]:
    """The manifest's columns (empty when the frame lacks one), then custom (``uf``) fields."""
    cols = list(block.columns)
    if block.key == "deals":
        cols += [c for c in df.columns if str(c).lower().startswith("uf") and c not in cols]
    return cols


def localized(name: str, df: pd.DataFrame, lang: str) -> str:
    """The column holding ``name`` in the reader's language (``reason_ru``, ``status_en``)."""
    own = f"{name}_{lang}"
    return own if own in df.columns else name


def header(name: str, ctx: FillContext) -> str:
    """A column header; the configured gross-profit and city fields get their meaning."""
    if name and name == ctx.settings.get("gross_profit_field"):
        return i18n.column("gross_profit", ctx.lang)
    if name and name == ctx.settings.get("city_field"):
        return i18n.text("city", ctx.lang)
    return i18n.column(name, ctx.lang)


def excel_values(name: str, series: pd.Series, ctx: FillContext) -> list[Any]:
    """A column's values as the sheet shows them (localized codes, links as formulas)."""
    values = column_values(series, ctx.timezone)
    lang = ctx.lang
    if name == "link":
        label = i18n.text("open", lang)
        return [f'=HYPERLINK("{v}","{label}")' if v else None for v in values]
    if name in ("semantic", "status"):
        return [i18n.semantic(v, lang) if v in ("P", "S", "F") else v for v in values]
    if name == "forgotten":
        yes, no = i18n.text("yes", lang), i18n.text("no", lang)
        return [None if v is None else (yes if v else no) for v in values]
    return values


def column_style(ws: Worksheet, name: str, values: list[Any], ctx: FillContext) -> Any:
    """The style of a list column: a date, a link, text, or a number in its unit."""
    if name in DATE_COLUMNS and any(hasattr(v, "year") for v in values[:50]):
        return style_of(ws, styles.DATE[ctx.lang], horizontal="center")
    if name == "link":
        return style_of(ws, "General", styles.LINK_FONT)
    if name and name == ctx.settings.get("gross_profit_field"):
        return style_of(ws, styles.MONEY)
    if name in WRAPPED:
        return style_of(ws, "General", wrap_text=True, vertical="top")
    if name in TEXT_COLUMNS:
        return style_of(ws, "@")
    return style_of(ws, styles.column_format(name, ctx.lang, ctx.unit(name)))


def write_heading(ws: Worksheet, row: int, key: str, ctx: FillContext, period: str = "") -> None:
    """A section heading above a block, naming its period when it has its own."""
    if key:
        text = i18n.text(key, ctx.lang) + (f": {period}" if period else "")
        put(ws, row, 1, text).font = styles.SECTION_FONT


def write_header(ws: Worksheet, row: int, headers: list[str], height: float = 30) -> None:
    """A header row: white bold words on the brand colour, wrapped."""
    style = style_of(ws, "General", styles.HEADER_FONT, horizontal="center", wrap_text=True)
    for col, header in enumerate(headers, start=1):
        cell = put(ws, row, col, header, style)
        cell.fill = styles.HEADER_FILL
    ws.row_dimensions[row].height = height


def write_table(
    ws: Worksheet, top: int, block: Block, df: pd.DataFrame, ctx: FillContext
) -> Placement:
    """Write ``df`` as the block's Excel Table with its heading at ``top``."""
    if block.heading:
        write_heading(ws, top, block.heading, ctx)
        top += 1
    df = select_rows(df, block)
    cols = block_columns(block, df)
    # the Metrics table keeps its field names in every language: formulas refer to them
    headers = (
        list(cols)
        if block.kind == "metrics"
        else [header(dict(block.labels).get(c, c), ctx) for c in cols]
    )
    write_header(ws, top, headers)
    place = Placement(block.key, top, top + 1, top + len(df), last_col=max(1, len(cols)))
    for col, name in enumerate(cols, start=1):
        if name in df.columns:
            series = df[localized(name, df, ctx.lang)]
        else:
            series = pd.Series([None] * len(df), dtype=object)
        values = excel_values(name, series, ctx)
        write_column(ws, top + 1, col, values, column_style(ws, name, values, ctx))
        place.columns[name] = col
        width = 55.0 if name in WRAPPED else text_width(values, headers[col - 1])
        current = ws.column_dimensions[get_column_letter(col)].width or 0
        ws.column_dimensions[get_column_letter(col)].width = max(width, current)
    add_table(ws, block.table, top, max(top + 1, place.last_row), place.last_col)
    return place


def add_table(ws: Worksheet, name: str, header_row: int, last_row: int, last_col: int) -> None:
    """An Excel Table (with AutoFilter) over the given rows; an empty one keeps one row."""
    if name in ws.tables:
        del ws.tables[name]
    ref = f"A{header_row}:{get_column_letter(last_col)}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
