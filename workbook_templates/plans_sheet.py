"""The Plans sheet: the grid a director types plans into, and reading it back.

Layout from the origin row ``r0`` (the ``B24_PLANS`` name of the report workbook, row 4):

- ``r0``: selectors: measure (B), version (D), the revision the grid was loaded at (F) and
  the lock month (H);
- ``r0 + 2``: month headers, one group of three columns per month (plan, fact, %);
- ``r0 + 3``: ``Plan | Fact | %`` under each month;
- from ``r0 + 4``: one row per scope (id in A, label in B), outline-grouped by depth.

Plan cells are unlocked and coloured; a plan rolled up from the rows below (the scope has no
plan of its own) is shown in grey italics, and typing over it makes it the scope's own plan.
Fact and completion are protected; locked months are greyed and protected. What was loaded
is kept in the very hidden sheet ``_plans_base``, so reading back returns only the cells the
director changed. This module takes and returns plain data; it never touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import styles
from workbook_templates.errors import WorkbookError

SHEET_NAMES = {"ru": "Планы", "en": "Plans"}
BASE_SHEET = "_plans_base"
FIRST_MONTH_COL = 3
WORDS = {
    "measure": ("Показатель", "Measure"), "version": ("Версия", "Version"),
    "revision": ("Ревизия", "Revision"), "locked": ("Закрыто до", "Locked before"),
    "id": ("Код", "Id"), "scope": ("Разрез", "Scope"), "plan": ("План", "Plan"),
    "fact": ("Факт", "Fact"), "pct": ("%", "%"), "title": ("Планы продаж", "Sales plans"),
    "conflict": ("Изменено другим после загрузки", "Changed by someone else since you loaded"),
}  # fmt: skip
PLAN_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="D9D9D9")
CONFLICT_FILL = PatternFill("solid", fgColor="F4B6B6")
PROBLEM_FILL = PatternFill("solid", fgColor="F8CBAD")
DERIVED_FONT = Font(name="Calibri", size=10, italic=True, color="808080")
UNLOCKED = Protection(locked=False)


def word(key: str, lang: str) -> str:
    """A label in the director's language."""
    ru, en = WORDS[key]
    return ru if lang == "ru" else en


@dataclass(frozen=True)
class GridRow:
    """One scope row: canonical id, label and outline depth (0 = company)."""

    scope_id: str
    label: str
    depth: int


@dataclass
class PlanGrid:
    """Everything the grid shows; keys of the dicts are ``(scope_id, "YYYY-MM")``."""

    measure: str
    version: str
    revision: int
    months: list[str]
    rows: list[GridRow]
    own: dict[tuple[str, str], float] = field(default_factory=dict)
    derived: dict[tuple[str, str], float] = field(default_factory=dict)
    fact: dict[tuple[str, str], float] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    lock_before: str | None = None
    measures: tuple[str, ...] = ("revenue", "won_count", "gross_profit")
    versions: tuple[str, ...] = ("budget", "forecast")
    number_format: str = styles.MONEY
    lang: str = "ru"


@dataclass(frozen=True)
class CellEdit:
    """A plan cell the director changed: address, scope (id or label), month, raw value."""

    cell: str
    scope: str
    month: str
    raw: Any


@dataclass
class GridReadback:
    """The changed cells of a grid with the selectors it was loaded with."""

    measure: str
    version: str
    revision: int
    edits: list[CellEdit]
    sheet: str


def plan_column(index: int) -> int:
    """The column of the plan cell of the ``index``-th month."""
    return FIRST_MONTH_COL + 3 * index


def write_grid(wb: Workbook, grid: PlanGrid, origin_row: int = 4) -> Worksheet:
    """Lay the grid out on the Plans sheet (created if missing, its rows from
    ``origin_row`` replaced) and remember what was loaded in ``_plans_base``."""
    name = SHEET_NAMES[grid.lang]
    ws = wb[name] if name in wb.sheetnames else wb.create_sheet(name)
    _clear(ws, origin_row)
    if origin_row > 1 and ws.cell(1, 1).value is None:
        ws.cell(1, 1, word("title", grid.lang)).font = styles.TITLE_FONT
    _selectors(ws, grid, origin_row)
    _headers(ws, grid, origin_row + 2)
    for offset, row in enumerate(grid.rows):
        _data_row(ws, grid, origin_row + 4 + offset, row)
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.freeze_panes = ws.cell(origin_row + 4, FIRST_MONTH_COL)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 36
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    _write_base(wb, grid, name, origin_row)
    return ws


