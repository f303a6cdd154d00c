"""Every B24_ function returns what `b24xl metric` prints for the same store and arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from addin import udfs
from addin.cli import main
from addin.commands.metric import format_value

CASES = [
    # (function, its arguments, the metric, scope, period, --param values)
    (udfs.B24_CONVERSION, ("Sochi", "2024-03"), "conversion_overall", "Sochi", "2024-03", []),
    (udfs.B24_CONVERSION, ("all", "2024-03", "created"), "conversion_created", "all", "2024-03",
     []),
    (udfs.B24_WON, ("all", "2024-Q1"), "won_count", "all", "2024-Q1", []),
    (udfs.B24_WON, ("Смирнова", "2024", "sum"), "won_sum", "Смирнова", "2024", []),
    (udfs.B24_CREATED, ("Москва", "2024-03"), "created", "Москва", "2024-03", []),
    (udfs.B24_LOST, ("all", "2024-03"), "lost_count", "all", "2024-03", []),
    (udfs.B24_AVG_CHECK, ("all", "2024-03"), "avg_check", "all", "2024-03", []),
    (udfs.B24_CYCLE, ("all", "2024-Q1"), "cycle_days", "all", "2024-Q1", []),
    (udfs.B24_FORGOTTEN, ("all", 30), "forgotten_deals", "all", "", ["days=30"]),
    (udfs.B24_FORGOTTEN, ("all", None, "leads"), "forgotten_leads", "all", "", []),
    (udfs.B24_ACTIVITY_INDEX, ("Петров", "2024-03"), "activity_index", "Петров", "2024-03",
     []),
    (udfs.B24_DISCIPLINE, ("all", "2024-03"), "discipline", "all", "2024-03", []),
    (udfs.B24_PLAN, ("all", "2024-03"), "plan", "all", "2024-03", ["measure=revenue"]),
    (udfs.B24_FACT, ("all", "2024-03", "won_count"), "fact", "all", "2024-03",
     ["measure=won_count"]),
    (udfs.B24_PLAN_PCT, ("all", "2024-03"), "plan_completion", "all", "2024-03",
     ["measure=revenue"]),
    (udfs.B24_METRIC, ("in_work", "all", "2024-03"), "in_work", "all", "2024-03", []),
]  # fmt: skip


@pytest.mark.parametrize(("func", "args", "name", "scope", "period", "params"), CASES)
def test_udf_equals_the_metric_command(
    store_env: Path,
    capsys: pytest.CaptureFixture[str],
    func: object,
    args: tuple,
    name: str,
    scope: str,
    period: str,
    params: list[str],
) -> None:
    value = func(*args)  # type: ignore[operator]
    assert not (isinstance(value, str) and value.startswith("#B24"))
    argv = ["metric", name, "--scope", scope, "--period", period, "--store", str(store_env)]
    for item in params:
        argv += ["--param", item]
    assert main(argv) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    assert format_value(value) == printed
