"""Bundled templates carry every sheet, Table and name; a template lacking one is refused."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from workbook_templates.errors import TemplateError
from workbook_templates.manifest import NAMES, SHEETS, TABLES
from workbook_templates.save import save_atomic
from workbook_templates.template import build_template, open_template

RU = [
    "Динамика продаж", "Воронка", "Незабудка", "Индекс активности",
    "Эффективность менеджеров", "План продаж", "Производительность команды", "Сделки",
    "Каталог метрик", "Настройки", "Планы", "Metrics",
]  # fmt: skip
EN = [
    "Sales dynamics", "Pipeline", "Forgotten", "Activity index", "Manager efficiency",
    "Sales plan", "Team productivity", "Deals", "Catalog", "Settings", "Plans", "Metrics",
]  # fmt: skip


@pytest.mark.parametrize(("lang", "names"), [("ru", RU), ("en", EN)])
def test_template_has_every_sheet_table_and_name(tmp_path, lang, names):
    path = save_atomic(build_template(lang), tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == names
    tables = {t for ws in wb.worksheets for t in ws.tables}
    assert set(TABLES) <= tables
    assert "Metrics" in wb["Metrics"].tables
    assert set(NAMES) <= set(wb.defined_names)
    plans = wb.defined_names["B24_PLANS"].attr_text
    assert plans == f"'{names[10]}'!$A$4"
    open_template(path, lang)  # a bundled template passes its own check


def test_every_sheet_title_is_in_a1(tmp_path):
    wb = build_template("en")
    for sheet in SHEETS:
        assert wb[sheet.name("en")]["A1"].value == sheet.name("en")


def _broken(tmp_path, change):
    wb = build_template("ru")
    change(wb)
    return save_atomic(wb, tmp_path / "broken.xlsx")


def test_missing_sheet_is_named(tmp_path):
    path = _broken(tmp_path, lambda wb: wb.remove(wb["Незабудка"]))
    with pytest.raises(TemplateError) as err:
        open_template(path, "ru")
    assert "Незабудка" in err.value.en and "Незабудка" in err.value.ru
    assert "\n" not in err.value.en


def test_missing_table_is_named(tmp_path):
    path = _broken(tmp_path, lambda wb: wb["Сделки"].tables.pop("Deals"))
    with pytest.raises(TemplateError, match="'Deals'"):
        open_template(path, "ru")


def test_missing_name_is_named(tmp_path):
    path = _broken(tmp_path, lambda wb: wb.defined_names.pop("B24_PLANS"))
    with pytest.raises(TemplateError, match="B24_PLANS"):
        open_template(path, "ru")


def test_english_book_is_refused_as_russian(tmp_path):
    path = save_atomic(build_template("en"), tmp_path / "en.xlsx")
    with pytest.raises(TemplateError, match="Динамика продаж"):
        open_template(path, "ru")
