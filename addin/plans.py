"""Plans glue for the ribbon and the CLI: store -> grid, grid -> validate -> save.

No xlwings and no SQL here: the Plans grid is laid out and read by
:mod:`workbook_templates.plans_sheet` (openpyxl, plain data), the plans live in a
:class:`b24sync.plans.store.PlanStore` (local SQLite or the portal), and the numbers beside
them (roll-up, fact) come from :mod:`metrics` when the store holds synced portal data.
The ribbon's Load plans / Save plans call :func:`load_plans_action` / :func:`save_plans_action`
with the small book interface of :mod:`addin.book`.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from addin.book import Book
from addin.errors import AddinError, describe
from b24sync import db
from b24sync.plans.model import MEASURES, is_version, month_range
from b24sync.plans.scopes import ScopeTree, build_tree, rolled_up, tree_from_frames
from b24sync.plans.store import Conflict, PlanStore, SaveResult
from b24sync.plans.validate import Entry, PlanValidationError, ScopeCatalog, validate_entries
from metrics.frames import PortalFrames
from workbook_templates import styles
from workbook_templates.plans_sheet import (
    GridReadback,
    GridRow,
    PlanGrid,
    mark_cells,
    read_grid,
    write_grid,
)
from workbook_templates.save import save_atomic

ORIGIN_ROW = 4
FORMATS = {"revenue": styles.MONEY, "gross_profit": styles.MONEY, "won_count": styles.COUNT}


def author() -> str:
    """Who saves: ``B24XL_AUTHOR``, else the login name."""
    return os.environ.get("B24XL_AUTHOR") or getpass.getuser() or "director"


def open_store(store: str | os.PathLike[str] | None = None, *, portal: bool = False) -> PlanStore:
    """The local plan store (the store file) or, with ``portal``, the portal's plan store."""
    if portal:
        from b24sync.client import Client
        from b24sync.plans.portal import PortalPlanStore
        from b24sync.secrets import load_webhook

        return PortalPlanStore(Client(load_webhook()))
    from b24sync.plans.local import LocalPlanStore

    return LocalPlanStore(store or db.default_store_path())


def synced_frames(store: str | os.PathLike[str] | None) -> PortalFrames | None:
    """The synced portal data of the store file, or None when nothing was synced yet."""
    from b24sync.store import load_frames

    path = Path(store or db.default_store_path())
    if not path.exists():
        return None
    try:
        frames = load_frames(path)
    except Exception:  # a store with plans only: no portal tables yet
        return None
    return frames if len(frames["departments"]) else None


def scope_tree(frames: PortalFrames | None, scopes_in_plans: set[str]) -> ScopeTree:
    """The grid's rows: the portal's tree (if synced), plus any planned scope not in it."""
    tree = tree_from_frames(frames) if frames is not None else build_tree([], [], [], [])
    known = {row.scope_id for row in tree.rows}
    for scope in sorted(scopes_in_plans - known):
        tree.add(scope, scope, 1, None)
    return tree


@dataclass
class GridRequest:
    """What to show: measure, version, the year and how far back to start."""

    measure: str = "revenue"
    version: str = "budget"
    year: int = 2026
    start: str | None = None  # first month shown, YYYY-MM (default: January of year)
    lang: str = "ru"
    as_of: str | None = None


def build_grid(store: PlanStore, frames: PortalFrames | None, request: GridRequest) -> PlanGrid:
    """Everything the Plans sheet shows for ``request`` (plain data for the template)."""
    if request.measure not in MEASURES:
        raise AddinError(
            f"unknown measure {request.measure}: use {', '.join(MEASURES)}",
            f"неизвестный показатель {request.measure}: используйте {', '.join(MEASURES)}",
        )
    months = month_range(request.start or f"{request.year}-01", f"{request.year}-12")
    snapshot = store.load(request.version)
    own = {
        (k.scope_id, k.month): v for k, v in snapshot.values.items() if k.measure == request.measure
    }
    tree = scope_tree(frames, {scope for scope, _ in own})
    derived = _derived(frames, snapshot.values, tree, own, months, request)
    fact = _fact(frames, tree, months, request) if frames is not None else {}
    return PlanGrid(
        measure=request.measure, version=request.version, revision=snapshot.revision,
        months=months, rows=[GridRow(r.scope_id, r.label, r.depth) for r in tree.rows],
        own={k: v for k, v in own.items() if k[1] in months}, derived=derived, fact=fact,
        locked={m for m in months if snapshot.is_locked(m)}, lock_before=snapshot.locked_before,
        number_format=FORMATS[request.measure], lang=request.lang,
    )  # fmt: skip


def _plan_data(values: dict[Any, float], version: str) -> dict[str, Any]:
    import pandas as pd

    from metrics.frames import COMMISSION_COLUMNS, PLAN_COLUMNS

    rows = [(*k, v) for k, v in values.items() if k.version == version]
    return {
        "plans": pd.DataFrame(rows, columns=list(PLAN_COLUMNS)),
        "commissions": pd.DataFrame(columns=list(COMMISSION_COLUMNS)),
    }


