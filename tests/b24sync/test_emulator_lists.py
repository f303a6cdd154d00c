"""Paging, ``start=-1``, order, select and every filter operator, on a small portal whose
expected answers are worked out by hand in each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from emulator_http import call, request

from b24sync.emulator import PortalEmulator


def deal(i: int) -> dict[str, Any]:
    """Deal i: opportunity 10*i, stage WON for multiples of 3, updated on day 1 + i % 28 at
    10:00 Moscow; odd ids write that moment in UTC (07:00+00:00), even ids in +03:00."""
    day = 1 + i % 28
    stamp = f"2024-01-{day:02d}T07:00:00+00:00" if i % 2 else f"2024-01-{day:02d}T10:00:00+03:00"
    return {
        "id": i,
        "title": f"Deal {i}",
        "stageId": "WON" if i % 3 == 0 else "NEW",
        "opportunity": 10.0 * i,
        "updatedTime": stamp,
        "ufCrm_1": i % 5,
        "ufCrm_2": "Сочи" if i <= 10 else "Москва",
    }


SNAPSHOT = {
    "portal": {"domain": "t.bitrix24.ru", "timezone": "Europe/Moscow"},
    "crm.item.list": {"2": [deal(i) for i in range(1, 121)]},
    "crm.activity.list": [
        {"ID": str(i), "OWNER_ID": str(100 + i % 4), "TYPE_ID": "2", "COMPLETED": "Y"}
        for i in range(1, 11)
    ],
    "tasks.task.list": [
        {"id": str(i), "title": f"T{i}", "status": "5" if i < 4 else "2", "groupId": "7"}
        for i in range(1, 7)
    ],
    "user.get": [
        {"ID": "1", "NAME": "Анна", "ACTIVE": True, "UF_DEPARTMENT": [1]},
        {"ID": "2", "NAME": "Борис", "ACTIVE": False, "UF_DEPARTMENT": [2, 3]},
        {"ID": "3", "NAME": "Вера", "ACTIVE": True, "UF_DEPARTMENT": [3]},
    ],
    "department.get": [
        {"ID": "1", "NAME": "Компания", "SORT": 500},
        {"ID": "2", "NAME": "Сочи", "SORT": 510, "PARENT": "1"},
        {"ID": "3", "NAME": "Адлер", "SORT": 520, "PARENT": "2"},
    ],
}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with PortalEmulator(SNAPSHOT, limit=None) as emu:
        yield emu.url


def ids(url: str, params: dict[str, Any]) -> list[int]:
    body = call(url, "crm.item.list", {"entityTypeId": 2, **params})
    return [item["id"] for item in body["result"]["items"]]


def test_pages_of_fifty_with_total_and_next(url: str) -> None:
    first = call(url, "crm.item.list", {"entityTypeId": 2})
    assert len(first["result"]["items"]) == 50 and first["total"] == 120 and first["next"] == 50
    last = call(url, "crm.item.list", {"entityTypeId": 2, "start": 100})
    assert [i["id"] for i in last["result"]["items"]] == list(range(101, 121))
    assert last["total"] == 120 and "next" not in last


def test_start_minus_one_counts_nothing(url: str) -> None:
    body = call(url, "crm.item.list", {"entityTypeId": 2, "start": -1, "filter": {">id": 100}})
    assert body["total"] == 0 and "next" not in body
    assert [i["id"] for i in body["result"]["items"]] == list(range(101, 121))
    # fast export: order by id, >id of the last row, start=-1, until a short page
    seen, last = [], 0
    while True:
        page = ids(url, {"order": {"id": "ASC"}, "filter": {">id": last}, "start": -1})
        seen += page
        if len(page) < 50:
            break
        last = page[-1]
    assert seen == list(range(1, 121))


def test_order_and_select(url: str) -> None:
    assert ids(url, {"order": {"opportunity": "DESC"}})[:3] == [120, 119, 118]
    assert ids(url, {"order": {"id": "DESC"}, "start": -1})[:2] == [120, 119]
    # by stage (NEW < WON as strings), then id ascending within a stage
    by_stage = ids(url, {"order": {"stageId": "DESC"}})
    assert by_stage[:3] == [3, 6, 9]
    body = call(url, "crm.item.list", {"entityTypeId": 2, "select": ["title"]})
    assert set(body["result"]["items"][0]) == {"id", "title"}
    body = call(url, "crm.item.list", {"entityTypeId": 2, "select": ["ufCrm*"]})
    assert set(body["result"]["items"][0]) == {"id", "ufCrm_1", "ufCrm_2"}
    body = call(url, "crm.item.list", {"entityTypeId": 2, "select": ["*"]})
    assert set(body["result"]["items"][0]) == set(deal(1))


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"id": 7}, [7]),
        ({"=id": "7"}, [7]),  # ids compare as numbers
        ({">id": 117}, [118, 119, 120]),
        ({">=id": 118}, [118, 119, 120]),
        ({"<id": 3}, [1, 2]),
        ({"<=id": 2}, [1, 2]),
        ({"@id": [5, 50, 500]}, [5, 50]),
        ({"!@id": list(range(1, 118))}, [118, 119, 120]),
        ({"!id": 1, "<id": 4}, [2, 3]),
        ({"stageId": "WON", "<id": 10}, [3, 6, 9]),
        ({"!stageId": "WON", "<id": 5}, [1, 2, 4]),
        ({"@ufCrm_2": ["Сочи"], ">=opportunity": 95}, [10]),
        ({">opportunity": "1185"}, [119, 120]),
    ],
)
def test_filter_operators(url: str, flt: dict[str, Any], expected: list[int]) -> None:
    assert ids(url, {"filter": flt}) == expected


def test_datetimes_compare_as_instants(url: str) -> None:
    # day 28 is reached by i % 28 == 27: ids 27, 55, 83, 111 (odd ones written in UTC)
    flt = {">=updatedTime": "2024-01-28T07:00:00+00:00"}
    assert ids(url, {"filter": flt}) == [27, 55, 83, 111]
    # the same instant written with +03:00, and a bare date (Moscow midnight of day 28)
    assert ids(url, {"filter": {">=updatedTime": "2024-01-28T10:00:00+03:00"}}) == [27, 55, 83, 111]
    assert ids(url, {"filter": {">updatedTime": "2024-01-28"}}) == [27, 55, 83, 111]
    # strictly after 10:00 Moscow on day 28: nothing
    assert ids(url, {"filter": {">updatedTime": "2024-01-28T10:00:00+03:00"}}) == []


def test_unknown_filter_field_is_an_error(url: str) -> None:
    status, body, _ = request(url, "crm.item.list", {"entityTypeId": 2, "filter": {"NOPE": 1}})
    assert status == 400 and body["error"] == "INVALID_ARG_VALUE"
    status, body, _ = request(url, "crm.item.list", {"entityTypeId": 77})
    assert status == 400 and body["error"] == "NOT_FOUND"


def test_old_methods_string_ids_match_numbers(url: str) -> None:
    body = call(url, "crm.activity.list", {"filter": {"OWNER_ID": 101}, "order": {"ID": "ASC"}})
    # OWNER_ID = 100 + ID % 4 == 101 for ID 1, 5, 9
    assert [r["ID"] for r in body["result"]] == ["1", "5", "9"]


def test_tasks_take_upper_keys_and_answer_camel_case(url: str) -> None:
    body = call(
        url,
        "tasks.task.list",
        {
            "select": ["ID", "STATUS"],
            "filter": {"STATUS": 5, "GROUP_ID": 7},
            "order": {"ID": "desc"},
        },
    )
    assert body["result"]["tasks"] == [
        {"id": "3", "status": "5"},
        {"id": "2", "status": "5"},
        {"id": "1", "status": "5"},
    ]


def test_user_get_top_level_sort_and_filter(url: str) -> None:
    body = call(url, "user.get", {"sort": "ID", "order": "DESC", "FILTER": {"ACTIVE": True}})
    assert [u["ID"] for u in body["result"]] == ["3", "1"]
    body = call(url, "user.get", {"UF_DEPARTMENT": 3})  # a list field equals a member
    assert [u["ID"] for u in body["result"]] == ["2", "3"]


def test_department_get_top_level_filters(url: str) -> None:
    body = call(url, "department.get", {"PARENT": 2})
    assert [d["NAME"] for d in body["result"]] == ["Адлер"]


def test_form_body_query_string_and_no_json_suffix(url: str) -> None:
    status, body, _ = request(
        url, "crm.item.list", {"entityTypeId": 2, "filter[>id]": 118}, form=True
    )
    assert status == 200 and [i["id"] for i in body["result"]["items"]] == [119, 120]
    status, body, _ = request(
        url, "crm.item.list", {"entityTypeId": "2", "filter[<id]": 2}, get=True
    )
    assert status == 200 and [i["id"] for i in body["result"]["items"]] == [1]
    status, body, _ = request(url.rstrip("/") + "/", "server.time.json")
    assert status == 200 and body["result"].endswith("+03:00")
