"""The Settings sheet is written as a Table and read back by key after the director edits."""

from __future__ import annotations

from openpyxl import load_workbook

from workbook_templates.context import FillContext
from workbook_templates.fill import fill_workbook
from workbook_templates.save import save_atomic
from workbook_templates.settings_sheet import flatten, read_settings, unflatten
from workbook_templates.template import build_template

VALUES = {"period": "2024-03", "forgotten_days_deals": 14, "weights": {"call": 1.0, "meeting": 3.0},
          "activity_kinds": ["call", "meeting"], "chats_with_calls": True}  # fmt: skip


def test_flatten_and_back():
    flat = flatten(VALUES)
    assert flat["weights.meeting"] == 3.0
    assert flat["activity_kinds"] == "call, meeting"
    back = unflatten(flat)
    assert back["weights"] == {"call": 1.0, "meeting": 3.0}


def test_edited_values_are_read_back(tmp_path):
    wb = build_template("ru")
    fill_workbook(wb, {}, FillContext(lang="ru", settings=VALUES))
    path = save_atomic(wb, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb["Настройки"]
    ref = ws.tables["Settings"].ref
    for row in ws[ref][1:]:
        if row[1].value == "forgotten_days_deals":
            row[2].value = 365
        if row[1].value == "weights.meeting":
            row[2].value = 5
    assert ws[ref][1][0].value.startswith("Отчётный период")
    back = read_settings(wb)
    assert back["forgotten_days_deals"] == 365
    assert back["weights.meeting"] == 5
    assert back["period"] == "2024-03"
    assert back["chats_with_calls"] == "yes"


def test_a_book_without_settings_reads_empty():
    from openpyxl import Workbook

    assert read_settings(Workbook()) == {}
