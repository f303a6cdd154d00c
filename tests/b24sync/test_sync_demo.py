"""The demo portal (scale 1) synced through HTTP equals its snapshot, record for record."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from b24sync.client import Client
from b24sync.demo import demo_snapshot
from b24sync.emulator import PortalEmulator
from b24sync.entities import ENTITIES
from b24sync.frames import frames_from_snapshot
from b24sync.store import Store, export_snapshot, load_frames
from b24sync.sync import sync_store


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    source = demo_snapshot(1)
    path = tmp_path_factory.mktemp("demo") / "store.sqlite"
    with PortalEmulator(source, limit=(50, 2.0)) as emu, Client(emu.url) as client:
        result = sync_store(path, client, portal=source["portal"])
        again = sync_store(path, client, portal=source["portal"])
    return source, path, result, again


def _key(record) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _records(snapshot, entity):
    value = snapshot[entity.method]
    return value[entity.snapshot_type] if entity.snapshot_type is not None else value


def test_every_record_equals_the_source(synced) -> None:
    source, path, _, _ = synced
    got = export_snapshot(path)
    assert got["portal"] == {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}
    for entity in ENTITIES:
        mine, theirs = _records(got, entity), _records(source, entity)
        if entity.kind == "reference":  # kept in the portal's answer order
            assert sorted(map(_key, mine)) == sorted(map(_key, theirs)), entity.name
        else:
            assert len(mine) == len(theirs), entity.name
            assert mine == sorted(theirs, key=entity.record_id), entity.name


def test_request_budget_of_a_full_and_an_unchanged_sync(synced) -> None:
    source, _, result, again = synced
    sizes = [len(_records(source, e)) for e in ENTITIES]
    assert result.rows == {e.name: n for e, n in zip(ENTITIES, sizes, strict=True)}
    assert result.requests <= 1.2 * sum(math.ceil(n / 2500) for n in sizes) + len(ENTITIES)
    assert again.requests <= 2


def test_load_frames_equals_the_conversion_of_the_source(synced) -> None:
    source, path, _, _ = synced
    frames = load_frames(path)
    expected = frames_from_snapshot(source)
    for name, frame in expected.frames.items():
        mine = frames[name].sort_values(list(frame.columns[:2])).reset_index(drop=True)
        theirs = frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs, check_like=True, obj=name)
    assert frames.portal.domain == "demo.bitrix24.ru"
    assert frames.portal.last_sync is not None
    with Store(path) as store:
        assert frames.revision == store.revision() != ""
