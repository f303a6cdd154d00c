"""The per-revision model cache: reused for the same revision, rebuilt for a new one."""

from __future__ import annotations

from metrics_fixture import SETTINGS, T, snapshot

from b24sync.frames import frames_from_snapshot
from metrics.api import metric_value
from metrics.model import model_for
from metrics.settings import Settings


def test_same_revision_reuses_new_revision_rebuilds() -> None:
    settings = Settings.from_mapping(SETTINGS)
    first = frames_from_snapshot(snapshot(), revision="cache-1")
    again = frames_from_snapshot(snapshot(), revision="cache-1")
    assert model_for(first, settings) is model_for(again, settings)
    changed = snapshot()
    changed["crm.item.list"]["2"] = changed["crm.item.list"]["2"][:3]  # D1..D3 only
    newer = frames_from_snapshot(changed, revision="cache-2")
    assert model_for(newer, settings) is not model_for(first, settings)
    # March created: D1, D3 of the three left
    assert metric_value(newer, "created", "all", "2024-03", as_of=T, settings=SETTINGS) == 2
    assert metric_value(first, "created", "all", "2024-03", as_of=T, settings=SETTINGS) == 4


def test_without_revision_cached_on_the_frames_object() -> None:
    one, two = frames_from_snapshot(snapshot()), frames_from_snapshot(snapshot())
    assert model_for(one) is model_for(one)
    assert model_for(one) is not model_for(two)