def _derived(
    frames: PortalFrames | None,
    values: dict[Any, float],
    tree: ScopeTree,
    own: dict[tuple[str, str], float],
    months: list[str],
    request: GridRequest,
) -> dict[tuple[str, str], float]:
    """Roll-up for scopes without their own plan: the metrics' ``plan`` when portal data is
    there (the same number the reports show), else the tree's own roll-up."""
    if frames is None:
        rolled = rolled_up(own, tree.children, tree.fallback)
        return {k: v for k, v in rolled.items() if k not in own and k[1] in months}
    from metrics.api import metric_value

    plans = _plan_data(values, request.version)
    params = {"measure": request.measure, "version": request.version}
    out = {}
    for row in tree.rows:
        for month in months:
            if (row.scope_id, month) in own:
                continue
            value = metric_value(frames, "plan", row.scope_id, month, params=params, plans=plans)
            if value is not None:
                out[(row.scope_id, month)] = float(value)
    return out


def _fact(
    frames: PortalFrames, tree: ScopeTree, months: list[str], request: GridRequest
) -> dict[tuple[str, str], float]:
    from metrics.api import metric_value

    last = _as_of_month(frames, request.as_of)
    params = {"measure": request.measure}
    out = {}
    for row in tree.rows:
        for month in months:
            if month > last:
                continue
            value = metric_value(
                frames, "fact", row.scope_id, month, params=params, as_of=request.as_of
            )
            if value is not None:
                out[(row.scope_id, month)] = float(value)
    return out


def _as_of_month(frames: PortalFrames, as_of: str | None) -> str:
    if as_of:
        return as_of[:7]
    last = frames.portal.last_sync
    return last.strftime("%Y-%m") if last is not None else "9999-12"


def catalog_of(frames: PortalFrames | None, wb: Workbook | None = None) -> ScopeCatalog | None:
    """Known scopes for resolving names typed in the grid (None: canonical ids only)."""
    if frames is None:
        return None
    return ScopeCatalog(tree_from_frames(frames).labels())


