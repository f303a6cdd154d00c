"""Refreshing into an existing report replaces the product's areas and nothing else."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from tests.workbook_templates import synthetic
from tests.workbook_templates.helpers import find_row, header_col, write
from workbook_templates.errors import AreaConflictError
from workbook_templates.save import save_atomic


def _director_edits(path):
    wb = load_workbook(path)
    own = wb.create_sheet("Мой анализ")
    own["A1"] = "Итого выиграно"
    own["B1"] = "=SUM(Metrics[value])"
    own["B2"] = '=SUMIFS(Metrics[value],Metrics[metric],"won_sum",Metrics[scope_id],"all")'
    own["A3"] = "заметка"
    own["A3"].comment = Comment("Проверить с бухгалтерией", "Директор")
    own["A3"].fill = PatternFill("solid", fgColor="FFFF00")
    sales = wb["Динамика продаж"]
    sales["Z2"] = "=B24_PERIOD"  # outside the product's area
    sales["Z3"] = "моя пометка"
    sales["Z3"].comment = Comment("не трогать", "Директор")
    save_atomic(wb, path)


def test_refresh_twice_keeps_the_directors_work(tmp_path):
    path = tmp_path / "report.xlsx"
    write(path)
    _director_edits(path)
    tables = synthetic.report_tables()
    tables["deals"] = synthetic.deals().iloc[:1]  # the second refresh has fewer deals
    for _ in range(2):
        write(path, tables, existing=True)
    wb = load_workbook(path)
    own = wb["Мой анализ"]
    assert own["B1"].value == "=SUM(Metrics[value])"
    assert own["B2"].value.startswith("=SUMIFS(")
    assert own["A3"].comment.text == "Проверить с бухгалтерией"
    assert own["A3"].fill.fgColor.rgb == "00FFFF00"
    sales = wb["Динамика продаж"]
    assert sales["Z2"].value == "=B24_PERIOD"
    assert sales["Z3"].comment.text == "не трогать"
    # the product's own areas were replaced, not appended to
    deals = wb["Сделки"]
    first = int(deals.tables["Deals"].ref.split(":")[0][1:])
    assert deals.tables["Deals"].ref == f"A{first}:P{first + 1}"
    assert deals.cell(first + 2, 1).value is None  # the two old deal rows are gone
    assert len(sales._charts) == 2  # rebuilt, not duplicated
    top = find_row(sales, synthetic.COMPANY)
    assert sales.cell(top, header_col(sales, top - 1, "Выиграно, сумма")).value == 600_000
    assert wb.sheetnames[-1] == "Мой анализ"


def test_a_smaller_refresh_leaves_no_stale_pivot_rows(tmp_path):
    path = tmp_path / "report.xlsx"
    write(path)
    tables = synthetic.report_tables()
    sales = tables["sales_dynamics"]
    tables["sales_dynamics"] = sales[sales["scope_level"].isin(["company", "department"])]
    write(path, tables, existing=True)
    ws = load_workbook(path)["Динамика продаж"]
    labels = {c.value for c in ws["A"]}
    assert "Отдел продаж Сочи" in labels
    assert not labels & set(synthetic.EMPLOYEES.values())  # no employee row left behind
    assert {ws.row_dimensions[r].outline_level for r in range(1, ws.max_row + 1)} <= {0, 1}


def test_a_report_that_grows_into_the_directors_cells_is_refused_untouched(tmp_path):
    path = tmp_path / "report.xlsx"
    small = synthetic.report_tables()
    small["deals"] = synthetic.deals().iloc[:1]
    write(path, small)
    wb = load_workbook(path)
    deals = wb["Сделки"]
    note_row = deals.max_row + 5  # below the one-deal area, where the director keeps a note
    deals.cell(note_row, 2, "моя сверка")
    save_atomic(wb, path)
    before = path.read_bytes()
    bigger = synthetic.report_tables()
    many = pd.concat([synthetic.deals()] * 4, ignore_index=True)  # 12 rows: past the note
    many["id"] = range(1, len(many) + 1)
    bigger["deals"] = many
    with pytest.raises(AreaConflictError) as err:
        write(path, bigger, existing=True)
    assert f"B{note_row}" in err.value.en and f"B{note_row}" in err.value.ru
    assert "Сделки" in err.value.en and "\n" not in err.value.en + err.value.ru
    assert path.read_bytes() == before  # nothing was written
    assert load_workbook(path)["Сделки"].cell(note_row, 2).value == "моя сверка"
