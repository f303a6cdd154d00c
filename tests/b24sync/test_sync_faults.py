"""Sync under faults and bad input: retries end identical; refusals leave the store untouched."""

from __future__ import annotations

import pytest
from sync_portal import by_id, small_snapshot

from b24sync.client import Client
from b24sync.emulator import PortalEmulator
from b24sync.errors import ApiError, B24Error, StoreError
from b24sync.store import Store, export_snapshot
from b24sync.sync import locked, sync_store


def test_faults_and_a_tight_limit_still_end_with_identical_rows(tmp_path) -> None:
    snap = small_snapshot()
    path = tmp_path / "s.sqlite"
    emu = PortalEmulator(snap, limit=(5, 2.0), fault_rate=0.3, seed=7, slow_s=0.05)
    with emu, Client(emu.start(), rate_limit=(5, 2.0)) as client:
        sync_store(path, client, portal=snap["portal"])
        assert client.retries > 0  # faults did happen and were retried
    got = export_snapshot(path)
    assert by_id(got["crm.item.list"]["2"], "id") == by_id(snap["crm.item.list"]["2"], "id")
    assert by_id(got["crm.activity.list"], "ID") == by_id(snap["crm.activity.list"], "ID")
    assert by_id(got["tasks.task.list"], "id") == by_id(snap["tasks.task.list"], "id")
    assert got["crm.status.list"] == snap["crm.status.list"]


def _refused(emu: PortalEmulator, path, url: str | None = None) -> B24Error:
    client = Client(url or emu.url, rate_limit=(1000, 1000.0), max_retries=0)
    with client, pytest.raises(B24Error) as info:
        sync_store(path, client, portal=emu.snapshot["portal"])
    return info.value


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"scopes": ["crm", "task", "department", "sonet_group"]}, "user"),  # no user scope
        ({"overload": True}, "OVERLOAD"),
    ],
)
def test_refusals_leave_a_new_store_uncreated(tmp_path, options, needle) -> None:
    path = tmp_path / "new.sqlite"
    with PortalEmulator(small_snapshot(), limit=None, **options) as emu:
        error = _refused(emu, path)
    assert needle.lower() in (error.en + getattr(error, "code", "")).lower()
    assert "\n" not in error.en and "\n" not in error.ru
    assert not path.exists()


def test_a_wrong_code_leaves_an_existing_store_untouched(tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    snap = small_snapshot()
    with PortalEmulator(snap, limit=None) as emu:
        with Client(emu.url, rate_limit=(1000, 1000.0)) as client:
            sync_store(path, client, portal=snap["portal"])
        before, rev = export_snapshot(path), Store(path).revision()
        emu.mutations.update_deal(1, title="changed on the portal")
        wrong = emu.url.replace(emu.code, "wrongcode")
        error = _refused(emu, path, wrong)
    assert isinstance(error, ApiError) and error.status == 401
    assert "b24xl connect" in error.en and emu.code not in error.en + error.ru
    assert export_snapshot(path) == before and Store(path).revision() == rev


def test_an_unwritable_store_path_fails_before_any_request(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with PortalEmulator(small_snapshot(), limit=None) as emu:
        with Client(emu.url) as client, pytest.raises(StoreError) as info:
            sync_store(blocker / "s.sqlite", client)
        assert emu.request_count == 0
    assert "--store" in info.value.en and "--store" in info.value.ru


def test_a_second_sync_on_the_same_store_is_refused(tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    with PortalEmulator(small_snapshot(), limit=None) as emu, locked(path):
        with Client(emu.url) as client, pytest.raises(StoreError) as info:
            sync_store(path, client)
        assert emu.request_count == 0
    assert "another sync" in info.value.en and "\n" not in info.value.en
