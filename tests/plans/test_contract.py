"""The plan store contract, run against the local store and the portal store alike."""

from __future__ import annotations

import pytest

from b24sync.plans.model import Change, CommissionRule, PlanKey
from b24sync.plans.store import PlanError, PlanLockedError, rebuild_from_audit
from b24sync.plans.validate import PlanValidationError


def key(month: str = "2024-03", scope: str = "dept:3", measure: str = "revenue",
        version: str = "budget") -> PlanKey:  # fmt: skip
    return PlanKey(version, month, measure, scope)


def test_save_then_load_returns_the_values_and_a_new_revision(open_store):
    store = open_store()
    empty = store.load()
    assert empty.values == {} and empty.revision == 0
    result = store.save([Change(key(), 500_000.0), Change(key(scope="user:7"), 125_000.5)],
                        empty.revision, "anna", "first plan")  # fmt: skip
    assert result.ok and result.written == 2
    loaded = open_store().load()
    assert loaded.values == {key(): 500_000.0, key(scope="user:7"): 125_000.5}
    assert loaded.revision == result.revision > 0


def test_removing_a_value_and_history_old_to_new(open_store):
    store = open_store()
    first = store.save([Change(key(), 100.0)], 0, "anna", "v1")
    second = store.save([Change(key(), 250.0)], first.revision, "boris", "raise")
    third = store.save([Change(key(), None)], second.revision, "anna")
    assert store.load().values == {}
    records = [r for r in store.history() if r.key == key()]
    # newest first: 250 -> removed, 100 -> 250, nothing -> 100
    assert [(r.old, r.new, r.author) for r in records] == [
        (250.0, None, "anna"), (100.0, 250.0, "boris"), (None, 100.0, "anna"),
    ]  # fmt: skip
    assert [r.revision for r in records] == [third.revision, second.revision, first.revision]
    assert records[1].comment == "raise"


def test_bad_values_refused_whole_save_nothing_written(open_store):
    store = open_store()
    bad = [
        Change(key(), 10.0),
        Change(key(scope="user:1"), -5.0, "Plans!D7"),
        Change(key(month="2024-13"), 1.0, "Plans!E7"),
        Change(key(scope="team:9"), 1.0, "Plans!F7"),
    ]
    with pytest.raises(PlanValidationError) as info:
        store.save(bad, 0, "anna")
    assert [p.cell for p in info.value.problems] == ["Plans!D7", "Plans!E7", "Plans!F7"]
    assert store.load().values == {} and store.history() == []


def test_same_key_twice_refused(open_store):
    store = open_store()
    with pytest.raises(PlanValidationError):
        store.save([Change(key(), 1.0), Change(key(), 2.0)], 0, "anna")
    assert store.load().values == {}


def test_two_directors_conflict_on_the_same_cell_nothing_written(open_store):
    anna, boris = open_store(), open_store()
    base = anna.save([Change(key(), 100.0)], 0, "setup").revision
    anna_view, boris_view = anna.load(), boris.load()
    assert anna_view.revision == boris_view.revision == base
    assert anna.save([Change(key(), 150.0, "D5")], anna_view.revision, "anna").ok
    result = boris.save(
        [Change(key(), 180.0, "D5"), Change(key(scope="user:7"), 40.0, "D9")],
        boris_view.revision, "boris",
    )  # fmt: skip
    assert not result.ok
    assert [(c.key, c.cell, c.theirs, c.mine, c.author) for c in result.conflicts] == [
        (key(), "D5", 150.0, 180.0, "anna")
    ]
    assert open_store().load().values == {key(): 150.0}  # boris's other cell not written


def test_two_directors_different_cells_merge(open_store):
    anna, boris = open_store(), open_store()
    base = anna.load().revision
    assert anna.save([Change(key(), 150.0)], base, "anna").ok
    result = boris.save([Change(key(scope="user:7"), 40.0)], base, "boris")
    assert result.ok
    assert open_store().load().values == {key(): 150.0, key(scope="user:7"): 40.0}


