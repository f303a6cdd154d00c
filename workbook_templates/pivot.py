"""Pivot blocks: a hierarchical long-form report laid out as grouped rows.

Rows run company -> departments -> employees -> pipelines in the order the report gives
them; each row's ``depth`` becomes its Excel outline level, so Excel's own "+" and "-"
expand and collapse them. Every value is the report's own figure for that scope, so a
total row is a ratio of sums, never an average of the ratios below it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import i18n, styles
from workbook_templates.cells import clean, put, style_of
from workbook_templates.context import FillContext
from workbook_templates.manifest import Block, Column
from workbook_templates.tables import Placement, write_header

ROLES = ("current", "previous", "year_ago")
MAX_OUTLINE = 7


def header(column: Column, ctx: FillContext) -> str:
    """``Won, RUB`` / ``Won, RUB (previous period)`` / ``Won, RUB vs previous``."""
    name = ctx.label(column.metric)
    if column.delta:
        return f"{name}: {i18n.ROLES['delta_' + column.role][i18n.idx(ctx.lang)]}"
    if column.role != "current":
        return f"{name} ({i18n.ROLES[column.role][i18n.idx(ctx.lang)]})"
    return name


def change(column: Column, unit: str, current: Any, base: Any) -> float | None:
    """Growth against the base period: a share for amounts, percentage points for shares."""
    if current is None or base is None:
        return None
    if unit == "share":
        return round((float(current) - float(base)) * 100, 6)
    if float(base) == 0:
        return None
    return float(current) / float(base) - 1


TREE_LEVELS = ("company", "department", "employee")
GROUPS: dict[str, tuple[str, str]] = {
    "pipeline": ("Воронки", "Pipelines"),
    "city": ("Города", "Cities"),
    "source": ("Источники", "Sources"),
    "uf": ("Свои поля", "Custom fields"),
}


def scope_rows(df: pd.DataFrame, lang: str = "ru") -> pd.DataFrame:
    """One row per scope in outline order, with its label, level and depth.

    The company, its departments (as a tree) and their employees come first, each employee
    under its department and each pipeline row under the scope it splits; company-wide
    pipelines, cities, sources and custom fields follow, each under a group row of its own.
    """
    keep = ["scope_id", "scope", "scope_level", "parent_id"]
    rows = df[df["period_role"] == "current"][keep].drop_duplicates("scope_id")
    children: dict[str, list[tuple]] = {}
    for row in rows.itertuples(index=False):
        children.setdefault(str(row.parent_id or ""), []).append(tuple(row))
    order = {"department": 0, "employee": 1, "pipeline": 2}
    out: list[tuple[str, str, str, int]] = []
    roots = [""]

    def walk(scope_id: str, depth: int) -> None:
        kids = [
            k for k in children.get(scope_id, [])
            if k[2] in (*TREE_LEVELS, "pipeline") and k[0] != scope_id
        ]  # fmt: skip
        if scope_id == roots[0]:
            kids = [k for k in kids if k[2] != "pipeline"]
        for kid in sorted(kids, key=lambda k: order.get(k[2], 3)):
            out.append((kid[0], kid[1], kid[2], depth))
            walk(kid[0], depth + 1)

    present = set(rows["scope_id"].astype(str))
    tree = rows[rows["scope_level"].isin(TREE_LEVELS) | (rows["parent_id"].astype(str) == "")]
    for top in tree[~tree["parent_id"].astype(str).isin(present)].itertuples(index=False):
        out.append((str(top.scope_id), str(top.scope), str(top.scope_level), 0))
        roots[0] = str(top.scope_id)
        walk(str(top.scope_id), 1)
    placed = {r[0] for r in out}
    for level, words in GROUPS.items():
        rest = rows[(rows["scope_level"] == level) & ~rows["scope_id"].isin(placed)]
        if rest.empty:
            continue
        out.append(("", words[i18n.idx(lang)], "group", 1))
        out += [(str(r.scope_id), str(r.scope), level, 2) for r in rest.itertuples(index=False)]
    return pd.DataFrame(out, columns=["scope_id", "scope", "scope_level", "depth"])


def lookup(df: pd.DataFrame) -> tuple[dict[tuple[str, str, str], Any], dict[str, str]]:
    """(scope_id, metric, role) -> value, and role -> the period it stands for."""
    part = df[df["period_role"].isin(ROLES)]
    values = {
        (s, m, r): clean(v)
        for s, m, r, v in zip(
            part["scope_id"], part["metric"], part["period_role"], part["value"], strict=True
        )
    }
    periods = part.drop_duplicates("period_role").set_index("period_role")["period"]
    return values, {str(k): str(v) for k, v in periods.items()}


def write_pivot(
    ws: Worksheet, top: int, block: Block, df: pd.DataFrame, ctx: FillContext
) -> Placement:
    """Lay the report out from row ``top``; returns where it landed."""
    columns = [c for c in block.pivot if c.metric in set(df["metric"])] if len(df) else []
    write_header(ws, top, [i18n.column("scope", ctx.lang)] + [header(c, ctx) for c in columns], 44)
    scopes = scope_rows(df, ctx.lang) if len(df) else pd.DataFrame(columns=["scope_id"])
    values, periods = lookup(df) if len(df) else ({}, {})
    place = Placement(block.key, top, top + 1, top + len(scopes), last_col=len(columns) + 1)
    col_styles = [column_style(ws, c, ctx) for c in columns]
    for i, scope in enumerate(scopes.itertuples(index=False)):
        row = top + 1 + i
        depth = int(str(scope.depth))
        write_label(ws, row, str(scope.scope), depth, str(scope.scope_level) == "group")
        for j, column in enumerate(columns, start=2):
            if scope.scope_level == "group":
                break
            value = cell_value(column, str(scope.scope_id), values, ctx)
            put(ws, row, j, value, col_styles[j - 2])
            if value is not None:
                record(ctx, column, scope, periods, value)
            if column.delta:  # the figures a change is computed from go to Metrics too
                for role in ("current", column.role):
                    base = Column(column.metric, role)
                    figure = values.get((str(scope.scope_id), column.metric, role))
                    if figure is not None:
                        record(ctx, base, scope, periods, figure)
        if depth in styles.LEVEL_FILLS:
            for j in range(1, len(columns) + 2):
                ws.cell(row, j).fill = styles.LEVEL_FILLS[depth]
        ws.row_dimensions[row].outline_level = min(depth, MAX_OUTLINE)
    ws.sheet_properties.outlinePr.summaryBelow = False
    decorate(ws, place, columns)
    size_columns(ws, scopes, columns, ctx)
    return place


def write_label(ws: Worksheet, row: int, label: str, depth: int, group: bool = False) -> None:
    """The scope name, indented by its depth, bold for the company and departments."""
    cell = put(ws, row, 1, label)
    cell.font = Font(name="Calibri", size=10, bold=depth <= 1, italic=group)
    cell.alignment = Alignment(indent=min(depth * 2, 15))


def cell_value(column: Column, scope_id: str, values: dict, ctx: FillContext) -> Any:
    """The figure of one pivot cell (a change is computed from the two figures shown)."""
    if not column.delta:
        return values.get((scope_id, column.metric, column.role))
    current = values.get((scope_id, column.metric, "current"))
    base = values.get((scope_id, column.metric, column.role))
    return change(column, ctx.unit(column.metric), current, base)


def column_style(ws: Worksheet, column: Column, ctx: FillContext) -> Any:
    unit = ctx.unit(column.metric)
    if column.delta:
        fmt = styles.DELTA_POINTS[ctx.lang] if unit == "share" else styles.DELTA_SHARE
        return style_of(ws, fmt, horizontal="right")
    return style_of(ws, styles.number_format(unit, ctx.lang))


def record(ctx: FillContext, column: Column, scope: Any, periods: dict, value: Any) -> None:
    """Put the number shown into the ``Metrics`` sink."""
    period = periods.get("current" if column.delta else column.role, ctx.period)
    metric = f"{column.metric}_vs_{column.role}" if column.delta else column.metric
    unit = (
        ("points" if ctx.unit(column.metric) == "share" else "share")
        if column.delta
        else ctx.unit(column.metric)
    )
    ctx.sink.add(
        metric, str(scope.scope), period, value, str(scope.scope_id), str(scope.scope_level), unit
    )


def decorate(ws: Worksheet, place: Placement, columns: list[Column]) -> None:
    """Green/red for changes, data bars for plan completion."""
    if place.rows <= 0:
        return
    for j, column in enumerate(columns, start=2):
        letter = get_column_letter(j)
        ref = f"{letter}{place.first_row}:{letter}{place.last_row}"
        if column.delta:
            ws.conditional_formatting.add(
                ref,
                CellIsRule(operator="greaterThan", formula=["0"], font=Font(color=styles.GREEN)),
            )
            ws.conditional_formatting.add(
                ref, CellIsRule(operator="lessThan", formula=["0"], font=Font(color=styles.RED))
            )
        if column.bar:
            ws.conditional_formatting.add(
                ref,
                DataBarRule(
                    start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
                ),
            )


def size_columns(
    ws: Worksheet, scopes: pd.DataFrame, columns: list[Column], ctx: FillContext
) -> None:
    """The label column fits the longest indented name; figures get room for their format."""
    longest = 20
    for scope in scopes.itertuples(index=False):
        longest = max(longest, len(str(scope.scope)) + 2 * int(str(scope.depth)) + 2)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, min(longest, 60))
    for j, _column in enumerate(columns, start=2):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 15)
