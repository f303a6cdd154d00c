"""The UDFs' store cache: loaded once per revision, reloaded when the store's data changes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from addin_portal import snapshot, sync_snapshot

import b24sync.store
from addin import context, udfs


@pytest.fixture
def own_store(portal_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "store.sqlite"
    shutil.copyfile(portal_store, store)
    monkeypatch.setenv("B24XL_STORE", str(store))
    context.CACHE.clear()
    return store


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    loads: list[Path] = []
    real = b24sync.store.load_frames

    def counting(path: Path) -> object:
        loads.append(Path(path))
        return real(path)

    monkeypatch.setattr(b24sync.store, "load_frames", counting)
    return loads


def test_frames_load_once_for_many_cells(own_store: Path, monkeypatch) -> None:
    loads = count_loads(monkeypatch)
    values = [udfs.B24_CREATED("all", f"2024-{m:02d}") for m in (1, 2, 3)] * 50
    assert values[:3] == [1, 1, 4]  # deals 5 / 3 / 1, 2, 4, 6 by creation month
    assert loads == [own_store]


def test_new_data_reloads_same_data_does_not(own_store: Path, monkeypatch) -> None:
    loads = count_loads(monkeypatch)
    assert udfs.B24_CREATED("all", "2024-03") == 4
    bigger = snapshot()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")  # changed just now
    extra = dict(bigger["crm.item.list"]["2"][0], id=7, title="Сделка 7", updatedTime=now)
    bigger["crm.item.list"]["2"].append(extra)  # one more deal created 2024-03-05
    sync_snapshot(bigger, own_store)
    assert udfs.B24_CREATED("all", "2024-03") == 5
    assert len(loads) == 2
    sync_snapshot(bigger, own_store)  # nothing new: the file changes, the revision does not
    assert udfs.B24_CREATED("all", "2024-03") == 5
    assert len(loads) == 2


def test_each_store_path_has_its_own_entry(own_store: Path, tmp_path: Path) -> None:
    cache = context.ContextCache()
    first = cache.get(own_store)
    assert cache.get(own_store) is first
    other = tmp_path / "other.sqlite"
    shutil.copyfile(own_store, other)
    assert cache.get(other) is not first