@dataclass
class SaveOutcome:
    """What Save plans did: the store's answer and the cells marked in the workbook."""

    result: SaveResult | None
    changes: int
    marked: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True if the plans were saved (or nothing had changed)."""
        return self.result is not None and self.result.ok


def conflict_notes(conflicts: list[Conflict], lang: str) -> dict[str, str]:
    """Comments for conflicting cells: who changed them to what since the grid was loaded."""
    notes = {}
    for c in conflicts:
        if c.cell:
            notes[c.cell] = (
                f"{c.author} изменил(а) на {c.theirs} (ревизия {c.revision}) после вашей загрузки"
                if lang == "ru"
                else f"{c.author} changed it to {c.theirs} (revision {c.revision}) since you loaded"
            )
    return notes


def save_grid(
    wb: Workbook,
    store: PlanStore,
    catalog: ScopeCatalog | None,
    who: str,
    comment: str | None = None,
    lang: str = "ru",
) -> SaveOutcome:
    """Validate every changed cell, then save them as one revision. Problems and conflicts
    are marked in ``wb`` (orange / red, with comments); nothing is written then."""
    readback: GridReadback = read_grid(wb)
    entries = [
        Entry(e.cell, e.scope, e.month, e.raw, readback.measure, readback.version)
        for e in readback.edits
    ]
    lock = store.lock_state()
    locked = {e.month for e in readback.edits if _locked(e.month, lock)}
    try:
        changes = validate_entries(entries, catalog, locked)
    except PlanValidationError as exc:
        notes = {p.cell: (p.ru if lang == "ru" else p.en) for p in exc.problems if p.cell}
        mark_cells(wb, notes, conflict=False)
        raise
    if not changes:
        return SaveOutcome(SaveResult(True, readback.revision), 0)
    result = store.save(changes, readback.revision, who, comment)
    notes = conflict_notes(result.conflicts, lang)
    if notes:
        mark_cells(wb, notes, conflict=True)
    return SaveOutcome(result, len(changes), notes)


def _locked(month: str, lock: Any) -> bool:
    return lock.before is not None and month < lock.before and month not in lock.unlocked


def load_plans_file(path: Path, store: PlanStore, frames: PortalFrames | None,
                    request: GridRequest) -> PlanGrid:  # fmt: skip
    """Fill (or create) the workbook at ``path`` with the grid; saved atomically."""
    wb = load_workbook(path) if path.exists() else _new_book()
    request = chosen_on_sheet(wb, request)
    grid = build_grid(store, frames, request)
    write_grid(wb, grid, ORIGIN_ROW)
    save_atomic(wb, path)
    return grid


def chosen_on_sheet(wb: Workbook, request: GridRequest) -> GridRequest:
    """The request with the measure and version the director picked in the sheet's
    selectors (an empty or unknown choice keeps the request's)."""
    from workbook_templates.plans_sheet import SHEET_NAMES

    for name in SHEET_NAMES.values():
        if name in wb.sheetnames:
            ws = wb[name]
            measure = str(ws.cell(ORIGIN_ROW, 2).value or "").strip()
            version = str(ws.cell(ORIGIN_ROW, 4).value or "").strip()
            return GridRequest(
                measure if measure in MEASURES else request.measure,
                version if is_version(version) else request.version,
                request.year, request.start, request.lang, request.as_of,
            )  # fmt: skip
    return request


def _new_book() -> Workbook:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    return wb


def save_plans_file(path: Path, store: PlanStore, frames: PortalFrames | None, who: str,
                    comment: str | None = None, lang: str = "ru") -> SaveOutcome:  # fmt: skip
    """Save the Plans grid of the workbook at ``path``; marks problems and conflicts in the
    file, and after a successful save reloads the grid there (new base revision)."""
    if not path.exists():
        raise AddinError(f"no workbook {path}", f"книга {path} не найдена")
    wb = load_workbook(path)
    try:
        outcome = save_grid(wb, store, catalog_of(frames), who, comment, lang)
    except PlanValidationError:
        save_atomic(wb, path)
        raise
    if outcome.ok:
        readback = read_grid(wb)
        grid_request = _request_of(wb, readback, lang)
        write_grid(wb, build_grid(store, frames, grid_request), ORIGIN_ROW)
    save_atomic(wb, path)
    return outcome


def _request_of(wb: Workbook, readback: GridReadback, lang: str) -> GridRequest:
    from workbook_templates.plans_sheet import _months, find_sheet

    ws = find_sheet(wb)
    months = [m for _c, m in _months(ws, ORIGIN_ROW + 2)]
    year = int(months[-1][:4]) if months else 2026
    return GridRequest(readback.measure, readback.version, year, months[0] if months else None,
                       lang)  # fmt: skip


def load_plans_action(book: Book, request: GridRequest, store: str | None = None,
                      portal: bool = False) -> str:  # fmt: skip
    """Ribbon «Load plans»: save the book, fill the grid in the file, reopen it."""
    return _in_file(book, lambda path, plans, frames: _loaded(
        load_plans_file(path, plans, frames, request), request.lang), store, portal)  # fmt: skip


def save_plans_action(book: Book, store: str | None = None, portal: bool = False,
                      lang: str = "ru") -> str:  # fmt: skip
    """Ribbon «Save plans»: validate and save the grid; report what happened."""

    def run(path: Path, plans: PlanStore, frames: PortalFrames | None) -> str:
        try:
            outcome = save_plans_file(path, plans, frames, author(), None, lang)
        except PlanValidationError as exc:
            return describe(exc, lang)
        return summary(outcome, lang)

    return _in_file(book, run, store, portal)


def _in_file(book: Book, work: Any, store: str | None, portal: bool) -> str:
    plans = open_store(store, portal=portal)
    with book.edit_file() as path:
        text = str(work(path, plans, synced_frames(store)))
    book.message(text)
    return text


def _loaded(grid: PlanGrid, lang: str) -> str:
    return (
        f"Планы загружены: ревизия {grid.revision}, {len(grid.rows)} строк"
        if lang == "ru"
        else f"Plans loaded: revision {grid.revision}, {len(grid.rows)} rows"
    )


def summary(outcome: SaveOutcome, lang: str) -> str:
    """One line on what Save plans did."""
    result = outcome.result
    if result is None or not result.ok:
        count = len(outcome.marked) or len(result.conflicts if result else [])
        return (
            f"Ничего не сохранено: {count} ячеек изменены другими после загрузки (отмечены "
            "красным). Загрузите планы и повторите."
            if lang == "ru"
            else f"Nothing saved: {count} cells were changed by others since you loaded "
            "(marked red). Load plans and try again."
        )
    return (
        f"Сохранено значений: {result.written}, ревизия {result.revision}"
        if lang == "ru"
        else f"Saved {result.written} values, revision {result.revision}"
    )


def spread_months(year: int) -> list[str]:
    """The months of ``year``."""
    return month_range(f"{year}-01", f"{year}-12")


def last_year_fact(frames: PortalFrames | None, scope_id: str, measure: str, year: int,
                   as_of: str | None = None) -> dict[str, float]:  # fmt: skip
    """Fact per month of the year before ``year`` (for a seasonal spread)."""
    if frames is None:
        return {}
    from metrics.api import metric_value

    out = {}
    for month in spread_months(year - 1):
        value = metric_value(frames, "fact", scope_id, month, params={"measure": measure},
                             as_of=as_of)  # fmt: skip
        out[month] = float(value or 0.0)
    return out
