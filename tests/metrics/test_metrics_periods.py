"""Periods: every accepted form, boundaries in the portal zone, neighbours, bad input."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics.errors import PeriodError
from metrics.periods import Period, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2024-03", D(2024, 3, 1), D(2024, 4, 1), "month"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 4, 1), "quarter"),
        ("Q4 2024", D(2024, 10, 1), D(2025, 1, 1), "quarter"),
        ("1 кв. 2024", D(2024, 1, 1), D(2024, 4, 1), "quarter"),
        ("II квартал 2024", D(2024, 4, 1), D(2024, 7, 1), "quarter"),
        ("2024-W10", D(2024, 3, 4), D(2024, 3, 11), "week"),  # ISO week 10 starts Monday 03-04
        ("2024", D(2024, 1, 1), D(2025, 1, 1), "year"),
        ("2024-03-01..2024-03-15", D(2024, 3, 1), D(2024, 3, 16), "range"),
        ("01.03.2024..15.03.2024", D(2024, 3, 1), D(2024, 3, 16), "range"),
        ("март 2024", D(2024, 3, 1), D(2024, 4, 1), "month"),
        ("Мая 2024", D(2024, 5, 1), D(2024, 6, 1), "month"),
        ("March 2024", D(2024, 3, 1), D(2024, 4, 1), "month"),
        ("03.2024", D(2024, 3, 1), D(2024, 4, 1), "month"),
        ("2024-03-17", D(2024, 3, 1), D(2024, 4, 1), "month"),  # a date stands for its month
    ],
)
def test_text_forms(text: str, start: dt.date, end: dt.date, kind: str) -> None:
    assert parse_period(text) == Period(start, end, kind)


def test_excel_values() -> None:
    # Excel serial 45352 = 2024-03-01 (days since 1899-12-30)
    assert parse_period(45352).label == "2024-03"
    assert parse_period(45382.75).label == "2024-03"  # 2024-03-31 18:00
    assert parse_period(dt.datetime(2024, 3, 31, 23, 59)).label == "2024-03"
    assert parse_period(pd.Timestamp("2024-02-29")).label == "2024-02"


def test_neighbours() -> None:
    assert parse_period("2024-03").previous().label == "2024-02"
    assert parse_period("2024-01").previous().label == "2023-12"
    assert parse_period("2024-Q1").previous().label == "2023-Q4"
    assert parse_period("2024-W01").previous().label == "2023-W52"
    assert parse_period("2024-03").year_ago().label == "2023-03"
    assert parse_period("2020-W53").year_ago().label == "2019-W52"  # 2019 has 52 weeks
    assert parse_period("2024-03-01..2024-03-10").previous().label == "2024-02-20..2024-02-29"
    assert [p.label for p in parse_period("2024-Q2").months()] == ["2024-04", "2024-05", "2024-06"]


def test_bounds_are_local_midnights() -> None:
    start, end = parse_period("2024-03").bounds("Europe/Moscow")
    assert start == pd.Timestamp("2024-02-29T21:00:00Z")  # 00:00 +03:00
    assert end == pd.Timestamp("2024-03-31T21:00:00Z")
    start, _ = parse_period("2024-03").bounds("+05:00")
    assert start == pd.Timestamp("2024-02-29T19:00:00Z")


@pytest.mark.parametrize(
    "bad", ["", "2024-13", "2024-Q5", "2024-W54", "вчера", "2024-03-10..2024-03-01", True, None]
)
def test_bad_periods(bad: object) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(bad)
    assert "2024-Q1" in info.value.en and "\n" not in info.value.ru
