"""The emulator's answers against the official examples (tests/fixtures/official), shape for
shape: the same keys, nesting and JSON value types (numbers typed in crm.item.*, strings in
the old methods)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from emulator_http import call, request

from b24sync.demo import demo_snapshot
from b24sync.emulator import PortalEmulator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"


def official(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["response"]


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def assert_shape(actual: Any, expected: Any, path: str = "$") -> None:
    """Every key of ``expected`` is in ``actual`` with the same kind, recursively; a null on
    either side matches any kind (nullable fields such as ``closedDate``)."""
    if expected is None or actual is None:
        return
    assert kind(actual) == kind(expected), f"{path}: {kind(actual)} != {kind(expected)}"
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            assert_shape(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list) and expected and actual:
        assert_shape(actual[0], expected[0], f"{path}[0]")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with PortalEmulator(demo_snapshot(), limit=None) as emu:
        yield emu.url


def test_time_block_has_every_documented_key(url: str) -> None:
    body = call(url, "crm.item.list", {"entityTypeId": 2})
    assert set(body["time"]) == set(official("time.json")["time"])
    assert_shape(body["time"], official("time.json")["time"])
    assert body["time"]["finish"] >= body["time"]["start"]


def test_crm_item_list_leads(url: str) -> None:
    expected = official("crm.item.list.json")
    body = call(url, "crm.item.list", {"entityTypeId": 1})
    assert set(body) == set(expected) | {"next"}  # the demo has more than one page of leads
    assert_shape(body, expected)
    assert isinstance(body["result"]["items"][0]["id"], int)


def test_crm_item_list_deals_are_typed(url: str) -> None:
    item = call(url, "crm.item.list", {"entityTypeId": 2})["result"]["items"][0]
    assert isinstance(item["opportunity"], float)
    assert isinstance(item["assignedById"], int) and isinstance(item["categoryId"], int)
    assert item["closed"] in ("Y", "N") and isinstance(item["contactIds"], list)


@pytest.mark.parametrize("entity", [1, 2])
def test_stage_history(url: str, entity: int) -> None:
    expected = official("crm.stagehistory.list.json")
    body = call(url, "crm.stagehistory.list", {"entityTypeId": entity})
    row = body["result"]["items"][0]
    if entity == 1:  # leads carry STATUS_* instead of the deal's CATEGORY_ID/STAGE_*
        expected = json.loads(json.dumps(expected))
        item = expected["result"]["items"][0]
        for key in ("CATEGORY_ID", "STAGE_SEMANTIC_ID", "STAGE_ID"):
            del item[key]
        assert {"STATUS_ID", "STATUS_SEMANTIC_ID"} <= set(row)
    assert_shape(body, expected)


def test_activity_row_all_strings(url: str) -> None:
    body = call(url, "crm.activity.list", {"filter": {"PROVIDER_ID": "VOXIMPLANT_CALL"}})
    assert isinstance(body["result"], list)
    row = body["result"][0]
    assert_shape(row, official("crm.activity.list.row.json"))
    assert all(isinstance(v, str) for v in row.values())


def test_tasks_task_list(url: str) -> None:
    expected = official("tasks.task.list.json")
    body = call(url, "tasks.task.list", {"select": ["ID", "TITLE", "STATUS"]})
    assert set(body["result"]["tasks"][0]) == {"id", "title", "status"}
    body = call(url, "tasks.task.list", {})
    assert_shape(body, expected)
    task = body["result"]["tasks"][0]
    assert all(isinstance(v, str) for k, v in task.items() if k != "ufCrmTask" and v is not None)


def test_department_get(url: str) -> None:
    body = call(url, "department.get", {"PARENT": 1})
    assert_shape(body, official("department.get.json"))
    assert isinstance(body["result"][0]["SORT"], int)


def test_crm_category_list(url: str) -> None:
    body = call(url, "crm.category.list", {"entityTypeId": 2})
    assert_shape(body, official("crm.category.list.json"))
    assert body["result"]["categories"][0]["isDefault"] == "Y"


def test_crm_status_list_row(url: str) -> None:
    body = call(url, "crm.status.list", {"filter": {"ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "WON"}})
    (row,) = body["result"]
    assert_shape(row, official("crm.status.list.row.json"))
    assert row["SEMANTICS"] == "S" and row["CATEGORY_ID"] is None


def test_batch_success_shape(url: str) -> None:
    expected = official("batch.success.json")
    cmd = {
        "get_user": "user.get?ID=1",
        "get_department": "department.get?ID=$result[get_user][0][UF_DEPARTMENT][0]",
    }
    body = call(url, "batch", {"halt": 0, "cmd": cmd})
    result = body["result"]
    assert set(result) == set(expected["result"])
    assert result["result_error"] == [] and result["result_next"] == []
    assert result["result_total"] == {"get_user": 1, "get_department": 1}
    assert result["result"]["get_department"][0]["ID"] == "1"
    assert_shape(result["result"]["get_department"], expected["result"]["result"]["get_department"])
    assert_shape(result["result_time"], expected["result"]["result_time"] | {"get_department": {}})
    assert set(body["time"]) >= set(expected["time"])


def test_batch_error_shape() -> None:
    expected = official("batch.error.json")
    with PortalEmulator({"portal": {}}, limit=None, scopes={"crm"}) as emu:
        cmd = {"get_user": "user.get?ID=1", "get_department": "department.get?ID=1"}
        status, body, _ = request(emu.url, "batch", {"cmd": cmd})
    assert status == 200
    assert body["result"] == {**expected["result"], "result_error": body["result"]["result_error"]}
    assert set(body["result"]["result_error"]) == {"get_user", "get_department"}
    assert_shape(body["result"]["result_error"], expected["result"]["result_error"])


def test_error_body_shape(url: str) -> None:
    status, body, _ = request(url, "no.such.method", {})
    assert status == 404
    assert set(body) == set(official("error.json"))
    assert body["error"] == "ERROR_METHOD_NOT_FOUND"
