"""Sales measures on the hand-built portal (see ``metrics_fixture`` for the deals).

March 2024 local = [2024-02-29T21:00Z, 2024-03-31T21:00Z); T = 2024-04-10 12:00 +03:00.
"""

from __future__ import annotations

import pytest
from metrics_fixture import SETTINGS, T

from metrics.api import metric_value
from metrics.frames import PortalFrames

covers = pytest.mark.covers


def v(frames: PortalFrames, name: str, scope: str = "all", period: str = "2024-03", **params: str):
    return metric_value(frames, name, scope, period, as_of=T, settings=SETTINGS, params=params)


@covers("created")
def test_created(small: PortalFrames) -> None:
    # March: D1 (03-05), D3 (03-10), D7 (03-31 23:30 local), D9 (03-02) = 4.
    # D8 was written as 2024-03-31T21:30+00:00 = 04-01 00:30 local: April, not March.
    assert v(small, "created") == 4
    assert v(small, "created", period="2024-04") == 1  # D8
    assert v(small, "created", "Сочи") == 1  # Иван: D1


@covers("won_count")
def test_won_count(small: PortalFrames) -> None:
    # D1 (03-15), D2 (exactly 03-01 00:00 local, written in UTC), D6 (03-25, moved pipelines) = 3
    # D4 won in February but was reopened: won in no period; D9 WON+LOSE at one moment: lost.
    assert v(small, "won_count") == 3
    assert v(small, "won_count", period="2024-02") == 0
    assert v(small, "won_count", "pipeline:1") == 1  # D6 counts in its current pipeline
    assert v(small, "won_count", "Общая") == 2  # D1, D2


@covers("won_sum")
def test_won_sum(small: PortalFrames) -> None:
    # 100 000 (D1) + 1 000 USD x 90 (D2) + 50 000 (D6) = 240 000
    assert v(small, "won_sum") == pytest.approx(240_000)


@covers("lost_count")
def test_lost_count(small: PortalFrames) -> None:
    # D3 (no history, closedate 03-20) + D9 (tie: later ID 91 LOSE) = 2;
    # D5 lost exactly at 04-01 00:00 local -> April
    assert v(small, "lost_count") == 2
    assert v(small, "lost_count", period="2024-04") == 1


@covers("open_at_start")
def test_open_at_start(small: PortalFrames) -> None:
    # created before 03-01: D2 (S at exactly 03-01 00:00 -> not open), D4 (S since 02-20),
    # D5 (P), D6 (P) -> 2
    assert v(small, "open_at_start") == 2


@covers("in_work")
def test_in_work(small: PortalFrames) -> None:
    # just before 04-01 00:00: D4 (reopened, P), D5 (lost AT 04-01 00:00 -> still P), D7 (P) = 3
    assert v(small, "in_work") == 3
    # April is not over at T: state at T: D4, D7, D8 (D5 lost) = 3
    assert v(small, "in_work", period="2024-04") == 3
    # a future period: in work now
    assert v(small, "in_work", period="2024-12") == 3


@covers("conversion_created")
def test_conversion_created(small: PortalFrames) -> None:
    # created in March: D1 (S at T), D3 (F), D7 (P), D9 (F) -> 1 / 4
    assert v(small, "conversion_created") == pytest.approx(0.25)
    assert v(small, "conversion_created", period="2023-03") is None  # empty denominator


@covers("conversion_overall")
def test_conversion_overall(small: PortalFrames) -> None:
    # won 3 / (open at start 2 + created 4) = 0.5
    assert v(small, "conversion_overall") == pytest.approx(0.5)
    assert v(small, "conversion_overall", period="2020") is None


@covers("avg_check")
def test_avg_check(small: PortalFrames) -> None:
    assert v(small, "avg_check") == pytest.approx(240_000 / 3)
    assert v(small, "avg_check", "Москва") is None  # Мария won nothing in March


@covers("cycle_days")
def test_cycle_days(small: PortalFrames) -> None:
    # D1 03-05 10:00 -> 03-15 12:00 = 10 d 2 h; D2 02-10 00:00 -> 03-01 00:00 = 20 d (leap year);
    # D6 02-15 12:00 -> 03-25 12:00 = 14 + 25 = 39 d
    assert v(small, "cycle_days") == pytest.approx((10 + 2 / 24 + 20 + 39) / 3)


@covers("repeat_won_count", "new_won_count")
def test_repeat_and_new(small: PortalFrames) -> None:
    # D1 and D2 share company 500; D2 won first (03-01) -> D1 is a repeat sale. D6: contact 700.
    assert v(small, "repeat_won_count") == 1
    assert v(small, "new_won_count") == 2


@covers("gross_profit")
def test_gross_profit(small: PortalFrames) -> None:
    # field UF_CRM_GP (ufCrm_GP): D1 30 000 + D2 "10000" + D6 empty (0) = 40 000
    assert v(small, "gross_profit") == pytest.approx(40_000)
    no_field = metric_value(small, "gross_profit", "all", "2024-03", as_of=T)
    assert no_field == 0


@covers("uf_sum")
def test_uf_sum(small: PortalFrames) -> None:
    assert v(small, "uf_sum", field="UF_CRM_GP") == pytest.approx(40_000)


def test_multi_currency_base_override(small: PortalFrames) -> None:
    # base USD: 100 000 / 90 + 1 000 + 50 000 / 90
    usd = metric_value(
        small, "won_sum", "all", "2024-03", as_of=T, settings={**SETTINGS, "base_currency": "USD"}
    )
    assert usd == pytest.approx(150_000 / 90 + 1_000)


def test_scopes_and_sub_departments(small: PortalFrames) -> None:
    # Продажи = Сочи (Иван) + Москва (Мария) + Пётр (inactive, in Продажи itself)
    created = {s: v(small, "created", s) for s in ("Продажи", "Сочи", "Москва", "Сёмин")}
    assert created == {"Продажи": 4, "Сочи": 1, "Москва": 3, "Сёмин": 0}
    assert v(small, "open_at_start", "Продажи") == 2  # D5 of inactive Пётр + D6 of Иван
    assert v(small, "open_at_start", "Пётр Сёмин") == 1
    assert v(small, "created", "city:москва") == 1  # D3 ("Москва"); D4 "москва" created in Jan
    assert v(small, "created", "source:CALL", "2024-02") == 1  # D5
    assert v(small, "created", "pipeline:0/dept:4") == 3  # Мария in Общая: D3, D7, D9
    assert v(small, "won_count", "pipeline:Опт/user:Петров") == 1  # D6


def test_quarter_and_range(small: PortalFrames) -> None:
    # Q1: created D1 D2 D3 D4 D5 D6 D7 D9 = 8; won: D2, D1, D6 = 3 (D4's Feb win was reopened)
    assert v(small, "created", period="2024-Q1") == 8
    assert v(small, "won_count", period="1 кв. 2024") == 3
    # 2024-03-01..2024-03-15 includes D1's win on 03-15 and D2's at 03-01 00:00
    assert v(small, "won_count", period="2024-03-01..2024-03-15") == 2
