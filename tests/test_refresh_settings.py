"""The Settings sheet's text becomes typed settings; a bad value is one clear line."""

from __future__ import annotations

import pytest

from addin.report_settings import from_sheet
from metrics.errors import MetricsError


def test_sheet_text_is_typed_by_the_defaults():
    chosen = from_sheet(
        {
            "period": " 2024-Q1 ", "focus": "dept:3", "chart_measure": "won_count",
            "forgotten_days_deals": "30", "forgotten_days_leads": 365.0,
            "weights.meeting": "2,5", "weights.call": "", "chats_with_calls": "нет",
            "activity_kinds": "call, meeting", "task_start_grace_hours": "12",
            "gross_profit_field": "UF_CRM_1700000001",
        },
        base={"city_field": "ufCrm_1700000002"},
    )  # fmt: skip
    m = chosen.metrics
    assert (chosen.period, chosen.focus, chosen.chart_measure) == ("2024-Q1", "dept:3", "won_count")
    assert (m.forgotten_days_deals, m.forgotten_days_leads) == (30, 365)
    assert m.weights["meeting"] == 2.5 and m.weights["call"] == 1.0  # empty keeps the default
    assert m.chats_with_calls is False
    assert m.activity_kinds == ("call", "meeting")
    assert m.task_start_grace_hours == 12.0
    assert m.gross_profit_field == "ufCrm_1700000001"
    assert m.city_field == "ufCrm_1700000002"  # the base (demo mapping) stays under the sheet


def test_empty_sheet_gives_defaults():
    chosen = from_sheet({})
    assert chosen.metrics.forgotten_days_deals == 14
    assert (chosen.period, chosen.focus, chosen.chart_measure) == ("", "", "won_sum")


def test_a_word_where_a_number_belongs_is_named():
    with pytest.raises(MetricsError) as err:
        from_sheet({"forgotten_days_deals": "две недели"})
    assert "forgotten_days_deals" in err.value.en and "«Настройки»" in err.value.ru
