"""The Plans grid in a workbook: layout, reading back only what changed, saving through it,
conflicts and problems marked in the cells, against the demo portal's structure."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from addin.plans import GridRequest, load_plans_file, save_plans_file
from b24sync.demo import demo_snapshot
from b24sync.frames import frames_from_snapshot
from b24sync.plans.local import LocalPlanStore
from b24sync.plans.model import Change, PlanKey
from b24sync.plans.validate import PlanValidationError
from workbook_templates.errors import WorkbookError
from workbook_templates.plans_sheet import (
    CONFLICT_FILL,
    DERIVED_FONT,
    PROBLEM_FILL,
    find_sheet,
    read_grid,
)

REQUEST = GridRequest("revenue", "budget", 2026, "2025-12", "en", "2026-11-30")
MOSCOW, DMITRY, EKATERINA = "dept:2", "user:3", "user:4"  # demo: Москва and two of its sellers


def key(scope: str, month: str = "2026-01") -> PlanKey:
    return PlanKey("budget", month, "revenue", scope)


@pytest.fixture(scope="module")
def frames():
    return frames_from_snapshot(demo_snapshot())


@pytest.fixture
def store(tmp_path):
    opened = LocalPlanStore(tmp_path / "store.sqlite")
    opened.save([Change(key(DMITRY), 100_000.0), Change(key(EKATERINA), 200_000.0)], 0, "anna")
    opened.lock("2026-01", "cfo")  # December 2025 is closed
    yield opened
    opened.close()


def cells_by_scope(ws, scope: str) -> int:
    for row in range(8, ws.max_row + 1):
        if ws.cell(row, 1).value == scope:
            return row
    raise AssertionError(scope)


def test_layout(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    grid = load_plans_file(path, store, frames, REQUEST)
    ws = find_sheet(load_workbook(path))
    assert ws.title == "Plans" and ws.protection.sheet
    assert [ws.cell(4, c).value for c in (2, 4)] == ["revenue", "budget"]
    # months Dec 2025 .. Dec 2026, three columns each: plan C, fact D, % E for 2025-12
    assert ws.cell(6, 3).value == "2025-12" and ws.cell(6, 6).value == "2026-01"
    assert [ws.cell(7, c).value for c in (3, 4, 5)] == ["Plan", "Fact", "%"]
    assert len(grid.months) == 13
    assert ws.cell(8, 1).value == "all" and ws.cell(9, 1).value == MOSCOW
    moscow, dmitry = cells_by_scope(ws, MOSCOW), cells_by_scope(ws, DMITRY)
    assert ws.row_dimensions[dmitry].outline_level == 2
    jan_plan = ws.cell(dmitry, 6)
    assert jan_plan.value == 100_000 and not jan_plan.protection.locked
    assert ws.cell(dmitry, 7).protection.locked  # fact is read-only
    # Moscow has no plan of its own: the roll-up 100 000 + 200 000, in grey italics
    assert ws.cell(moscow, 6).value == 300_000 and ws.cell(moscow, 6).font == DERIVED_FONT
    assert ws.cell(8, 6).value == 300_000  # the company: only Moscow is planned
    dec = ws.cell(dmitry, 3)
    assert dec.protection.locked and dec.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(dmitry, 8).value.startswith("=IF(AND(ISNUMBER(F")


def test_read_back_returns_only_changed_cells(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    wb = load_workbook(path)
    ws = find_sheet(wb)
    moscow, dmitry = cells_by_scope(ws, MOSCOW), cells_by_scope(ws, DMITRY)
    ws.cell(dmitry, 6).value = 100_000  # retyped, same value
    ws.cell(moscow, 6).value = 300_000  # the roll-up left as it is
    ws.cell(dmitry, 9).value = "1,5 млн"  # February
    ws.cell(moscow, 9).value = 900_000  # typed over an empty roll-up: Moscow's own plan
    edits = read_grid(wb).edits
    assert [(e.scope, e.month, e.raw) for e in edits] == [
        (MOSCOW, "2026-02", 900_000), (DMITRY, "2026-02", "1,5 млн"),
    ]  # fmt: skip
    assert edits[0].cell == f"Plans!I{moscow}"


def test_save_through_the_grid_and_reload(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    wb = load_workbook(path)
    ws = find_sheet(wb)
    dmitry = cells_by_scope(ws, DMITRY)
    ws.cell(dmitry, 6).value = None  # remove January
    ws.cell(dmitry, 9).value = "1,5 млн"
    wb.save(path)
    outcome = save_plans_file(path, store, frames, "boris", "Q1", "en")
    assert outcome.ok and outcome.result is not None and outcome.result.written == 2
    assert store.load().values == {key(EKATERINA): 200_000.0, key(DMITRY, "2026-02"): 1_500_000.0}
    reloaded = read_grid(load_workbook(path))
    assert reloaded.revision == store.load().revision and reloaded.edits == []


def test_two_directors_conflict_marked_then_merge(tmp_path, store, frames):
    anna_file, boris_file = tmp_path / "anna.xlsx", tmp_path / "boris.xlsx"
    load_plans_file(anna_file, store, frames, REQUEST)
    shutil.copy(anna_file, boris_file)
    stale = tmp_path / "boris_other.xlsx"
    shutil.copy(anna_file, stale)
    for path, value in ((anna_file, 110_000), (boris_file, 120_000)):
        wb = load_workbook(path)
        ws = find_sheet(wb)
        ws.cell(cells_by_scope(ws, DMITRY), 6).value = value
        ws.cell(cells_by_scope(ws, EKATERINA), 9).value = 50_000 if path == boris_file else None
        wb.save(path)
    assert save_plans_file(anna_file, store, frames, "anna", lang="en").ok
    outcome = save_plans_file(boris_file, store, frames, "boris", lang="en")
    assert not outcome.ok
    ws = find_sheet(load_workbook(boris_file))
    cell = ws.cell(cells_by_scope(ws, DMITRY), 6)
    assert cell.fill == CONFLICT_FILL and "anna changed it to 110000.0" in cell.comment.text
    assert store.load().values[key(DMITRY)] == 110_000.0
    assert key(EKATERINA, "2026-02") not in store.load().values  # nothing of boris's written
    wb = load_workbook(stale)  # boris again, from his old copy, a different cell only
    ws = find_sheet(wb)
    ws.cell(cells_by_scope(ws, EKATERINA), 9).value = 50_000
    wb.save(stale)
    assert save_plans_file(stale, store, frames, "boris", lang="en").ok
    assert store.load().values[key(EKATERINA, "2026-02")] == 50_000.0
    assert store.load().values[key(DMITRY)] == 110_000.0


def test_bad_cells_marked_and_nothing_written(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    before = store.load()
    wb = load_workbook(path)
    ws = find_sheet(wb)
    dmitry, last = cells_by_scope(ws, DMITRY), ws.max_row + 1
    ws.cell(dmitry, 6).value = -1  # negative
    ws.cell(dmitry, 9).value = "lots"  # text
    ws.cell(dmitry, 3).value = 5  # December 2025 is locked
    ws.cell(last, 2).value = "Моксва"  # a typo of a department, typed by hand
    ws.cell(last, 6).value = 10
    wb.save(path)
    with pytest.raises(PlanValidationError) as info:
        save_plans_file(path, store, frames, "boris", lang="en")
    cells = [p.cell for p in info.value.problems]
    assert cells == [f"Plans!C{dmitry}", f"Plans!F{dmitry}", f"Plans!I{dmitry}", f"Plans!F{last}"]
    assert "did you mean Москва (dept:2)" in info.value.problems[3].en
    assert store.load() == before
    ws = find_sheet(load_workbook(path))
    assert ws.cell(dmitry, 9).fill == PROBLEM_FILL and ws.cell(dmitry, 9).comment is not None


def test_changed_selector_without_reload_is_refused(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    wb = load_workbook(path)
    find_sheet(wb).cell(4, 2).value = "won_count"
    with pytest.raises(WorkbookError):
        read_grid(wb)


def test_load_honours_the_selectors_on_the_sheet(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    store.save([Change(PlanKey("forecast", "2026-01", "won_count", DMITRY), 7.0)],
               store.load().revision, "anna")  # fmt: skip
    wb = load_workbook(path)
    ws = find_sheet(wb)
    ws.cell(4, 2).value, ws.cell(4, 4).value = "won_count", "forecast"
    wb.save(path)
    grid = load_plans_file(path, store, frames, REQUEST)
    assert (grid.measure, grid.version) == ("won_count", "forecast")
    assert grid.own == {(DMITRY, "2026-01"): 7.0}


def test_loading_again_replaces_the_grid(tmp_path, store, frames):
    path = tmp_path / "plans.xlsx"
    load_plans_file(path, store, frames, REQUEST)
    first = find_sheet(load_workbook(path))
    merges, rows = len(first.merged_cells.ranges), first.max_row
    load_plans_file(path, store, frames, REQUEST)
    again = find_sheet(load_workbook(path))
    assert len(again.merged_cells.ranges) == merges == 13  # one header per month
    assert len(again.data_validations.dataValidation) == 2  # measure and version
    assert again.max_row == rows
