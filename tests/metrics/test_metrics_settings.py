"""Settings: documented defaults, typed from what a sheet or JSON holds, refused when wrong."""

from __future__ import annotations

import pytest
from metrics_fixture import SETTINGS, T

from metrics.api import metric_value
from metrics.errors import SettingsError
from metrics.frames import PortalFrames
from metrics.settings import Settings


def test_defaults() -> None:
    s = Settings()
    assert (s.forgotten_days_deals, s.forgotten_days_leads, s.task_start_grace_hours) == (
        14,
        14,
        24,
    )
    assert s.weights == {"call": 1, "chat": 1, "meeting": 3, "email": 1, "todo": 1}
    assert s.chats_with_calls and s.base_currency == "" and s.timezone == ""


def test_round_trip_and_text_values() -> None:
    typed = Settings.from_mapping(
        {"forgotten_days_leads": "365", "chats_with_calls": "нет", "activity_kinds": "call, todo",
         "task_start_grace_hours": "12,5", "gross_profit_field": "UF_CRM_1700000001"}
    )  # fmt: skip
    assert typed.forgotten_days_leads == 365 and typed.chats_with_calls is False
    assert typed.activity_kinds == ("call", "todo") and typed.task_start_grace_hours == 12.5
    assert typed.gross_profit_field == "ufCrm_1700000001"
    assert Settings.from_mapping(typed.to_mapping()) == typed


@pytest.mark.parametrize(
    "bad",
    [{"forgotten_days_deals": "abc"}, {"weights": {"calls": 1}}, {"timezone": "Mars/Phobos"},
     {"nope": 1}, {"forgotten_days_deals": -1}],
)  # fmt: skip
def test_refused(bad: dict) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_mapping(bad)
    assert "\n" not in info.value.ru


def test_settings_change_numbers(small: PortalFrames) -> None:
    # chats split from calls with weight 0: Мария's March points = e-mail 1 + chat 0
    split = {**SETTINGS, "chats_with_calls": False, "weights": {"chat": 0}}
    assert (
        metric_value(small, "activity_points", "Сидорова", "2024-03", as_of=T, settings=split) == 1
    )
    # forgotten threshold for deals 5 days: D4 and D7 (touched 04-01, 9.1 days before T)
    five = {**SETTINGS, "forgotten_days_deals": 5}
    assert metric_value(small, "forgotten_deals", "all", "", as_of=T, settings=five) == 2
    # time zone +00:00: D2's win at 2024-02-29T21:00Z falls in February
    utc = {**SETTINGS, "timezone": "+00:00"}
    assert metric_value(small, "won_count", "all", "2024-02", as_of=T, settings=utc) == 1
