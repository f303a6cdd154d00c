"""``b24xl refresh --demo``: the README's first command, checked like a user would.

The Metrics table is read back with a second reader (python-calamine) and compared with
what ``metrics.metric_value`` computes for the same store; LibreOffice prints every report
sheet's title.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from addin.commands.refresh import load_plans
from metrics.api import metric_value
from metrics.registry import REGISTRY
from tests.refresh_support import Demo, shared_demo_folder, store_env
from tests.workbook_templates.render import pdf_text, to_pdf
from workbook_templates.manifest import SHEETS


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = shared_demo_folder(tmp_path_factory)
    with store_env(folder):
        yield Demo(folder, build=False)


def metrics_rows(path) -> list[dict]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Metrics").to_python()
    start = next(i for i, r in enumerate(rows) if r[:4] == ["metric", "scope", "period", "value"])
    header = rows[start]
    return [dict(zip(header, r, strict=True)) for r in rows[start + 1 :] if r[0]]


def test_demo_writes_every_sheet(demo):
    names = CalamineWorkbook.from_path(str(demo.folder / "reports.xlsx")).sheet_names
    assert names == [s.name("ru") for s in SHEETS]
    assert not (demo.folder / "store.sqlite").exists()  # the real store is never touched


def test_metrics_table_equals_the_metrics_engine(demo):
    rows = metrics_rows(demo.folder / "reports.xlsx")
    assert len(rows) > 500
    checked = 0
    plans = load_plans(demo.store)
    for row in rows:
        if row["metric"] not in REGISTRY:
            continue
        expected = metric_value(demo.frames, row["metric"], row["scope_id"], row["period"],
                                settings=demo.settings, plans=plans)  # fmt: skip
        assert expected is not None, row
        assert row["value"] == pytest.approx(float(expected), rel=1e-9, abs=1e-9), row
        checked += 1
    assert checked > 300
    shown = {(r["metric"], r["scope_id"]) for r in rows}
    for needed in ("won_sum", "conversion_overall", "avg_check", "cycle_days", "created"):
        assert (needed, "all") in shown


def test_changes_are_ratios_of_the_figures_shown(demo):
    rows = metrics_rows(demo.folder / "reports.xlsx")
    value = {(r["metric"], r["scope_id"], r["period"]): r["value"] for r in rows}
    company = [r for r in rows if r["metric"] == "won_sum_vs_previous" and r["scope_id"] == "all"]
    assert company
    year, month = map(int, demo.period.split("-"))
    previous = f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
    now, before = value[("won_sum", "all", demo.period)], value[("won_sum", "all", previous)]
    assert company[0]["value"] == pytest.approx(now / before - 1)


def test_week_to_week_block_shows_the_last_complete_week(demo):
    # the last Sunday of the month that is over by the day of the data (T), found by walking
    # back day by day; its ISO week is the week the block must show
    year, month = map(int, demo.period.split("-"))
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    t_day = demo.frames.portal.last_sync.tz_convert(demo.frames.portal.timezone).date()
    day = min(day, t_day - timedelta(days=1))
    while day.weekday() != 6:
        day -= timedelta(days=1)
    iso = day.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    rows = metrics_rows(demo.folder / "reports.xlsx")
    shown = [r for r in rows if r["metric"] == "won_sum" and r["scope_id"] == "all"]
    assert week in {r["period"] for r in shown}
    value = next(r["value"] for r in shown if r["period"] == week)
    expected = metric_value(demo.frames, "won_sum", "all", week, settings=demo.settings)
    assert value == pytest.approx(float(expected or 0.0))
    sales = load_workbook(demo.folder / "reports.xlsx")["Динамика продаж"]
    headings = [c.value for c in sales["A"] if isinstance(c.value, str)]
    assert any(h.startswith("Неделя к неделе") for h in headings)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_every_report_title_is_in_the_pdf(demo):
    text = " ".join(pdf_text(to_pdf(demo.folder / "reports.xlsx", demo.folder)).split())
    for sheet in SHEETS:
        if sheet.report_sheet:
            assert sheet.name("ru") in text, sheet.name("ru")
    assert "demo.bitrix24.ru" in text


def test_deal_links_open_the_card(demo):
    ws = load_workbook(demo.folder / "reports.xlsx")["Сделки"]
    table = ws.tables["Deals"]
    first, last = (int("".join(filter(str.isdigit, part))) for part in table.ref.split(":"))
    assert last - first > 50  # a real list of deals, not a placeholder
    assert ws.auto_filter.ref is None or table.autoFilter is not None
    for row in (first + 1, last):
        deal_id = ws.cell(row, 1).value
        assert isinstance(deal_id, int)
        link = ws.cell(row, 16).value
        assert link == (
            f'=HYPERLINK("https://demo.bitrix24.ru/crm/deal/details/{deal_id}/","открыть")'
        )