def _clear(ws: Worksheet, origin_row: int) -> None:
    """Remove the previous grid: its cells, merges, selector lists and outline levels."""
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row >= origin_row:
            ws.unmerge_cells(str(merged))
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation
        if all(r.min_row < origin_row for r in dv.sqref.ranges)
    ]  # fmt: skip
    for row in [r for r in ws.row_dimensions if r >= origin_row]:
        del ws.row_dimensions[row]
    if ws.max_row >= origin_row:
        ws.delete_rows(origin_row, ws.max_row - origin_row + 1)


def _selectors(ws: Worksheet, grid: PlanGrid, r0: int) -> None:
    pairs = (
        ("measure", grid.measure, grid.measures),
        ("version", grid.version, grid.versions),
        ("revision", grid.revision, None),
        ("locked", grid.lock_before or "", None),
    )
    for n, (key, value, choices) in enumerate(pairs):
        ws.cell(r0, 1 + 2 * n, word(key, grid.lang)).font = styles.BOLD
        cell = ws.cell(r0, 2 + 2 * n, value)
        if choices is not None:
            cell.protection, cell.fill = UNLOCKED, PLAN_FILL
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
            rule.error, rule.showErrorMessage = ", ".join(choices), key == "measure"
            ws.add_data_validation(rule)
            rule.add(cell.coordinate)


def _headers(ws: Worksheet, grid: PlanGrid, row: int) -> None:
    for col, key in ((1, "id"), (2, "scope")):
        for r in (row, row + 1):
            ws.cell(r, col, word(key, grid.lang) if r == row else None)
    for index, month in enumerate(grid.months):
        col = plan_column(index)
        ws.cell(row, col, month)
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 2)
        for k, key in enumerate(("plan", "fact", "pct")):
            ws.cell(row + 1, col + k, word(key, grid.lang))
            ws.column_dimensions[get_column_letter(col + k)].width = 8 if key == "pct" else 13
    for r in (row, row + 1):
        for col in range(1, plan_column(len(grid.months))):
            cell = ws.cell(r, col)
            cell.font, cell.fill, cell.alignment = (
                styles.HEADER_FONT, styles.HEADER_FILL, styles.HEADER_ALIGN,
            )  # fmt: skip


def _data_row(ws: Worksheet, grid: PlanGrid, r: int, row: GridRow) -> None:
    ws.cell(r, 1, row.scope_id).font = styles.NORMAL
    label = ws.cell(r, 2, "    " * row.depth + row.label)
    label.font = styles.BOLD if row.depth == 0 else styles.NORMAL
    if row.depth:
        ws.row_dimensions[r].outline_level = min(row.depth, 7)
    for index, month in enumerate(grid.months):
        col = plan_column(index)
        key = (row.scope_id, month)
        plan = ws.cell(r, col, grid.own.get(key, grid.derived.get(key)))
        plan.number_format = grid.number_format
        if month in grid.locked:
            plan.fill = LOCKED_FILL
        else:
            plan.fill, plan.protection = PLAN_FILL, UNLOCKED
        if key not in grid.own and key in grid.derived:
            plan.font = DERIVED_FONT
        fact = ws.cell(r, col + 1, grid.fact.get(key))
        fact.number_format = grid.number_format
        ref, fref = plan.coordinate, fact.coordinate
        pct = ws.cell(r, col + 2, f'=IF(AND(ISNUMBER({ref}),{ref}>0),{fref}/{ref},"")')
        pct.number_format = styles.SHARE
        if month in grid.locked:
            fact.fill = pct.fill = LOCKED_FILL


def _write_base(wb: Workbook, grid: PlanGrid, sheet: str, origin_row: int) -> None:
    if BASE_SHEET in wb.sheetnames:
        del wb[BASE_SHEET]
    base = wb.create_sheet(BASE_SHEET)
    base.sheet_state = "veryHidden"
    base.append(["meta", sheet, origin_row, grid.measure, grid.version, grid.revision, grid.lang])
    for (scope, month), value in sorted(grid.own.items()):
        base.append(["own", scope, month, value])
    for (scope, month), value in sorted(grid.derived.items()):
        if (scope, month) not in grid.own:
            base.append(["derived", scope, month, value])


def find_sheet(wb: Workbook) -> Worksheet:
    """The Plans sheet (Russian or English name) or a clear error."""
    for name in (*SHEET_NAMES.values(),):
        if name in wb.sheetnames:
            return wb[name]
    raise WorkbookError(
        "the workbook has no Plans sheet: press Load plans first",
        "в книге нет листа «Планы»: сначала нажмите «Загрузить планы»",
    )


