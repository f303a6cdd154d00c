"""``b24xl plans ...`` end to end, and the plan metrics reading the plan store."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from addin.cli import main
from b24sync.demo import demo_snapshot
from b24sync.frames import frames_from_snapshot
from b24sync.plans import load_plan_data, load_plan_frames, plan_revision
from b24sync.plans.local import LocalPlanStore
from b24sync.plans.model import PlanKey
from metrics.api import metric_value
from workbook_templates.plans_sheet import find_sheet


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    store = tmp_path / "store.sqlite"
    monkeypatch.setenv("B24XL_LANG", "en")
    monkeypatch.setenv("B24XL_AUTHOR", "anna")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["plans", *args, "--store", str(store)])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.store = store  # type: ignore[attr-defined]
    return run


def values(path):
    store = LocalPlanStore(path)
    try:
        return store.load().values
    finally:
        store.close()


def test_set_history_undo(cli):
    assert cli("set", "--scope", "dept:3", "--month", "2024-03", "--value", "1,2 млн")[0] == 0
    code, out, _ = cli("set", "--scope", "dept:3", "--month", "2024-03", "--value", "500 тыс",
                       "--comment", "cut")  # fmt: skip
    assert code == 0
    assert values(cli.store) == {PlanKey("budget", "2024-03", "revenue", "dept:3"): 500_000.0}
    code, out, _ = cli("history")
    lines = out.splitlines()
    assert "anna budget 2024-03 revenue dept:3: 1,200,000 -> 500,000  # cut" in lines[0]
    assert lines[1].endswith("anna budget 2024-03 revenue dept:3: — -> 1,200,000")
    assert cli("undo")[0] == 0
    assert list(values(cli.store).values()) == [1_200_000.0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--scope", "dept:3", "--month", "2024-03", "--value", "-5"), "negative"),
        (("--scope", "dept:3", "--month", "2024-03", "--value", "много"), "not a number"),
        (("--scope", "team:1", "--month", "2024-03", "--value", "5"), "unknown scope"),
        (("--scope", "dept:3", "--month", "2024-13", "--value", "5"), "not a month"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(cli, args, needle):
    code, _out, err = cli("set", *args)
    assert code == 2 and needle in err and err.count("\n") == 1
    assert values(cli.store) == {}


def test_lock_unlock_refuse_then_allow(cli):
    assert cli("lock", "--before", "2024-03")[0] == 0
    code, _out, err = cli("set", "--scope", "all", "--month", "2024-02", "--value", "5")
    assert code == 2 and "locked" in err
    assert cli("unlock", "--month", "2024-02", "--reason", "late deal")[0] == 0
    assert cli("set", "--scope", "all", "--month", "2024-02", "--value", "5")[0] == 0
    assert "unlock 2024-02: late deal" in cli("history")[1]


def test_spread_export_import_round_trip(cli, tmp_path):
    assert cli("spread", "--scope", "user:7", "--year", "2025", "--total", "1 200 000")[0] == 0
    saved = values(cli.store)
    assert len(saved) == 12 and set(saved.values()) == {100_000.0}  # 1 200 000 / 12
    book = tmp_path / "plans.xlsx"
    assert cli("export", str(book), "--year", "2025", "--lang", "en")[0] == 0
    wb = load_workbook(book)
    ws = find_sheet(wb)
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "user:7")
    ws.cell(row, 3).value = "150 тыс"  # January
    wb.save(book)
    code, out, _ = cli("import", str(book))
    assert code == 0 and "Saved 1 values" in out
    assert values(cli.store)[PlanKey("budget", "2025-01", "revenue", "user:7")] == 150_000.0
    # importing the same file again: its base is old, but the value there is the stored one
    code, out, _ = cli("import", str(book))
    assert code == 0 and "Saved 0 values" in out
    cli("set", "--scope", "user:7", "--month", "2025-01", "--value", "1")
    code, out, _ = cli("import", str(book))  # now someone else changed January since: conflict
    assert code == 1 and "Nothing saved" in out and "Plans!C" in out


def test_spread_into_the_grid_is_not_saved(cli, tmp_path):
    book = tmp_path / "plans.xlsx"
    cli("set", "--scope", "user:7", "--month", "2025-01", "--value", "1")
    cli("export", str(book), "--year", "2025", "--lang", "en")
    code, out, _ = cli("spread", "--scope", "user:7", "--year", "2025", "--total", "120",
                       "--file", str(book))  # fmt: skip
    assert code == 0 and "12 cells" in out
    assert len(values(cli.store)) == 1
    ws = find_sheet(load_workbook(book))
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "user:7")
    assert [ws.cell(row, 3 + 3 * i).value for i in range(12)] == [10] * 12


def test_commission_and_plan_frames_feed_the_metrics(cli):
    cli("set", "--scope", "user:3", "--month", "2026-01", "--value", "100000")
    cli("set", "--scope", "user:4", "--month", "2026-01", "--value", "200000")
    cli("set", "--scope", "user:4", "--month", "2026-01", "--value", "250000", "--version",
        "forecast")  # fmt: skip
    assert cli("commission", "--user", "3", "--month", "2026-01", "--ladder", "50000:1%",
               "--ladder", "100000:5%")[0] == 0  # fmt: skip
    plans, commission = load_plan_frames(cli.store)
    assert len(plans) == 3 and list(commission["rate"]) == [0.01, 0.05]
    frames = frames_from_snapshot(demo_snapshot())
    data = {"plans": plans, "commissions": commission}
    budget = {"measure": "revenue", "version": "budget"}
    # Москва (dept:2) has no plan: 100 000 + 200 000 of its two planned sellers
    assert metric_value(frames, "plan", "dept:2", "2026-01", params=budget, plans=data) == 300_000
    forecast = {"measure": "revenue", "version": "forecast"}
    assert metric_value(frames, "plan", "user:4", "2026-01", params=forecast, plans=data) == 250_000
    fact = metric_value(frames, "fact", "user:3", "2026-01", params=budget, plans=data)
    completion = metric_value(frames, "plan_completion", "user:3", "2026-01", params=budget,
                              plans=data)  # fmt: skip
    assert fact is not None and fact > 0
    assert completion == pytest.approx(fact / 100_000)
    assert plan_revision(cli.store) == 4  # three sets and one commission change
    assert list(load_plan_data(cli.store)) == ["plans", "commissions"]
    budget_only, _ = load_plan_frames(cli.store, "budget")
    assert set(budget_only["version"]) == {"budget"}
