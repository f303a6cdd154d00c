"""``b24sync.frames.frames_from_snapshot``: raw API records -> the frames contract."""

from __future__ import annotations

import pandas as pd
from metrics_fixture import snapshot

from b24sync.frames import frames_from_snapshot
from metrics.frames import FRAME_COLUMNS, PortalFrames


def test_every_frame_has_its_columns_and_types(small: PortalFrames) -> None:
    for name, columns in FRAME_COLUMNS.items():
        assert set(columns) <= set(small[name].columns), name
    deals = small["deals"]
    assert deals["id"].dtype == "int64" and deals["opportunity"].dtype == "float64"
    assert (
        str(deals["created_time"].dtype).startswith("datetime64")
        and str(deals["created_time"].dt.tz) == "UTC"
    )


def test_offsets_become_instants(small: PortalFrames) -> None:
    deals = small["deals"].set_index("id")
    # "2024-03-31T23:30:00+03:00" and "2024-03-31T21:30:00+00:00" are 1 h apart, not 2 days
    assert deals.loc[7, "created_time"] == pd.Timestamp("2024-03-31T20:30:00Z")
    assert deals.loc[8, "created_time"] == pd.Timestamp("2024-03-31T21:30:00Z")
    assert pd.isna(deals.loc[1, "closedate"])


def test_ids_semantics_flags(small: PortalFrames) -> None:
    history = small["stage_history"]
    assert history["id"].dtype == "int64" and history["owner_id"].dtype == "int64"
    deal4 = history[(history["entity_type_id"] == 2) & (history["owner_id"] == 4)]
    assert deal4["stage_semantic_id"].tolist() == ["P", "S", "P"]  # "" -> P
    deals = small["deals"].set_index("id")
    assert deals.loc[8, "stage_semantic_id"] == "P"  # None -> P
    leads = history[history["entity_type_id"] == 1]
    assert leads["stage_id"].tolist() == ["NEW", "CONVERTED"]  # STATUS_ID of leads
    acts = small["activities"].set_index("id")
    assert bool(acts.loc[8, "completed"]) is False and acts.loc[3, "direction"] == 2
    statuses = small["statuses"]
    assert set(statuses["semantics"]) == {"P", "S", "F"}
    assert small["users"].set_index("id").loc[12, "active"] == False  # noqa: E712


def test_user_departments_and_custom_fields(small: PortalFrames) -> None:
    pairs = small["user_departments"]
    assert sorted(map(tuple, pairs.to_numpy().tolist())) == [(10, 3), (11, 4), (12, 2), (13, 1)]
    deals = small["deals"].set_index("id")
    assert deals["ufCrm_GP"].dtype == "float64" and deals.loc[2, "ufCrm_GP"] == 10_000
    assert deals.loc[1, "ufCrm_CITY"] == "Сочи"
    assert small["departments"].set_index("id").loc[1, "parent"] == 0


def test_empty_snapshot_gives_empty_frames() -> None:
    frames = frames_from_snapshot({"portal": {"domain": "x", "timezone": "UTC"}})
    assert all(len(frames[name]) == 0 for name in FRAME_COLUMNS)


def test_revision_and_last_sync() -> None:
    snap = snapshot()
    snap["portal"]["last_sync"] = "2024-04-10T12:00:00+03:00"
    frames = frames_from_snapshot(snap, revision="r9")
    assert frames.revision == "r9"
    assert frames.portal.last_sync == pd.Timestamp("2024-04-10T09:00:00Z")