def read_grid(wb: Workbook, origin_row: int | None = None) -> GridReadback:
    """The plan cells changed since the grid was loaded (every filled plan cell of a grid
    with no ``_plans_base``, e.g. one laid out by hand), with their addresses."""
    ws = find_sheet(wb)
    meta, own, derived = _read_base(wb)
    r0 = int(meta[2]) if meta else (origin_row or _guess_origin(ws))
    measure, version = str(ws.cell(r0, 2).value or ""), str(ws.cell(r0, 4).value or "")
    revision = int(meta[5]) if meta else int(_number(ws.cell(r0, 6).value) or 0)
    if meta and (measure, version) != (str(meta[3]), str(meta[4])):
        raise WorkbookError(
            f"the selectors say {measure}/{version} but the grid holds {meta[3]}/{meta[4]}: "
            "press Load plans to load the chosen measure and version",
            f"в выборе {measure}/{version}, а в таблице {meta[3]}/{meta[4]}: нажмите "
            "«Загрузить планы», чтобы загрузить выбранные показатель и версию",
        )
    months = _months(ws, r0 + 2)
    edits = []
    for r in range(r0 + 4, ws.max_row + 1):
        scope = str(ws.cell(r, 1).value or "").strip() or str(ws.cell(r, 2).value or "").strip()
        if not scope:
            continue
        for col, month in months:
            cell = ws.cell(r, col)
            raw = cell.value
            if _unchanged(raw, own.get((scope, month)), derived.get((scope, month)), bool(meta)):
                continue
            edits.append(CellEdit(f"{ws.title}!{cell.coordinate}", scope, month, raw))
    return GridReadback(measure, version, revision, edits, ws.title)


def _read_base(wb: Workbook) -> tuple[list[Any] | None, dict, dict]:
    own: dict[tuple[str, str], float] = {}
    derived: dict[tuple[str, str], float] = {}
    if BASE_SHEET not in wb.sheetnames:
        return None, own, derived
    rows = list(wb[BASE_SHEET].iter_rows(values_only=True))
    for kind, scope, month, value, *_ in rows[1:]:
        (own if kind == "own" else derived)[(str(scope), str(month))] = float(value)
    return list(rows[0]), own, derived


def _guess_origin(ws: Worksheet) -> int:
    for r in range(1, min(ws.max_row, 30) + 1):
        if str(ws.cell(r, 1).value or "") in (WORDS["measure"]):
            return r
    raise WorkbookError(
        "the Plans sheet has no measure selector: lay it out with `b24xl plans export`",
        "на листе «Планы» нет выбора показателя: создайте его через `b24xl plans export`",
    )


def _months(ws: Worksheet, header_row: int) -> list[tuple[int, str]]:
    out = []
    for col in range(FIRST_MONTH_COL, ws.max_column + 1, 3):
        value = ws.cell(header_row, col).value
        if value is None:
            break
        out.append((col, str(value).strip()))
    return out


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _unchanged(raw: Any, own: float | None, derived: float | None, has_base: bool) -> bool:
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if not has_base:
        return empty
    number = _number(raw)
    if own is not None:
        return number is not None and number == own
    if derived is not None:
        return empty or (number is not None and number == derived)
    return empty


def mark_cells(wb: Workbook, notes: dict[str, str], *, conflict: bool = True) -> None:
    """Colour the cells (``Sheet!A1`` addresses) red for conflicts (orange for problems)
    and attach each note as a comment."""
    for address, note in notes.items():
        sheet, _, coordinate = address.rpartition("!")
        ws = wb[sheet] if sheet else find_sheet(wb)
        cell = ws[coordinate]
        cell.fill = CONFLICT_FILL if conflict else PROBLEM_FILL
        cell.comment = Comment(note, "b24xl")


def fill_row(wb: Workbook, scope_id: str, values: dict[str, float]) -> list[str]:
    """Write ``values`` (month -> number) into the plan cells of ``scope_id``'s row;
    returns the addresses written (a spread lands here before it is saved)."""
    ws = find_sheet(wb)
    meta, _own, _derived = _read_base(wb)
    r0 = int(meta[2]) if meta else _guess_origin(ws)
    months = dict((m, c) for c, m in _months(ws, r0 + 2))
    for r in range(r0 + 4, ws.max_row + 1):
        if str(ws.cell(r, 1).value or "").strip() == scope_id:
            written = []
            for month, value in values.items():
                if month in months:
                    cell = ws.cell(r, months[month], value)
                    cell.font = styles.NORMAL
                    written.append(f"{ws.title}!{cell.coordinate}")
            return written
    raise WorkbookError(
        f"no row for {scope_id} on the Plans sheet: load plans first",
        f"на листе «Планы» нет строки {scope_id}: сначала загрузите планы",
    )
