"""The B24_ worksheet functions called directly, as Excel would, on the hand-made portal.

Expected values come from the table in ``addin_portal.py`` (worked by hand below).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from addin import context, udfs
from addin.cells import ERROR_PREFIX


@pytest.mark.usefixtures("store_env")
class TestValues:
    def test_conversion_overall_latin_name_finds_the_cyrillic_department(self) -> None:
        # Сочи in March 2024: won deal 1; open at start: deal 3; created: deals 1, 2
        # overall = won / (open at start + created) = 1 / (1 + 2)
        assert udfs.B24_CONVERSION("Sochi", "2024-03") == pytest.approx(1 / 3)

    def test_conversion_of_created(self) -> None:
        # of deals 1, 2 (created in March in Сочи) deal 1 is won now: 1 / 2
        assert udfs.B24_CONVERSION("Сочи", "2024-03", "created") == pytest.approx(0.5)
        assert udfs.B24_CONVERSION("Сочи", "2024-03", "от созданных") == pytest.approx(0.5)

    def test_company_measures(self) -> None:
        # March: created 1, 2, 4, 6; won 1 (100 000) and 4 (200 000); lost 2
        assert udfs.B24_CREATED("all", "2024-03") == 4
        assert udfs.B24_WON("", "2024-03") == 2
        assert udfs.B24_WON(None, "2024-03", "sum") == pytest.approx(300_000)
        assert udfs.B24_WON("Все", "2024-03", "Сумма") == pytest.approx(300_000)
        assert udfs.B24_LOST("all", "2024-03") == 1
        assert udfs.B24_AVG_CHECK("all", "2024-03") == pytest.approx(300_000 / 2)
        # cycles: deal 1 from 03-05 to 03-20 = 15 days, deal 4 from 03-12 to 03-15 = 3
        assert udfs.B24_CYCLE("all", "2024-03") == pytest.approx((15 + 3) / 2)
        # open at start 3 (deal 3; deal 5 was won on 02-01), created 4: 2 / (1 + 4)
        assert udfs.B24_CONVERSION("all", "2024-03") == pytest.approx(2 / 5)

    def test_employee_by_surname(self) -> None:
        assert udfs.B24_LOST("Петров", "2024-03") == 1
        assert udfs.B24_WON("Смирнова", "2024-03", "sum") == pytest.approx(200_000)

    def test_periods_as_directors_type_them(self) -> None:
        # an Excel serial (45352 = 2024-03-01), a date cell, a year typed as a number
        assert udfs.B24_CREATED("all", 45352.0) == 4
        assert udfs.B24_CREATED("all", dt.datetime(2024, 3, 17)) == 4
        assert udfs.B24_CREATED("all", 2024.0) == 6  # every deal was created in 2024
        assert udfs.B24_CREATED("all", "2024-Q1") == 6
        assert udfs.B24_CREATED("all", "март 2024") == 4

    def test_forgotten_ignores_the_period_and_takes_days(self) -> None:
        # open deals now: 3 and 6, last touched in 2024: both forgotten after 14 days
        assert udfs.B24_FORGOTTEN("all") == 2
        assert udfs.B24_FORGOTTEN("all", 30, "сделки") == 2
        assert udfs.B24_FORGOTTEN("Сочи", None, "deals") == 1
        assert udfs.B24_FORGOTTEN("all", None, "leads") == 0

    def test_any_metric_by_name_with_params(self) -> None:
        assert udfs.B24_METRIC("in_work", "all", "2024-03") == 2  # deals 3 and 6 at T
        assert udfs.B24_METRIC("forgotten_deals", "all", "", "days=14") == 2
        assert udfs.B24_METRIC("forgotten_deals", "all", "", [["days", 14.0]]) == 2

    def test_empty_value_is_an_empty_cell(self) -> None:
        assert udfs.B24_DISCIPLINE("all", "2024-03") is None  # no tasks at all
        assert udfs.B24_AVG_CHECK("all", "2023-03") is None  # nothing won: 0 / 0
        assert udfs.B24_PLAN("all", "2024-03") is None  # no plans yet

    def test_table_spills_a_header_and_rows(self) -> None:
        block = udfs.B24_TABLE("manager_efficiency", "all", "2024-03")
        assert isinstance(block, list)
        header, *rows = block
        assert header[:3] == ["user_id", "employee", "department"]
        by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
        assert set(by_name) == {"Иван Петров", "Анна Смирнова"}
        petrov = by_name["Иван Петров"]
        assert (petrov["created"], petrov["won_count"], petrov["lost_count"]) == (2, 1, 1)
        assert petrov["conversion_overall"] == pytest.approx(1 / 3)
        assert all(not isinstance(v, float) or v == v for row in rows for v in row)  # no NaN


@pytest.mark.usefixtures("store_env")
class TestErrors:
    def test_unknown_scope_suggests_the_closest(self) -> None:
        text = udfs.B24_CONVERSION("Сочьи", "2024-03")
        assert text.startswith(ERROR_PREFIX)
        assert "Сочьи" in text and "Сочи" in text
        assert "\n" not in text and "Traceback" not in text

    def test_bad_period_bad_choice_bad_days(self) -> None:
        assert udfs.B24_CREATED("all", "when?").startswith('#B24: не понимаю период "when?"')
        bad_kind = udfs.B24_CONVERSION("all", "2024-03", "weekly")
        assert bad_kind.startswith("#B24: неизвестный вид") and "overall" in bad_kind
        assert udfs.B24_FORGOTTEN("all", -3).startswith("#B24: число дней")
        assert udfs.B24_METRIC("no_such_metric", "all", "2024-03").startswith(ERROR_PREFIX)
        assert udfs.B24_TABLE("no_such_report").startswith(ERROR_PREFIX)
        assert udfs.B24_METRIC("in_work", "all", "", "days").startswith("#B24: не понимаю")

    def test_english_messages(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("B24XL_LANG", "en")
        text = udfs.B24_CONVERSION("Nowhere", "2024-03")
        assert text.startswith("#B24: unknown")


def test_missing_store_is_a_clear_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B24XL_STORE", str(tmp_path / "none.sqlite"))
    context.CACHE.clear()
    assert udfs.B24_CREATED("all", "2024-03") == (
        "#B24: данных ещё нет: хранилище none.sqlite не найдено; нажмите «Обновить всё»"
    )


def test_an_unexpected_error_is_logged_not_shown(
    monkeypatch: pytest.MonkeyPatch, private_log: Path, store_env: Path
) -> None:
    import metrics.api

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(metrics.api, "metric_value", broken)
    text = udfs.B24_CREATED("all", "2024-02")
    assert text == "#B24: внутренняя ошибка (ZeroDivisionError); подробности в журнале надстройки"
    assert "Traceback" in private_log.read_text() and "boom" in private_log.read_text()
