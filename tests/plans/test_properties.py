"""Invariants: load -> save -> load is the identity; the audit trail rebuilds the values."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b24sync.plans.local import LocalPlanStore
from b24sync.plans.model import Change, PlanKey
from b24sync.plans.store import rebuild_from_audit

keys = st.builds(
    PlanKey,
    version=st.sampled_from(["budget", "forecast", "v-2"]),
    month=st.sampled_from(["2023-12", "2024-01", "2024-02"]),
    measure=st.sampled_from(["revenue", "won_count", "gross_profit"]),
    scope_id=st.sampled_from(["all", "dept:3", "user:7", "pipeline:0/user:7"]),
)
amounts = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
values = st.one_of(st.none(), amounts)
saves = st.lists(st.dictionaries(keys, values, min_size=1, max_size=6), min_size=1, max_size=6)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.dictionaries(keys, amounts, max_size=12))
def test_save_then_load_is_identity_and_saving_it_again_changes_nothing(plan):
    with TemporaryDirectory() as tmp:
        store = LocalPlanStore(Path(tmp) / "s.sqlite")
        try:
            store.save([Change(k, v) for k, v in plan.items()], 0, "anna")
            first = store.load()
            assert first.values == plan
            again = store.save([Change(k, v) for k, v in first.values.items()],
                               first.revision, "anna")  # fmt: skip
            assert again.ok and again.written == 0
            assert store.load() == first
        finally:
            store.close()


@SETTINGS
@given(saves, st.integers(min_value=0, max_value=2))
def test_audit_trail_rebuilds_current_values(sequence, undos):
    with TemporaryDirectory() as tmp:
        store = LocalPlanStore(Path(tmp) / "s.sqlite")
        try:
            expected: dict[PlanKey, float] = {}
            for changes in sequence:
                result = store.save(
                    [Change(k, v) for k, v in changes.items()], store.load().revision, "anna"
                )
                assert result.ok
                for k, v in changes.items():  # independent model of the values
                    if v is None:
                        expected.pop(k, None)
                    else:
                        expected[k] = v
            assert store.load().values == expected
            for _ in range(undos):
                try:
                    store.undo("anna")
                except Exception:
                    break
            assert rebuild_from_audit(store.history()) == store.load().values
        finally:
            store.close()
