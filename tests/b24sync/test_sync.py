"""Sync through HTTP against the portal emulator: equality, increments, deletions, requests."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from sync_portal import MSK, by_id, small_snapshot

from b24sync.client import Client
from b24sync.emulator import PortalEmulator
from b24sync.entities import BY_NAME, ENTITIES
from b24sync.store import Store, export_snapshot
from b24sync.sync import sync_store


class Clock:
    """The emulator's "now", moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 10, 12, 0, tzinfo=MSK)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def portal():
    clock = Clock()
    snap = small_snapshot()
    with PortalEmulator(snap, limit=None, clock=clock) as emu:
        emu.clock_control = clock  # type: ignore[attr-defined]
        yield emu


def run(emu: PortalEmulator, path, **options):
    with Client(emu.url, rate_limit=(1000, 1000.0)) as client:
        return sync_store(path, client, portal=emu.snapshot["portal"], **options)


def assert_same(store_path, emu: PortalEmulator) -> None:
    got, src = export_snapshot(store_path), emu.snapshot
    assert got["portal"] == src["portal"]
    for entity in ENTITIES:
        mine, theirs = got[entity.method], src[entity.method]
        if entity.snapshot_type is not None:
            mine, theirs = mine[entity.snapshot_type], theirs.get(entity.snapshot_type, [])
        if entity.kind == "reference":  # the portal's order
            assert sorted(map(repr, mine)) == sorted(map(repr, theirs)), entity.name
        else:
            assert by_id(mine, entity.row_id) == by_id(theirs, entity.row_id), entity.name


def test_a_snapshot_synced_through_http_equals_the_snapshot(portal, tmp_path) -> None:
    result = run(portal, tmp_path / "s.sqlite")
    assert_same(tmp_path / "s.sqlite", portal)
    # rows fetched = the snapshot's sizes (sync_portal's docstring)
    assert result.rows["deals"] == 130 and result.rows["statuses"] == 60
    assert result.rows["deal_stage_history"] == 120 and result.rows["tasks"] == 55


def test_full_sync_requests_stay_within_the_budget(portal, tmp_path) -> None:
    result = run(portal, tmp_path / "s.sqlite")
    # every entity here has < 2500 rows: sum(ceil(rows/2500)) = 12 entities * 1
    sizes = result.rows.values()
    budget = 1.2 * sum(math.ceil(n / 2500) for n in sizes) + len(ENTITIES)
    assert result.requests <= budget
    assert portal.request_count == result.requests  # the client counts what the server saw


def test_a_sync_with_nothing_changed_makes_at_most_two_requests(portal, tmp_path) -> None:
    run(portal, tmp_path / "s.sqlite")
    before = portal.request_count
    rev = Store(tmp_path / "s.sqlite").revision()
    result = run(portal, tmp_path / "s.sqlite")
    # one opening batch + one more page of the 60 statuses
    assert result.requests == portal.request_count - before <= 2
    assert Store(tmp_path / "s.sqlite").revision() == rev  # nothing changed, same revision


def test_added_changed_and_deleted_records_follow_the_portal(portal, tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    run(portal, path)
    clock = portal.clock_control
    clock.now += timedelta(hours=1)
    m = portal.mutations
    new_deal = m.add_deal(title="Новая сделка", opportunity=5000.0)
    m.update_deal(7, title="Сделка 7 изменена")
    m.update_task(3, title="Задача 3 изменена")
    m.update_activity(5, SUBJECT="Звонок")
    m.delete("deal", 9)
    m.delete("task", 4)
    result = run(portal, path)
    assert not result.reconciled  # the last reconciliation is an hour old
    deals = by_id(export_snapshot(path)["crm.item.list"]["2"], "id")
    assert deals[new_deal]["title"] == "Новая сделка"
    assert deals[7]["title"] == "Сделка 7 изменена"
    assert 9 in deals  # deletions are invisible until the next reconciliation
    result = run(portal, path, reconcile=True)
    assert result.reconciled and result.deleted["deals"] == 1 and result.deleted["tasks"] == 1
    assert_same(path, portal)


def test_reconciliation_runs_by_itself_once_a_day(portal, tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    run(portal, path)
    portal.mutations.delete("lead", 3)
    clock = portal.clock_control
    clock.now += timedelta(hours=23)
    assert not run(portal, path).reconciled
    clock.now += timedelta(hours=2)  # 25 h after the first (complete) export
    assert run(portal, path).reconciled
    assert 3 not in by_id(export_snapshot(path)["crm.item.list"]["1"], "id")
    assert_same(path, portal)


def test_an_interrupted_sync_resumes_and_ends_identical(portal, tmp_path) -> None:
    path = tmp_path / "s.sqlite"

    class Dying(Client):
        """Fails for good after a few requests, as a dropped connection would."""

        def _send(self, method, body, *, reading):
            if self.requests_made >= 3:
                raise ConnectionError("gone")
            return super()._send(method, body, reading=reading)

    with Dying(portal.url, rate_limit=(1000, 1000.0)) as client, pytest.raises(ConnectionError):
        sync_store(path, client, portal=portal.snapshot["portal"])
    with Store(path) as store:
        saved = store.count(BY_NAME["deals"]) + store.count(BY_NAME["leads"])
        assert saved > 0  # pages already committed stay readable
    run(portal, path)
    assert_same(path, portal)


def test_append_only_history_reads_only_new_ids(portal, tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    run(portal, path)
    portal.clock_control.now += timedelta(minutes=5)
    portal.mutations.move_deal_stage(11, "WON")
    result = run(portal, path)
    # the move appends one history row and changes the deal
    assert result.rows["deal_stage_history"] == 1
    assert_same(path, portal)
