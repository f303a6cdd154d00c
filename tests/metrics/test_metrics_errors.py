"""Bad input gives one-line errors in both languages, never a traceback or a wrong number."""

from __future__ import annotations

import pytest
from metrics_fixture import T

from metrics.api import metric_value, report_table
from metrics.errors import (
    MetricsError,
    ParameterError,
    PeriodError,
    SettingsError,
    UnknownMetricError,
    UnknownScopeError,
)
from metrics.frames import PortalFrames


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"name": "conversoin"}, UnknownMetricError, "conversion"),
        ({"scope": "Сочьи"}, UnknownScopeError, "Сочи"),
        ({"period": "2024-13"}, PeriodError, "2024-Q1"),
        ({"params": {"dayz": "3"}}, ParameterError, "dayz"),
        # a metric that takes parameters names them: forgotten_deals takes days
        ({"params": {"dayz": "3"}, "name": "forgotten_deals"}, ParameterError, "days"),
        (
            {"params": {"weight_call": "x"}, "name": "activity_points"},
            ParameterError,
            "weight_call",
        ),
        ({"settings": {"forgoten_days_deals": 3}}, SettingsError, "forgoten_days_deals"),
        ({"as_of": "вчера"}, PeriodError, "вчера"),
    ],
)
def test_one_line_errors(small: PortalFrames, kwargs: dict, error: type, needle: str) -> None:
    args = {"name": "conversion_overall", "scope": "all", "period": "2024-03", "as_of": T, **kwargs}
    with pytest.raises(error) as info:
        metric_value(small, args.pop("name"), args.pop("scope"), args.pop("period"), **args)
    exc = info.value
    assert isinstance(exc, MetricsError)
    assert needle in exc.en and needle in exc.ru
    assert "\n" not in exc.en and "\n" not in exc.ru


def test_label_finds_metric(small: PortalFrames) -> None:
    by_label = metric_value(small, "Общая конверсия", "all", "2024-03", as_of=T)
    assert by_label == metric_value(small, "conversion_overall", "all", "2024-03", as_of=T)


def test_unknown_report(small: PortalFrames) -> None:
    with pytest.raises(UnknownMetricError):
        report_table(small, "sales_dinamics")
