"""The laid-out sheets: pivot rows with outline levels, comparisons, formats, links."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.workbook_templates import synthetic
from tests.workbook_templates.helpers import find_row, header_col, load, write


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("fill") / "r.xlsx"
    write(path)
    return load(path)


def test_pivot_rows_follow_the_hierarchy_with_outline_levels(book):
    ws = book["Динамика продаж"]
    top = find_row(ws, synthetic.COMPANY)
    labels = [ws.cell(top + i, 1).value for i in range(len(synthetic.SCOPES))]
    assert labels == [s[1] for s in synthetic.SCOPES]
    levels = [ws.row_dimensions[top + i].outline_level for i in range(len(synthetic.SCOPES))]
    assert levels == [0, 1, 2, 3, 2, 1, 2]
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    assert ws.freeze_panes == f"B{top}"
    assert ws.print_title_rows == f"${top - 1}:${top - 1}"


def test_pivot_values_and_changes(book):
    ws = book["Динамика продаж"]
    top = find_row(ws, synthetic.COMPANY)
    won = header_col(ws, top - 1, "Выиграно, сумма")
    assert ws.cell(top, won).value == 600_000
    assert ws.cell(top, won).number_format == '#,##0 "₽"'
    vs_prev = header_col(ws, top - 1, "Выиграно, сумма: к пред. периоду")
    vs_year = header_col(ws, top - 1, "Выиграно, сумма: к прошлому году")
    assert ws.cell(top, vs_prev).value == pytest.approx(600 / 400 - 1)
    assert ws.cell(top, vs_year).value == pytest.approx(600 / 300 - 1)
    assert "▲" in ws.cell(top, vs_prev).number_format
    sochi = find_row(ws, "Отдел продаж Сочи")
    assert ws.cell(sochi, vs_prev).value is None  # previous 0: no growth ratio, an empty cell
    conv = header_col(ws, top - 1, "Конверсия общая")
    assert ws.cell(top, conv).value == pytest.approx(4 / 16)  # won 4 / (open 6 + created 10)
    assert ws.cell(top, conv).number_format == "0.0%"


def test_conditional_colours_and_data_bars(book):
    rules = {r.type for rng in book["Динамика продаж"].conditional_formatting for r in rng.rules}
    assert "cellIs" in rules
    plan_rules = {r.type for rng in book["План продаж"].conditional_formatting for r in rng.rules}
    assert "dataBar" in plan_rules


def test_plan_completion(book):
    ws = book["План продаж"]
    top = find_row(ws, synthetic.COMPANY)
    col = header_col(ws, top - 1, "Выполнение плана")
    assert ws.cell(top, col).value == pytest.approx(600_000 / 500_000)


def test_deals_sheet_links_dates_and_filter(book):
    ws = book["Сделки"]
    table = ws.tables["Deals"]
    first = int(table.ref.split(":")[0][1:])
    assert table.ref.endswith(str(first + 3))  # header + three deals
    link = header_col(ws, first, "Открыть в Битрикс24")
    assert ws.cell(first + 1, link).value == (
        '=HYPERLINK("https://demo.bitrix24.ru/crm/deal/details/101/","открыть")'
    )
    created = header_col(ws, first, "Создано")
    # 09:00 UTC is noon in Moscow (UTC+3)
    assert ws.cell(first + 1, created).value == datetime(2024, 3, 1, 12, 0)
    assert ws.cell(first + 1, created).number_format == "DD.MM.YYYY"
    forgotten = header_col(ws, first, "Забыта")
    assert [ws.cell(first + i, forgotten).value for i in (1, 2, 3)] == ["нет", "нет", "да"]
    status = header_col(ws, first, "Статус")
    assert ws.cell(first + 2, status).value == "Успех"


def test_charts_are_built_on_their_sheets(book):
    counts = {ws.title: len(ws._charts) for ws in book.worksheets}
    assert counts["Динамика продаж"] == 2
    assert counts["Воронка"] == 2
    assert counts["Производительность команды"] == 2
    assert counts["Индекс активности"] == 1
    assert counts["План продаж"] == 1


def test_print_setup(book):
    ws = book["Воронка"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_english_headers(tmp_path):
    path = tmp_path / "en.xlsx"
    write(path, lang="en")
    ws = load(path)["Sales dynamics"]
    top = find_row(ws, synthetic.COMPANY)
    assert header_col(ws, top - 1, "Won, sum: vs previous")
    assert ws.cell(1, 1).value == "Sales dynamics"


def test_metrics_table_holds_every_pivot_number(book):
    ws = book["Metrics"]
    ref = ws.tables["Metrics"].ref
    rows = list(ws[ref])
    header = [c.value for c in rows[0]]
    assert header[:4] == ["metric", "scope", "period", "value"]
    data = {(r[0].value, r[4].value, r[2].value): r[3].value for r in rows[1:]}
    assert data[("won_sum", "all", "2024-03")] == 600_000
    assert data[("won_sum", "all", "2024-02")] == 400_000
    assert data[("won_sum", "user:2", "2023-03")] == 200_000
    assert data[("won_sum_vs_previous", "all", "2024-03")] == pytest.approx(0.5)
    assert data[("index", "user:3", "2024-03")] == 150
    assert data[("discipline", "all", "2024-02")] == pytest.approx(0.8 * 0.8)
    assert data[("conversion_overall", "all", "2024-01")] == pytest.approx(0.1)
    # every number of the sales pivot is in the table
    sales = book["Динамика продаж"]
    top = find_row(sales, synthetic.COMPANY)
    shown = {sales.cell(r, c).value for r in range(top, top + 7) for c in range(2, 16)}
    shown.discard(None)
    assert {v for v in shown if isinstance(v, (int, float))} <= set(data.values())
