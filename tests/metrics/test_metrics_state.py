"""Forgotten deals and leads, next steps, activity points and index, tasks, stage days.

T = 2024-04-10 12:00 +03:00; 14 days before T = 2024-03-27 12:00.
"""

from __future__ import annotations

import pytest
from metrics_fixture import SETTINGS, T

from metrics.api import metric_value
from metrics.errors import UnknownScopeError
from metrics.frames import PortalFrames

covers = pytest.mark.covers


def v(frames: PortalFrames, name: str, scope: str = "all", period: str = "2024-03", **params: str):
    return metric_value(frames, name, scope, period, as_of=T, settings=SETTINGS, params=params)


@covers("forgotten_deals")
def test_forgotten_deals(small: PortalFrames) -> None:
    # open at T: D4 (last touch: call A1 ended 03-10 09:30 < 03-27 -> forgotten),
    # D7 (touched by A8 created 04-01), D8 (lastActivityTime 04-08) -> 1
    assert v(small, "forgotten_deals") == 1
    assert v(small, "forgotten_deals", period="1999") == 1  # the period is ignored
    assert v(small, "forgotten_deals", days="40") == 0  # 03-10 is 31.1 days before T
    assert v(small, "forgotten_deals", days="5") == 2  # D7's touch 04-01 is 9.1 days old


@covers("forgotten_leads")
def test_forgotten_leads(small: PortalFrames) -> None:
    # L1 open, created 03-01 (no other touch) -> forgotten; L2 converted; L3 created 04-01
    assert v(small, "forgotten_leads") == 1
    assert v(small, "forgotten_leads", "Москва") == 0
    with pytest.raises(UnknownScopeError):
        v(small, "forgotten_leads", "pipeline:1")


@covers("no_next_step_deals")
def test_no_next_step(small: PortalFrames) -> None:
    # D4 (no open activity), D8 (none at all); D7 has the open call A8
    assert v(small, "no_next_step_deals") == 2


@covers("overdue_deals")
def test_overdue(small: PortalFrames) -> None:
    # D7: open call A8 with DEADLINE 04-05 < T. (A9 on D5: D5 is closed.)
    assert v(small, "overdue_deals") == 1
    early = metric_value(
        small, "overdue_deals", "all", "", as_of="2024-04-05T09:00:00+03:00", settings=SETTINGS
    )
    assert early == 0  # before A8's deadline


@covers("activity_points")
def test_activity_points(small: PortalFrames) -> None:
    # March, completed: Иван call 1 + meeting 3 = 4 (the CRM_TASKS_TASK mirror never counts);
    # Мария outgoing e-mail 1 + chat 1 (counted as a call) = 2 (incoming e-mail 0; the to-do
    # A5 has no END_TIME, LAST_UPDATED 04-01 00:30 local -> April)
    assert v(small, "activity_points", "Иван Петров") == 4
    assert v(small, "activity_points", "Сидорова Мария") == 2
    assert v(small, "activity_points") == 6
    assert v(small, "activity_points", "Сидорова", period="2024-04") == 1  # the to-do
    assert v(small, "activity_points", "Петров", weight_meeting="5") == 6  # 1 + 5
    assert v(small, "activity_points", "Сидорова", kind="email") == 1


@covers("activity_index")
def test_activity_index(small: PortalFrames) -> None:
    # group = active employees Иван 4, Мария 2, Анна 0 (Пётр inactive): mean 2
    assert v(small, "activity_index", "Иван Петров") == pytest.approx(200)
    assert v(small, "activity_index", "Мария Сидорова") == pytest.approx(100)
    # group Продажи: Иван and Мария active (Пётр not): mean 3 -> Иван 133.3
    assert v(small, "activity_index", "Петров", group="Продажи") == pytest.approx(400 / 3)
    assert v(small, "activity_index", "Петров", period="2023-01") is None  # group mean 0


@covers("started_on_time")
def test_started_on_time(small: PortalFrames) -> None:
    # planned starts in March: T1 (created 03-01 09:00 + 24 h grace = 03-02 09:00, started 08:00
    # on time), T2 (03-06, started 03-07 late), T3 (never started), T4 (03-21, started 03-20) -> 2/4
    assert v(small, "started_on_time") == pytest.approx(0.5)
    assert v(small, "started_on_time", "Петров") == pytest.approx(0.5)  # T1 yes, T2 no
    assert v(small, "started_on_time", period="2023-03") is None


@covers("finished_on_time")
def test_finished_on_time(small: PortalFrames) -> None:
    # deadlines in March: T1 (closed 03-09, on time), T2 (closed 03-25 after 03-20) -> 1/2;
    # T3's deadline is in April, T4 has none
    assert v(small, "finished_on_time") == pytest.approx(0.5)


@covers("discipline")
def test_discipline(small: PortalFrames) -> None:
    assert v(small, "discipline") == pytest.approx(0.5 * 0.5)
    assert v(small, "discipline", "Сидорова") is None  # no deadline of hers in March


@covers("open_tasks")
def test_open_tasks(small: PortalFrames) -> None:
    # end of March: T3, T4 open (T1, T2 closed) = 2; at T (April not over): the same 2
    assert v(small, "open_tasks") == 2
    assert v(small, "open_tasks", period="2024-04") == 2
    assert v(small, "open_tasks", period="2024-02") == 0
    assert v(small, "open_tasks", project="Внедрение") == 1  # T3 (T1 closed)


@covers("overdue_tasks")
def test_overdue_tasks(small: PortalFrames) -> None:
    # end of March: T3's deadline 04-05 is not yet past -> 0; at T: T3 -> 1
    assert v(small, "overdue_tasks") == 0
    assert v(small, "overdue_tasks", period="2024-04") == 1


@covers("days_on_stage")
def test_days_on_stage(small: PortalFrames) -> None:
    # stays on NEW begun in March: D1 03-05 10:00 -> 03-15 12:00 = 10 + 2/24;
    # D3 (no history) 03-10 10:00 -> closedate 03-20 00:00 = 9 + 14/24;
    # D7 (no history, open) 03-31 23:30 -> T 04-10 12:00 = 9 + 12.5/24;
    # D9 03-02 12:00 -> 03-12 12:00 = 10
    expected = (10 + 2 / 24 + 9 + 14 / 24 + 9 + 12.5 / 24 + 10) / 4
    assert v(small, "days_on_stage", stage="NEW") == pytest.approx(expected)
    assert v(small, "days_on_stage", stage="Новая") == pytest.approx(expected)
    # any in-work stage adds D4 WORK 03-05 10:00 -> T (36 d 2 h) and D6 C1:NEW 03-03 12:00 ->
    # 03-25 12:00 (22 d)
    total = expected * 4 + 36 + 2 / 24 + 22
    assert v(small, "days_on_stage") == pytest.approx(total / 6)
