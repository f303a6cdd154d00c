"""export() over a scripted portal: probe call, chained batches, per-command failures."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from scripted_portal import FakeClock, Reply, Seen, ok, portal

from b24sync.client import Client
from b24sync.errors import BrokenResponseError, ScopeError

IDS = list(range(1, 131))  # 130 deals: pages of 50, 50, 30


def page_after(after: int) -> dict[str, Any]:
    return {"items": [{"id": i} for i in IDS if i > after][:50]}


def ref_value(value: str, results: dict[str, Any]) -> int:
    match = re.fullmatch(r"\$result\[(\w+)\]\[items\]\[49\]\[id\]", value)
    if not match:
        return int(value)
    items = results.get(match.group(1), {}).get("items", [])
    return int(items[49]["id"]) if len(items) == 50 else 0  # unresolved: no filter at all


class Script:
    """Answers plain calls and batches; ``fail`` maps a batch command key to an error once."""

    def __init__(self, fail: dict[str, dict[str, str]] | None = None) -> None:
        self.fail = dict(fail or {})

    def __call__(self, seen: Seen) -> Reply:
        if seen.method != "batch":
            return ok(page_after(int(seen.body["filter"][">id"])))
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, command in seen.body["cmd"].items():
            if key in self.fail:
                errors[key] = self.fail.pop(key)
                if seen.body["halt"]:
                    break
                continue
            query = dict(parse_qsl(command.split("?", 1)[1]))
            results[key] = page_after(ref_value(query["filter[>id]"], results))
        body: dict[str, Any] = {"result": results or [], "result_error": errors or []}
        return Reply(200, {"result": body, "time": {}})


def run(script: Script, **kw: Any) -> tuple[list[list[int]], Client, list[Seen], FakeClock]:
    clock = FakeClock()
    with portal(script) as server, Client(server.url, clock=clock.time, sleep=clock.sleep) as c:
        pages = [[r["id"] for r in page] for page in c.export("crm.item.list", {}, **kw)]
    return pages, c, server.seen, clock


def test_probe_then_one_batch() -> None:
    pages, client, seen, _ = run(Script())
    assert pages == [IDS[:50], IDS[50:100], IDS[100:]]
    assert [s.method for s in seen] == ["crm.item.list", "batch"]
    assert seen[0].body == {"filter": {">id": 0}, "order": {"id": "ASC"}, "start": -1}
    assert seen[1].body["halt"] == 1 and len(seen[1].body["cmd"]) == 50
    assert client.requests_made == 2


def test_without_probe_the_first_request_is_a_batch() -> None:
    pages, client, seen, _ = run(Script(), probe=False, pages_per_request=2)
    assert pages == [IDS[:50], IDS[50:100], IDS[100:]]
    assert [s.method for s in seen] == ["batch", "batch"]  # pages 1-2, then page 3
    assert client.requests_made == 2


def test_retryable_command_error_resumes_after_the_last_id() -> None:
    limit = {"error": "OPERATION_TIME_LIMIT", "error_description": "blocked"}
    pages, _, seen, clock = run(Script({"p1": limit}), probe=False)
    assert pages == [IDS[:50], IDS[50:100], IDS[100:]]  # nothing lost, nothing twice
    assert [s.method for s in seen] == ["batch", "batch"]
    second = dict(parse_qsl(seen[1].body["cmd"]["p0"].split("?", 1)[1]))
    assert second["filter[>id]"] == "50"  # resumed after page 1
    assert clock.sleeps == []  # progress was made: resume at once, no wait


def test_retryable_error_on_the_first_command_waits() -> None:
    limit = {"error": "OPERATION_TIME_LIMIT", "error_description": "blocked"}
    pages, client, seen, clock = run(Script({"p0": limit}), probe=False)
    assert pages == [IDS[:50], IDS[50:100], IDS[100:]]
    assert [s.method for s in seen] == ["batch", "batch"]
    assert len(clock.sleeps) == 1 and client.retries == 1


def test_non_retryable_command_error_is_raised() -> None:
    scope = {"error": "insufficient_scope", "error_description": ""}
    clock = FakeClock()
    with (
        portal(Script({"p0": scope})) as server,
        Client(server.url, sleep=clock.sleep) as c,
        pytest.raises(ScopeError) as info,
    ):
        list(c.export("crm.item.list", {}, probe=False))
    assert info.value.command == "p0" and info.value.scope == "crm"


def test_a_page_going_backwards_is_caught() -> None:
    def script(seen: Seen) -> Reply:
        return ok({"items": [{"id": i} for i in range(1, 51)]})  # ignores the filter

    clock = FakeClock()
    with portal(script) as server, Client(server.url, sleep=clock.sleep, max_retries=0) as c:
        export = c.export("crm.item.list", {})
        assert len(next(export)) == 50
        with pytest.raises(BrokenResponseError):
            next(export)
