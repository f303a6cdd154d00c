"""Changes made between syncs are visible in later list calls, stamped like the portal
stamps them, with stage history appended for every move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from emulator_http import call

from b24sync.emulator import PortalEmulator

STAGES = [
    {"ID": "1", "ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "NEW", "SEMANTICS": None},
    {"ID": "2", "ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "WON", "SEMANTICS": "S"},
    {"ID": "3", "ENTITY_ID": "DEAL_STAGE_1", "STATUS_ID": "C1:NEW", "SEMANTICS": None},
    {"ID": "4", "ENTITY_ID": "DEAL_STAGE_1", "STATUS_ID": "C1:LOSE", "SEMANTICS": "F"},
    {"ID": "5", "ENTITY_ID": "STATUS", "STATUS_ID": "JUNK", "SEMANTICS": "F"},
]
OLD = "2024-01-01T10:00:00+03:00"
DEAL = {"categoryId": 0, "stageId": "NEW", "stageSemanticId": "P", "createdTime": OLD,
        "updatedTime": OLD}  # fmt: skip
SNAPSHOT = {
    "portal": {"domain": "t.bitrix24.ru", "timezone": "Europe/Moscow"},
    "crm.status.list": STAGES,
    "crm.item.list": {
        "2": [
            {
                "id": i,
                "title": f"D{i}",
                "categoryId": 0,
                "stageId": "NEW",
                "stageSemanticId": "P",
                "createdTime": OLD,
                "updatedTime": OLD,
            }
            for i in (3, 8)
        ],
        "1": [
            {"id": 4, "title": "L4", "stageId": "NEW", "stageSemanticId": "P", "updatedTime": OLD}
        ],
    },
    "crm.stagehistory.list": {"2": [{"ID": 10, "TYPE_ID": 1, "OWNER_ID": 3}]},
    "crm.activity.list": [{"ID": "5", "OWNER_ID": "3", "COMPLETED": "N", "LAST_UPDATED": OLD}],
    "tasks.task.list": [{"id": "2", "status": "2", "changedDate": OLD}],
}
NOW = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


@pytest.fixture
def emulator() -> Iterator[PortalEmulator]:
    with PortalEmulator(SNAPSHOT, limit=None, clock=lambda: NOW) as emu:
        yield emu


def changed_deals(emu: PortalEmulator) -> list[dict]:
    flt = {">=updatedTime": "2024-01-15T00:00:00+03:00"}
    return call(emu.url, "crm.item.list", {"entityTypeId": 2, "filter": flt})["result"]["items"]


def history(emu: PortalEmulator, entity: int = 2) -> list[dict]:
    body = call(emu.url, "crm.stagehistory.list", {"entityTypeId": entity, "filter": {">ID": 10}})
    return body["result"]["items"]


def test_added_deal_gets_a_fresh_id_stamps_and_creation_history(emulator: PortalEmulator) -> None:
    assert changed_deals(emulator) == []
    new_id = emulator.mutations.add_deal(title="Новая", opportunity=1500.0)
    assert new_id == 9  # above the largest id in use (8)
    (deal,) = changed_deals(emulator)
    assert deal["id"] == 9 and deal["opportunity"] == 1500.0 and deal["stageId"] == "NEW"
    assert deal["createdTime"] == deal["updatedTime"] == "2024-02-01T12:00:00+03:00"
    assert history(emulator) == [
        {"ID": 11, "TYPE_ID": 1, "OWNER_ID": 9, "CREATED_TIME": "2024-02-01T12:00:00+03:00",
         "CATEGORY_ID": 0, "STAGE_SEMANTIC_ID": "P", "STAGE_ID": "NEW"}
    ]  # fmt: skip


def test_stage_moves_append_history(emulator: PortalEmulator) -> None:
    emulator.mutations.move_deal_stage(3, "WON", at="2024-01-20T15:00:00+03:00")
    emulator.mutations.move_deal_stage(8, "C1:NEW", at="2024-01-21T15:00:00+03:00", category_id=1)
    emulator.mutations.update_deal(8, at="2024-01-22T15:00:00+03:00", stageId="C1:LOSE")
    deals = {d["id"]: d for d in changed_deals(emulator)}
    assert (deals[3]["stageSemanticId"], deals[3]["closed"]) == ("S", "Y")
    assert deals[3]["updatedTime"] == "2024-01-20T15:00:00+03:00"
    assert (deals[8]["categoryId"], deals[8]["stageSemanticId"]) == (1, "F")
    moves = [
        (h["OWNER_ID"], h["TYPE_ID"], h["STAGE_ID"], h["STAGE_SEMANTIC_ID"])
        for h in history(emulator)
    ]
    # 3 final (to WON), 5 pipeline change, 3 final (to a lost stage)
    assert moves == [(3, 3, "WON", "S"), (8, 5, "C1:NEW", "P"), (8, 3, "C1:LOSE", "F")]


def test_field_update_and_lead_status(emulator: PortalEmulator) -> None:
    emulator.mutations.update_deal(8, opportunity=99.5)
    (deal,) = changed_deals(emulator)
    assert deal["opportunity"] == 99.5 and deal["updatedTime"] == "2024-02-01T12:00:00+03:00"
    assert history(emulator) == []  # no move, no history
    emulator.mutations.update_lead(4, stageId="JUNK")
    lead = call(emulator.url, "crm.item.list", {"entityTypeId": 1})["result"]["items"][0]
    assert (lead["stageId"], lead["stageSemanticId"]) == ("JUNK", "F")
    (row,) = call(emulator.url, "crm.stagehistory.list", {"entityTypeId": 1})["result"]["items"]
    assert (row["TYPE_ID"], row["STATUS_ID"], row["STATUS_SEMANTIC_ID"]) == (3, "JUNK", "F")


def test_activities_tasks_and_deletions(emulator: PortalEmulator) -> None:
    emulator.mutations.update_activity(5, COMPLETED="Y")
    new_activity = emulator.mutations.add_activity(OWNER_ID=8, OWNER_TYPE_ID=2, TYPE_ID=2)
    flt = {">=LAST_UPDATED": "2024-02-01T00:00:00+03:00"}
    rows = call(emulator.url, "crm.activity.list", {"filter": flt})["result"]
    assert [(r["ID"], r.get("COMPLETED")) for r in rows] == [("5", "Y"), (str(new_activity), None)]
    assert rows[1]["OWNER_ID"] == "8" and rows[1]["TYPE_ID"] == "2"  # strings, as sent
    emulator.mutations.update_task(2, status=5, closedDate="2024-02-01T11:00:00+03:00")
    task = call(emulator.url, "tasks.task.list", {"filter": {"ID": 2}})["result"]["tasks"][0]
    assert task["status"] == "5" and task["changedDate"] == "2024-02-01T12:00:00+03:00"
    emulator.mutations.delete("deal", 3)
    emulator.mutations.delete("activity", 5)
    ids = [
        d["id"] for d in call(emulator.url, "crm.item.list", {"entityTypeId": 2})["result"]["items"]
    ]
    assert ids == [8]
    assert [r["ID"] for r in call(emulator.url, "crm.activity.list")["result"]] == [
        str(new_activity)
    ]
    assert [d["id"] for d in emulator.snapshot["crm.item.list"]["2"]] == [8]
    with pytest.raises(KeyError):
        emulator.mutations.delete("deal", 3)
