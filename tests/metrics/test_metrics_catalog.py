"""The registry and its catalog: every metric documented in both languages and tested."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from metrics.catalog import catalog_rows, main, render_markdown
from metrics.registry import REGISTRY, MetricDef, metric

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ("label_ru", "label_en", "description_ru", "description_en", "formula_ru", "formula_en")


def covered_ids() -> set[str]:
    """Metric ids named in ``@covers(...)`` / ``pytest.mark.covers(...)`` in these tests."""
    ids: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "covers":
                    ids.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return ids


@pytest.mark.parametrize("metric_id", sorted(REGISTRY))
def test_every_metric_is_documented_and_tested(metric_id: str) -> None:
    item = REGISTRY[metric_id]
    for name in TEXTS:
        assert len(getattr(item, name).strip()) > 3, f"{metric_id} lacks {name}"
    assert metric_id in covered_ids(), f"{metric_id} has no test tagged covers({metric_id!r})"


def test_the_spec_metrics_are_all_registered() -> None:
    spec = [
        "created",
        "won_count",
        "won_sum",
        "lost_count",
        "open_at_start",
        "in_work",
        "conversion_created",
        "conversion_overall",
        "avg_check",
        "cycle_days",
        "repeat_won_count",
        "new_won_count",
        "gross_profit",
        "forgotten_deals",
        "forgotten_leads",
        "no_next_step_deals",
        "overdue_deals",
        "days_on_stage",
        "activity_points",
        "activity_index",
        "started_on_time",
        "finished_on_time",
        "discipline",
        "open_tasks",
        "overdue_tasks",
        "plan",
        "fact",
        "plan_completion",
        "commission",
    ]
    assert set(spec) <= set(REGISTRY)


def test_duplicates_are_refused() -> None:
    with pytest.raises(ValueError, match="already registered"):
        metric(**{k: "x" for k in TEXTS}, id="created", unit="deals", kind="count")(
            REGISTRY["created"].compute
        )
    assert isinstance(REGISTRY["created"], MetricDef)


def test_committed_catalog_is_current() -> None:
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == render_markdown()
    assert main(["--check", str(ROOT / "docs" / "metrics.md")]) == 0


def test_catalog_rows_in_both_languages() -> None:
    ru, en = catalog_rows("ru"), catalog_rows("en")
    assert len(ru) == len(en) > len(REGISTRY)
    first = {r["id"]: r for r in ru}["conversion_overall"]
    assert first["label"] == "Общая конверсия" and first["formula"]
    assert {r["id"]: r for r in en}["conversion_overall"]["label"] == "Overall conversion"
