"""The paginators: fast export by id (chained through ``$result``) and offset paging."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest

from b24sync.batch import build_cmd
from b24sync.errors import BrokenResponseError
from b24sync.paging import IdPaginator, OffsetPaginator, id_order, rows_at


def test_rows_at_each_documented_wrapper() -> None:
    assert rows_at({"items": [{"id": 1}]}, "items") == [{"id": 1}]
    assert rows_at([{"ID": "1"}], "") == [{"ID": "1"}]
    assert rows_at({"tasks": [{"id": "7"}]}, "tasks") == [{"id": "7"}]
    assert rows_at([], "items") == []  # PHP's empty object
    assert rows_at({}, "") == []
    assert rows_at({"0": {"ID": "1"}, "1": {"ID": "2"}}, "") == [{"ID": "1"}, {"ID": "2"}]
    with pytest.raises(BrokenResponseError):
        rows_at({"items": "x"}, "items")
    with pytest.raises(BrokenResponseError):
        rows_at("x", "items")


def test_id_order_compares_numbers_not_text() -> None:
    assert id_order("10") > id_order("9")
    assert id_order(10) == id_order("10")


def test_first_request_follows_the_docs() -> None:
    pager = IdPaginator({"entityTypeId": 2, "select": ["id"], "filter": {"=categoryId": 1}})
    assert pager.next_params() == {
        "entityTypeId": 2,
        "select": ["id"],
        "filter": {"=categoryId": 1, ">id": 0},
        "order": {"id": "ASC"},
        "start": -1,
    }


def test_upper_keys_for_tasks_and_top_level_filter() -> None:
    tasks = IdPaginator({"select": ["ID"]}, id_key="ID", row_id="id", rows_path="tasks")
    assert tasks.next_params()["filter"] == {">ID": 0}
    assert tasks.next_params()["order"] == {"ID": "ASC"}
    tasks.update([{"id": "3"}])
    assert tasks.last_id == "3" and not tasks.has_next
    users = IdPaginator(
        {"sort": "ID", "order": "ASC"}, id_key="ID", rows_path="", filter_key=None, order_key=None
    )
    assert users.next_params() == {"sort": "ID", "order": "ASC", ">ID": 0, "start": -1}


def test_resume_after_a_given_id() -> None:
    assert IdPaginator({"filter": {">id": 500}}).last_id == 500
    assert IdPaginator({}, after=42).next_params()["filter"] == {">id": 42}


def test_update_stops_on_short_page_and_rejects_disorder() -> None:
    pager = IdPaginator({})
    pager.update([{"id": i} for i in range(1, 51)])
    assert pager.has_next and pager.last_id == 50
    with pytest.raises(BrokenResponseError, match="ascending"):
        pager.update([{"id": 10}])  # a page going back (a wrong reference) is caught
    with pytest.raises(BrokenResponseError, match="without"):
        pager.update([{"title": "x"}])
    pager.update([])
    assert not pager.has_next


def test_chain_references_the_previous_page() -> None:
    pager = IdPaginator({"entityTypeId": 2}, after=7)
    cmd = build_cmd(pager.chain("crm.item.list", 3))
    assert list(cmd) == ["p0", "p1", "p2"]
    assert dict(parse_qsl(cmd["p0"].split("?", 1)[1]))["filter[>id]"] == "7"
    assert dict(parse_qsl(cmd["p1"].split("?", 1)[1]))["filter[>id]"] == (
        "$result[p0][items][49][id]"
    )
    assert dict(parse_qsl(cmd["p2"].split("?", 1)[1]))["filter[>id]"] == (
        "$result[p1][items][49][id]"
    )
    rows_path = IdPaginator({}, id_key="ID", rows_path="", row_id="ID").chain("user.get", 2)
    assert rows_path["p1"][1]["filter"][">ID"] == "$result[p0][49][ID]"  # type: ignore[index]
    assert len(IdPaginator({}).chain("crm.item.list", 80)) == 50


# -- an independent model of the portal's batch + reference resolution ---------------------


def resolve(value: str, results: dict[str, Any]) -> str:
    match = re.fullmatch(r"\$result\[([^\]]+)\]((?:\[[^\]]*\])*)", value)
    if not match:
        return value
    node: Any = results.get(match.group(1))
    for part in re.findall(r"\[([^\]]*)\]", match.group(2)):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return ""  # an unresolved reference becomes empty
    return str(node)


def run_batch(cmd: dict[str, str], ids: list[int]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for key, command in cmd.items():
        query = dict(parse_qsl(command.split("?", 1)[1], keep_blank_values=True))
        after = resolve(query["filter[>id]"], results)
        floor = int(after) if after else 0  # "" means no filter: the list starts over
        results[key] = {"items": [{"id": i} for i in ids if i > floor][:50]}
    return results


@pytest.mark.parametrize("count", [0, 1, 49, 50, 51, 2500, 2549, 2550, 5001])
def test_chained_export_sees_every_id_once(count: int) -> None:
    ids = [3 * n + 1 for n in range(count)]  # gaps between ids, as after deletions
    pager = IdPaginator({})
    seen: list[int] = []
    requests = 0
    while pager.has_next:
        results = run_batch(build_cmd(pager.chain("crm.item.list")), ids)
        requests += 1
        for key in results:
            rows = pager.rows(results[key])
            pager.update(rows)
            seen += [row["id"] for row in rows]
            if not pager.has_next:
                break
    assert seen == ids
    # pages = count // 50 + 1 (the last one short or empty); 50 pages per request
    assert requests == (count // 50 + 1 + 49) // 50


def test_offset_paginator_follows_next() -> None:
    pager = OffsetPaginator({"FILTER": {"ACTIVE": True}, "start": 0}, rows_path="")
    assert pager.next_params() == {"FILTER": {"ACTIVE": True}, "start": 0}
    pager.update([{"ID": "1"}] * 50, {"next": 50, "total": 60})
    assert pager.has_next and pager.next_params()["start"] == 50
    pager.update([{"ID": "2"}] * 10, {"total": 60})
    assert not pager.has_next
    stuck = OffsetPaginator({})
    stuck.update([{"ID": "1"}], {"next": 50})
    with pytest.raises(BrokenResponseError):
        stuck.update([{"ID": "1"}], {"next": 50})