def test_same_value_typed_by_both_is_not_a_conflict(open_store):
    anna, boris = open_store(), open_store()
    assert anna.save([Change(key(), 150.0)], 0, "anna").ok
    result = boris.save([Change(key(), 150.0)], 0, "boris")
    assert result.ok and result.written == 0 and result.unchanged == 1


def test_locked_months_refuse_until_unlocked_and_unlock_is_audited(open_store):
    store = open_store()
    store.lock("2024-03", "cfo")
    assert store.lock_state().before == "2024-03"
    with pytest.raises(PlanLockedError) as info:
        store.save([Change(key("2024-02"), 5.0), Change(key("2024-03"), 6.0)], 0, "anna")
    assert info.value.keys == [key("2024-02")]
    assert store.load().values == {}
    assert store.load().is_locked("2024-01") and not store.load().is_locked("2024-03")
    with pytest.raises(PlanError):
        store.unlock("2024-05", "cfo", "not locked")
    store.unlock("2024-02", "cfo", "late invoice")
    assert store.save([Change(key("2024-02"), 5.0)], store.load().revision, "anna").ok
    events = [r for r in store.history() if r.kind == "unlock"]
    assert len(events) == 1 and "late invoice" in (events[0].comment or "")
    assert events[0].author == "cfo"


def test_undo_own_last_save(open_store):
    store = open_store()
    first = store.save([Change(key(), 100.0)], 0, "anna")
    store.save([Change(key(), 130.0), Change(key(scope="user:7"), 9.0)], first.revision, "anna")
    undone = store.undo("anna")
    assert undone.ok
    assert store.load().values == {key(): 100.0}
    store.undo("anna")
    assert store.load().values == {}
    with pytest.raises(PlanError):
        store.undo("anna")


def test_undo_refused_when_someone_changed_on_top(open_store):
    store = open_store()
    first = store.save([Change(key(), 100.0)], 0, "anna")
    store.save([Change(key(), 120.0)], first.revision, "boris")
    with pytest.raises(PlanError):
        store.undo("anna")
    assert store.load().values == {key(): 120.0}
    with pytest.raises(PlanError):
        store.undo("carl")  # never saved


def test_versions_are_independent(open_store):
    store = open_store()
    store.save([Change(key(version="budget"), 100.0)], 0, "anna")
    store.save([Change(key(version="forecast"), 80.0)], store.load().revision, "anna")
    store.save([Change(key(version="stretch-2024"), 130.0)], store.load().revision, "anna")
    assert store.load("budget").values == {key(version="budget"): 100.0}
    assert store.load("forecast").values == {key(version="forecast"): 80.0}
    assert len(store.load().values) == 3
    store.save([Change(key(version="forecast"), None)], store.load().revision, "anna")
    assert store.load("budget").values == {key(version="budget"): 100.0}


def test_audit_trail_rebuilds_values(open_store):
    store = open_store()
    rev = 0
    for value in (1.0, 2.0, None, 4.0):
        rev = store.save([Change(key(), value), Change(key("2024-04"), 7.0)], rev, "a").revision
    store.undo("a")  # the last save set key() from nothing to 4; 2024-04 was unchanged there
    expected = {key("2024-04"): 7.0}
    assert store.load().values == expected
    assert rebuild_from_audit(store.history()) == expected


def test_commission_settings_round_trip(open_store):
    store = open_store()
    ladder = [
        CommissionRule(7, "2024-03", "ladder", 100_000.0, 0.01),
        CommissionRule(7, "2024-03", "ladder", 300_000.0, 0.05),
    ]
    store.set_commission(7, "2024-03", ladder, "cfo")
    store.set_commission(8, "2024-03", [CommissionRule(8, "2024-03", "grade", 0.0, 0.1)], "cfo")
    assert store.commission("2024-03") == [*ladder, CommissionRule(8, "2024-03", "grade", 0, 0.1)]
    store.set_commission(7, "2024-03", [], "cfo")
    assert [r.user_id for r in open_store().commission()] == [8]
    assert any(r.kind == "commission" for r in store.history())
