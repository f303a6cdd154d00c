"""The client against the portal emulator: fast export, faults, limits, refusals, a move."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

from b24sync.client import Client
from b24sync.demo import demo_snapshot
from b24sync.emulator import PortalEmulator
from b24sync.errors import AuthError, OverloadError, ScopeError


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return demo_snapshot()


def quick_sleep(seconds: float) -> None:
    """Real but short back-off waits (the bucket still re-checks the real clock)."""
    time.sleep(min(seconds, 0.05))


def difference(got: list[Any], want: list[Any]) -> str | None:
    """None when equal; else a short note (a plain == on 5,000 dicts makes pytest's diff huge)."""
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}"
    index = next((i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b), None)
    return None if index is None else f"row {index}: {got[index]!r:.300} != {want[index]!r:.300}"


def export_all(client: Client, method: str, params: dict[str, Any], **kw: Any) -> list[dict]:
    return [row for page in client.export(method, params, **kw) for row in page]


def test_export_of_the_demo_deals_equals_the_snapshot(demo: dict[str, Any]) -> None:
    deals = demo["crm.item.list"]["2"]
    with PortalEmulator(demo) as emu, Client(emu.url) as client:
        rows = export_all(client, "crm.item.list", {"entityTypeId": 2, "select": ["*"]})
        made, seen = client.requests_made, emu.request_count
    assert difference(rows, sorted(deals, key=lambda r: r["id"])) is None  # in id order
    pages = len(deals) // 50 + 1  # 100 full pages + the empty one that ends the export
    assert made == seen == 1 + math.ceil((pages - 1) / 50)  # one probe call, then batches


def test_export_of_each_rows_path(demo: dict[str, Any]) -> None:
    history = demo["crm.stagehistory.list"]["2"]
    tasks = demo["tasks.task.list"]
    with PortalEmulator(demo) as emu, Client(emu.url) as client:
        got_history = export_all(
            client, "crm.stagehistory.list", {"entityTypeId": 2}, id_key="ID", rows_path="items"
        )
        got_tasks = export_all(
            client,
            "tasks.task.list",
            {"select": ["ID", "TITLE"]},
            id_key="ID",
            row_id="id",
            rows_path="tasks",
        )
        got_users = export_all(client, "user.get", {}, id_key="ID", rows_path="")
    want_history = sorted(int(r["ID"]) for r in history)
    assert difference([int(r["ID"]) for r in got_history], want_history) is None
    want_tasks = sorted(int(t["id"]) for t in tasks)
    assert difference([int(r["id"]) for r in got_tasks], want_tasks) is None
    assert difference([r["ID"] for r in got_users], [u["ID"] for u in demo["user.get"]]) is None


def test_export_survives_faults_and_a_tight_limit(demo: dict[str, Any]) -> None:
    deals = demo["crm.item.list"]["2"]
    with (
        PortalEmulator(demo, limit=(5, 2.0), fault_rate=0.3, seed=11, slow_s=0.05) as emu,
        Client(emu.url, rate_limit=(5, 2.0), sleep=quick_sleep, max_retries=12) as client,
    ):
        params = {"entityTypeId": 2}
        ids = [r["id"] for r in export_all(client, "crm.item.list", params, pages_per_request=10)]
        assert client.requests_made == emu.request_count
        assert client.retries > 0  # faults did happen and were absorbed
    assert difference(ids, sorted(r["id"] for r in deals)) is None  # every id once, in order


def test_refusals_from_the_emulator(demo: dict[str, Any]) -> None:
    with PortalEmulator(demo, code="rightcode") as emu:
        wrong = emu.url.replace("rightcode", "wrongcode")
        with Client(wrong) as client, pytest.raises(AuthError) as info:
            client.call("crm.item.list", {"entityTypeId": 2})
    assert "wrongcode" not in info.value.en and "b24xl connect" in info.value.en
    with PortalEmulator(demo, scopes={"crm", "user"}) as emu, Client(emu.url) as client:
        with pytest.raises(ScopeError) as scope:
            client.call("tasks.task.list", {})
        assert scope.value.scope == "task"
        with pytest.raises(ScopeError):
            client.batch(
                {"t": ("tasks.task.list", {}), "d": ("crm.item.list", {"entityTypeId": 2})}
            )
    with PortalEmulator(demo, overload=True) as emu, Client(emu.url) as client:
        with pytest.raises(OverloadError):
            client.call("server.time")
        assert client.requests_made == 1


def test_domain_change_is_followed(demo: dict[str, Any]) -> None:
    with PortalEmulator(demo, code="samecode") as new:
        target = new.url.split("/rest/")[0]
        with (
            PortalEmulator(demo, code="samecode", redirect_to=target) as old,
            Client(old.url) as client,
        ):
            first = client.call("server.time")
            rows = export_all(client, "crm.item.list", {"entityTypeId": 1, "select": ["id"]})
            assert client.portal == target
            assert old.request_count == 1 and new.request_count == client.requests_made - 1
    assert "result" in first
    assert len(rows) == len(demo["crm.item.list"]["1"])
