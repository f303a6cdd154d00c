"""``b24xl refresh`` options: refresh twice into a director's book, focus, per-manager files,
and one-line errors for a locked target or a template missing a part."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from addin.per_manager import active_managers
from tests.refresh_support import Demo, shared_demo_folder, store_env
from workbook_templates.save import excel_lock, save_atomic
from workbook_templates.template import build_template


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = shared_demo_folder(tmp_path_factory)
    with store_env(folder):
        yield Demo(folder, build=False)


def test_refresh_twice_keeps_the_directors_sheet_and_formulas(demo):
    path = demo.folder / "book.xlsx"
    assert demo.refresh("-o", str(path)) == 0
    wb = load_workbook(path)
    own = wb.create_sheet("Свой расчёт")
    own["A1"] = "Выиграно всего"
    own["B1"] = '=SUMIFS(Metrics[value],Metrics[metric],"won_sum",Metrics[scope_id],"all")'
    own["B1"].comment = Comment("моя формула", "Директор")
    wb["Воронка"]["AZ1"] = "=B24_PERIOD"
    save_atomic(wb, path)
    assert demo.refresh("-o", str(path)) == 0
    assert demo.refresh("-o", str(path)) == 0
    wb = load_workbook(path)
    assert wb["Свой расчёт"]["B1"].value.startswith("=SUMIFS(Metrics[value]")
    assert wb["Свой расчёт"]["B1"].comment.text == "моя формула"
    assert wb["Воронка"]["AZ1"].value == "=B24_PERIOD"
    assert len([t for ws in wb.worksheets for t in ws.tables if t == "Metrics"]) == 1


def test_focus_on_one_department(demo):
    path = demo.folder / "focus.xlsx"
    assert demo.refresh("-o", str(path), "--focus", "dept:3") == 0
    ws = load_workbook(path)["Динамика продаж"]
    labels = [c.value for c in ws["A"] if c.value]
    depts = demo.frames["departments"]
    departments = dict(zip(depts["id"], depts["name"], strict=True))
    assert departments[3] in labels
    others = [name for key, name in departments.items() if key not in (1, 3)]
    assert not set(others) & set(labels[3:])  # no other department in the pivot


def _other_names(demo, user_id: int) -> list[str]:
    users = demo.frames["users"]
    names = []
    for row in users[users["id"] != user_id].itertuples(index=False):
        names += [f"{row.name} {row.last_name}", str(row.last_name)]
    return names


def test_per_manager_files_hold_no_other_employee(demo):
    folder = demo.folder / "managers"
    assert demo.refresh("--per-manager", str(folder)) == 0
    managers = active_managers(demo.frames)
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == len(managers) > 3
    for path in files:
        user_id = int(re.search(r"_(\d+)\.xlsx$", path.name).group(1))
        others = _other_names(demo, user_id)
        other_ids = re.compile(
            "|".join(rf"user:{u}(?!\d)" for u in demo.frames["users"]["id"] if u != user_id)
        )
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                text = archive.read(part).decode("utf-8", "replace")
                leaked = [n for n in others if n in text] + other_ids.findall(text)
                assert not leaked, f"{path.name}:{part} names {leaked[:3]}"
        wb = load_workbook(path)
        assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
        assert wb.properties.creator == "b24xl"


def test_a_locked_target_is_one_line(demo, capsys):
    path = demo.folder / "locked.xlsx"
    save_atomic(build_template("ru"), path)
    excel_lock(path).write_text("Директор")
    before = path.read_bytes()
    assert demo.refresh("-o", str(path)) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err and "закройте" in err
    assert path.read_bytes() == before


def test_a_template_without_a_sheet_is_named(demo, capsys):
    template = demo.folder / "bad_template.xlsx"
    wb = build_template("ru")
    wb.remove(wb["Незабудка"])
    save_atomic(wb, template)
    out = demo.folder / "from_bad.xlsx"
    assert demo.refresh("-o", str(out), "--template", str(template)) == 2
    err = capsys.readouterr().err.strip()
    assert "Незабудка" in err and err.count("\n") == 0
    assert not out.exists()


def test_english_workbook(demo):
    path = demo.folder / "en.xlsx"
    assert demo.refresh("-o", str(path), "--lang", "en") == 0
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Sales dynamics"
    assert wb["Sales dynamics"]["A1"].value == "Sales dynamics"


def _forgotten(ws) -> int:
    """Rows of the ForgottenDeals Table whose reason says the deal is forgotten."""
    rows = list(ws[ws.tables["ForgottenDeals"].ref])
    reason = [c.value for c in rows[0]].index("Причина")
    return sum(1 for r in rows[1:] if "забыта" in str(r[reason].value or ""))


def test_settings_sheet_is_read_back_at_the_next_refresh(demo):
    path = demo.folder / "settings.xlsx"
    assert demo.refresh("-o", str(path)) == 0
    wb = load_workbook(path)
    assert _forgotten(wb["Незабудка"]) > 0
    settings = wb["Настройки"]
    for row in list(settings[settings.tables["Settings"].ref])[1:]:
        if row[1].value == "forgotten_days_deals":
            row[2].value = 100_000  # nothing is idle for 270 years: no forgotten deals
    save_atomic(wb, path)
    assert demo.refresh("-o", str(path)) == 0
    wb = load_workbook(path)
    assert _forgotten(wb["Незабудка"]) == 0  # no-next-step and overdue rows may stay
    settings = wb["Настройки"]
    kept = {r[1].value: r[2].value for r in list(settings[settings.tables["Settings"].ref])[1:]}
    assert kept["forgotten_days_deals"] == 100_000


def test_a_directors_template_is_filled_and_keeps_its_own_sheet(demo):
    template = demo.folder / "my_template.xlsx"
    wb = build_template("en")
    cover = wb.create_sheet("Cover", 0)
    cover["A1"] = "Board pack"
    cover["A2"] = "=B24_PERIOD"
    save_atomic(wb, template)
    out = demo.folder / "from_template.xlsx"
    assert demo.refresh("-o", str(out), "--template", str(template), "--lang", "en") == 0
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Cover"
    assert (wb["Cover"]["A1"].value, wb["Cover"]["A2"].value) == ("Board pack", "=B24_PERIOD")
    assert wb.defined_names["B24_PERIOD"].attr_text == f'"{demo.period}"'


def test_refresh_from_store_for_the_ribbon(demo):
    from addin.refresh import RefreshOptions, refresh_from_store

    out = refresh_from_store(demo.folder / "ribbon.xlsx", demo.store,
                             RefreshOptions(period=demo.period))  # fmt: skip
    ws = load_workbook(out)["Metrics"]
    assert ws.tables["Metrics"].ref.startswith("A5:G")


def test_nothing_to_write_is_one_line(demo, capsys):
    assert demo.refresh() == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "-o" in err and "--per-manager" in err
