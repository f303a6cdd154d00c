"""``batch``: PHP-style command strings, ``$result[...]`` references, the ``[]``-when-empty
quirk of the ``result_*`` sections, the 50-command limit and the nested-batch ban."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from emulator_http import call, request

from b24sync.emulator import PortalEmulator
from b24sync.emulator.batch import parse_php_query, php_array

SNAPSHOT = {
    "portal": {"domain": "t.bitrix24.ru", "timezone": "Europe/Moscow"},
    "crm.item.list": {"2": [{"id": i, "title": f"D{i}"} for i in range(1, 131)]},
    "user.get": [{"ID": "1", "NAME": "Анна", "UF_DEPARTMENT": [2]}],
    "department.get": [{"ID": "2", "NAME": "Сочи", "SORT": 500}],
}
PAGE = "crm.item.list?entityTypeId=2&order[id]=ASC&select[0]=id&start=-1"


@pytest.fixture(scope="module")
def emulator() -> Iterator[PortalEmulator]:
    with PortalEmulator(SNAPSHOT, limit=None) as emu:
        yield emu


def test_php_query_strings() -> None:
    parsed = parse_php_query("filter%5B%3Eid%5D=10&select[0]=id&select[1]=title&order[id]=ASC")
    assert parsed == {"filter": {">id": "10"}, "select": ["id", "title"], "order": {"id": "ASC"}}
    assert parse_php_query("select[]=id&select[]=title&start=-1") == {
        "select": ["id", "title"],
        "start": "-1",
    }
    assert php_array({}) == [] and php_array({"0": 1, "1": 2}) == [1, 2]
    assert php_array({"a": 1}) == {"a": 1}


def test_pages_chained_by_references(emulator: PortalEmulator) -> None:
    cmd = {"p0": PAGE + "&filter[>id]=0"}
    for n in range(1, 4):
        cmd[f"p{n}"] = PAGE + f"&filter[>id]=$result[p{n - 1}][items][49][id]"
    result = call(emulator.url, "batch", {"cmd": cmd})["result"]
    pages = [[i["id"] for i in result["result"][f"p{n}"]["items"]] for n in range(3)]
    # 130 deals: 1..50, 51..100, 101..130; the third page is short, so p3's reference
    # ($result[p2][items][49][id]) does not exist and stays literal: an empty page
    assert pages == [list(range(1, 51)), list(range(51, 101)), list(range(101, 131))]
    assert result["result"]["p3"]["items"] == []
    assert result["result_total"] == {"p0": 0, "p1": 0, "p2": 0, "p3": 0}
    assert result["result_next"] == [] and result["result_error"] == []
    assert set(result["result_time"]) == {"p0", "p1", "p2", "p3"}


def test_list_commands_and_counted_pages(emulator: PortalEmulator) -> None:
    cmd = ["crm.item.list?entityTypeId=2", "user.get?ID=1"]
    result = call(emulator.url, "batch", {"cmd": cmd})["result"]
    assert isinstance(result["result"], list) and len(result["result"]) == 2
    assert result["result_total"] == [130, 1]
    assert result["result_next"] == [50]  # PHP: keys 0..n-1 make a JSON list


def test_errors_per_command_and_halt(emulator: PortalEmulator) -> None:
    cmd = {
        "a": "user.get?ID=1",
        "b": "no.such",
        "c": "batch?cmd[x]=server.time",
        "d": "server.time",
    }
    result = call(emulator.url, "batch", {"halt": 0, "cmd": cmd})["result"]
    assert set(result["result"]) == {"a", "d"}
    assert result["result_error"]["b"]["error"] == "ERROR_METHOD_NOT_FOUND"
    assert result["result_error"]["c"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"
    halted = call(emulator.url, "batch", {"halt": 1, "cmd": cmd})["result"]
    assert set(halted["result"]) == {"a"} and set(halted["result_error"]) == {"b"}


def test_more_than_fifty_commands_is_refused(emulator: PortalEmulator) -> None:
    status, body, _ = request(emulator.url, "batch", {"cmd": ["server.time"] * 51})
    assert status == 400 and body["error"] == "ERROR_BATCH_LENGTH_EXCEEDED"
    status, body, _ = request(emulator.url, "batch", {"cmd": ["server.time"] * 50})
    assert status == 200 and len(body["result"]["result"]) == 50


def test_a_batch_is_one_request_for_the_bucket() -> None:
    with PortalEmulator(SNAPSHOT, limit=(2, 0.001)) as emu:
        for _ in range(2):
            status, body, _ = request(emu.url, "batch", {"cmd": ["server.time"] * 50})
            assert status == 200 and len(body["result"]["result"]) == 50
        status, body, _ = request(emu.url, "batch", {"cmd": ["server.time"]})
        assert status == 503 and body["error"] == "QUERY_LIMIT_EXCEEDED"
        assert emu.request_count == 3
