"""The periods of the comparison blocks: the quarter and the last complete week of a month."""

from __future__ import annotations

from datetime import date

import pytest

from addin.refresh import last_week_of, quarter_of


@pytest.mark.parametrize(
    ("period", "today", "week"),
    [
        # November 2026 ends on Monday 30th; its last complete week is Mon 23 - Sun 29 (W48);
        # on Thursday 3 December that week is over
        ("2026-11", date(2026, 12, 3), "2026-W48"),
        # on Thursday 26 November the week of the 23rd is not over: the week before (W47)
        ("2026-11", date(2026, 11, 26), "2026-W47"),
        # 3 December: no week has ended in December yet
        ("2026-12", date(2026, 12, 3), ""),
        # 8 December: Mon 30 Nov - Sun 6 Dec (W49) has ended, in December
        ("2026-12", date(2026, 12, 8), "2026-W49"),
        # March 2024 ends on Sunday 31st: its last week is Mon 25 - Sun 31 (W13)
        ("2024-03", None, "2024-W13"),
        ("2024-W10", None, "2024-W10"),
        ("2024-Q1", None, ""),
        ("", None, ""),
    ],
)
def test_last_week_of_a_month(period: str, today: date | None, week: str) -> None:
    assert last_week_of(period, today) == week


def test_the_weeks_named_are_the_calendar_weeks() -> None:
    # independent of the code: ISO week 48 of 2026 starts on Monday 23 November
    assert date.fromisocalendar(2026, 48, 1) == date(2026, 11, 23)
    assert date.fromisocalendar(2024, 13, 7) == date(2024, 3, 31)


def test_quarter_of_a_month() -> None:
    assert [quarter_of(p) for p in ("2024-03", "2024-04", "2024-Q2", "2024")] == [
        "2024-Q1",
        "2024-Q2",
        "2024-Q2",
        "",
    ]
