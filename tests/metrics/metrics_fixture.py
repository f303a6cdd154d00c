"""A small hand-built portal snapshot (records exactly as the API returns them).

Time zone Europe/Moscow (+03:00 all year). T = 2024-04-10 12:00 +03:00. The deals cover the
edge cases of the spec; every expected value in the tests is worked out by hand from the
comments below.

Departments: 1 Компания (root) > 2 Продажи > {3 Сочи, 4 Москва}.
Users: 10 Иван Петров (Сочи), 11 Мария Сидорова (Москва), 12 Пётр Сёмин (Продажи, INACTIVE),
13 Анна Кузнецова (Компания, active, no deals).
Pipelines: 0 Общая (NEW, WORK, WON, LOSE), 1 Опт (C1:NEW, C1:WON, C1:LOSE).

D1 Иван  created 03-05 10:00, WON 03-15 12:00, 100 000 RUB, company 500, gp 30 000, Сочи
D2 Иван  created 02-10 00:00, WON at 2024-02-29T21:00:00+00:00 = 03-01 00:00 local (midnight
         boundary), 1 000 USD (rate 90 -> 90 000), company 500, gp 10 000, Сочи
D3 Мария created 03-10 10:00, NO stage history, lost now (F), closedate 03-20 00:00, 5 000
D4 Мария created 01-15, WON 02-20, REOPENED (WORK) 03-05 10:00 and open now, 70 000
D5 Пётр  (inactive) created 02-01, LOSE at 04-01 00:00 local (the March/April boundary), 20 000
D6 Иван  created 02-15 12:00 in Общая, MOVED to Опт (TYPE_ID 5) 03-03, C1:WON 03-25 12:00,
         50 000, contact 700, gp empty
D7 Мария created 03-31 23:30 local, no history, open (NEW), 10 000
D8 Мария created 2024-03-31T21:30:00+00:00 = 04-01 00:30 local (April), no history, open
D9 Мария created 03-02 12:00; WON (ID 90) and LOSE (ID 91) both at 03-12 12:00: the later ID
         wins -> lost
"""

from __future__ import annotations

import copy
from typing import Any

T = "2024-04-10T12:00:00+03:00"
SETTINGS = {"gross_profit_field": "UF_CRM_GP", "city_field": "ufCrm_CITY"}


def deal(
    i: int, user: int, created: str, stage: str, sem: str, amount: float, **extra: Any
) -> dict:
    record = {
        "id": i, "title": f"Сделка {i}", "categoryId": extra.pop("cat", 0), "stageId": stage,
        "stageSemanticId": sem, "opportunity": amount, "currencyId": extra.pop("cur", "RUB"),
        "assignedById": user, "createdTime": created, "updatedTime": created,
        "closedate": extra.pop("closedate", None), "lastActivityTime": extra.pop("last", None),
        "companyId": extra.pop("company", 0), "contactId": extra.pop("contact", 0),
        "sourceId": extra.pop("source", "WEB"), "ufCrm_GP": extra.pop("gp", None),
        "ufCrm_CITY": extra.pop("city", ""),
    }  # fmt: skip
    record.update(extra)
    return record


def hist(
    i: int, owner: int, when: str, stage: str, sem: str, type_id: int = 2, cat: int = 0
) -> dict:
    # ids and types arrive as strings from some portals: mix both
    return {
        "ID": str(i) if i % 2 else i, "TYPE_ID": type_id, "OWNER_ID": str(owner),
        "CREATED_TIME": when, "CATEGORY_ID": cat, "STAGE_SEMANTIC_ID": sem, "STAGE_ID": stage,
    }  # fmt: skip


def act(i: int, user: int, type_id: int, provider: str, **f: Any) -> dict:
    return {
        "ID": str(i), "OWNER_TYPE_ID": str(f.get("owner_type", 2)), "OWNER_ID": str(f.get("owner", 0)),  # noqa: E501
        "TYPE_ID": str(type_id), "PROVIDER_ID": provider, "DIRECTION": str(f.get("direction", 0)),
        "COMPLETED": f.get("completed", "Y"), "RESPONSIBLE_ID": str(user),
        "CREATED": f.get("created", f.get("end")), "LAST_UPDATED": f.get("updated", f.get("end")),
        "START_TIME": f.get("start"), "END_TIME": f.get("end"), "DEADLINE": f.get("deadline"),
    }  # fmt: skip


def task(i: int, user: int, created: str, **f: Any) -> dict:
    return {
        "id": str(i), "title": f"Задача {i}", "status": f.get("status", "3"),
        "responsibleId": str(user), "groupId": str(f.get("group", 0)), "createdDate": created,
        "startDatePlan": f.get("plan"), "dateStart": f.get("started"),
        "deadline": f.get("deadline"), "closedDate": f.get("closed"), "changedDate": created,
    }  # fmt: skip


def status(
    entity: str, sid: str, name: str, sort: int, sem: str | None, cat: int | None = None
) -> dict:
    return {"ID": str(sort), "ENTITY_ID": entity, "STATUS_ID": sid, "NAME": name,
            "SORT": str(sort), "CATEGORY_ID": cat, "SEMANTICS": sem}  # fmt: skip


DEALS = [
    deal(1, 10, "2024-03-05T10:00:00+03:00", "WON", "S", 100000, company=500, gp=30000, city="Сочи"),  # noqa: E501
    deal(2, 10, "2024-02-10T00:00:00+03:00", "WON", "S", 1000, cur="USD", company=500, gp="10000", city="Сочи"),  # noqa: E501
    deal(3, 11, "2024-03-10T10:00:00+03:00", "LOSE", "F", 5000, closedate="2024-03-20T00:00:00+03:00", city="Москва"),  # noqa: E501
    deal(4, 11, "2024-01-15T10:00:00+03:00", "WORK", "P", 70000, city="москва"),
    deal(5, 12, "2024-02-01T10:00:00+03:00", "LOSE", "F", 20000, source="CALL"),
    deal(6, 10, "2024-02-15T12:00:00+03:00", "C1:WON", "S", 50000, cat=1, contact=700),
    deal(7, 11, "2024-03-31T23:30:00+03:00", "NEW", "P", 10000),
    deal(8, 11, "2024-03-31T21:30:00+00:00", "NEW", None, 0, last="2024-04-08T10:00:00+03:00"),
    deal(9, 11, "2024-03-02T12:00:00+03:00", "LOSE", "F", 8000),
]  # fmt: skip
HISTORY = [
    hist(1, 1, "2024-03-05T10:00:00+03:00", "NEW", "P", 1),
    hist(2, 1, "2024-03-15T09:00:00+00:00", "WON", "S", 3),  # 12:00 local, written in UTC
    hist(3, 2, "2024-02-10T00:00:00+03:00", "NEW", "P", 1),
    hist(4, 2, "2024-02-29T21:00:00+00:00", "WON", "S", 3),  # exactly 2024-03-01 00:00 local
    hist(5, 4, "2024-01-15T10:00:00+03:00", "NEW", "", 1),  # empty semantic = in work
    hist(6, 4, "2024-02-20T10:00:00+03:00", "WON", "S", 3),
    hist(7, 4, "2024-03-05T10:00:00+03:00", "WORK", "P"),  # reopened
    hist(8, 5, "2024-02-01T10:00:00+03:00", "NEW", "P", 1),
    hist(9, 5, "2024-03-31T21:00:00+00:00", "LOSE", "F", 3),  # exactly 2024-04-01 00:00 local
    hist(10, 6, "2024-02-15T12:00:00+03:00", "NEW", "P", 1),
    hist(11, 6, "2024-03-03T12:00:00+03:00", "C1:NEW", "P", 5, cat=1),  # moved pipelines
    hist(12, 6, "2024-03-25T12:00:00+03:00", "C1:WON", "S", 3, cat=1),
    hist(13, 9, "2024-03-02T12:00:00+03:00", "NEW", "P", 1),
    hist(91, 9, "2024-03-12T12:00:00+03:00", "LOSE", "F", 3),  # same moment, later ID wins
    hist(90, 9, "2024-03-12T12:00:00+03:00", "WON", "S", 3),
]  # fmt: skip
LEADS = [
    {"id": 1, "title": "Лид 1", "stageId": "NEW", "stageSemanticId": "P", "assignedById": 10,
     "createdTime": "2024-03-01T10:00:00+03:00", "sourceId": "WEB"},
    {"id": 2, "title": "Лид 2", "stageId": "CONVERTED", "stageSemanticId": "S", "assignedById": 11,
     "createdTime": "2024-03-01T10:00:00+03:00", "sourceId": "WEB"},
    {"id": 3, "title": "Лид 3", "stageId": "NEW", "stageSemanticId": "P", "assignedById": 11,
     "createdTime": "2024-04-01T10:00:00+03:00", "sourceId": "CALL"},
]  # fmt: skip
LEAD_HISTORY = [
    {"ID": 1, "TYPE_ID": 1, "OWNER_ID": 2, "CREATED_TIME": "2024-03-01T10:00:00+03:00",
     "STATUS_SEMANTIC_ID": "P", "STATUS_ID": "NEW"},
    {"ID": 2, "TYPE_ID": 3, "OWNER_ID": 2, "CREATED_TIME": "2024-03-05T10:00:00+03:00",
     "STATUS_SEMANTIC_ID": "S", "STATUS_ID": "CONVERTED"},
]  # fmt: skip
ACTIVITIES = [
    act(1, 10, 2, "VOXIMPLANT_CALL", owner=4, created="2024-03-10T09:00:00+03:00",
        updated="2024-03-10T09:30:00+03:00", end="2024-03-10T09:30:00+03:00"),
    act(2, 10, 1, "CRM_MEETING", owner=1, end="2024-03-20T15:00:00+03:00"),
    act(3, 11, 4, "CRM_EMAIL", owner=3, direction=2, end="2024-03-05T12:00:00+03:00"),
    act(4, 11, 4, "CRM_EMAIL", owner=3, direction=1, end="2024-03-06T12:00:00+03:00"),
    act(5, 11, 6, "CRM_TODO", owner=9, created="2024-03-20T10:00:00+03:00",
        updated="2024-03-31T21:30:00+00:00"),  # no END_TIME; LAST_UPDATED = 04-01 00:30 local
    act(6, 11, 6, "IMOPENLINES_SESSION", owner=3, end="2024-03-12T12:00:00+03:00"),
    act(7, 10, 3, "CRM_TASKS_TASK", owner=1, end="2024-03-15T12:00:00+03:00"),
    act(8, 11, 2, "VOXIMPLANT_CALL", owner=7, completed="N", created="2024-04-01T09:00:00+03:00",
        deadline="2024-04-05T10:00:00+03:00"),
    act(9, 12, 6, "CRM_TODO", owner=5, completed="N", created="2024-03-01T09:00:00+03:00",
        deadline="2024-04-20T10:00:00+03:00"),
]  # fmt: skip
TASKS = [
    task(1, 10, "2024-03-01T09:00:00+03:00", started="2024-03-02T08:00:00+03:00",
         deadline="2024-03-10T18:00:00+03:00", closed="2024-03-09T18:00:00+03:00", status="5", group=7),  # noqa: E501
    task(2, 10, "2024-03-05T09:00:00+03:00", plan="2024-03-06T10:00:00+03:00",
         started="2024-03-07T10:00:00+03:00", deadline="2024-03-20T18:00:00+03:00",
         closed="2024-03-25T18:00:00+03:00", status="5"),
    task(3, 11, "2024-03-10T09:00:00+03:00", plan="2024-03-11T10:00:00+03:00",
         deadline="2024-04-05T18:00:00+03:00", group=7),
    task(4, 11, "2024-03-20T12:00:00+03:00", started="2024-03-20T12:00:00+03:00"),
]  # fmt: skip
SNAPSHOT: dict[str, Any] = {
    "portal": {"domain": "small.bitrix24.ru", "timezone": "Europe/Moscow"},
    "user.get": [
        {"ID": "10", "NAME": "Иван", "LAST_NAME": "Петров", "ACTIVE": True, "UF_DEPARTMENT": [3]},
        {"ID": "11", "NAME": "Мария", "LAST_NAME": "Сидорова", "ACTIVE": True, "UF_DEPARTMENT": [4]},  # noqa: E501
        {"ID": "12", "NAME": "Пётр", "LAST_NAME": "Сёмин", "ACTIVE": False, "UF_DEPARTMENT": [2]},
        {"ID": "13", "NAME": "Анна", "LAST_NAME": "Кузнецова", "ACTIVE": True, "UF_DEPARTMENT": [1]},  # noqa: E501
    ],
    "department.get": [
        {"ID": "1", "NAME": "Компания", "SORT": 100},
        {"ID": "2", "NAME": "Продажи", "SORT": 100, "PARENT": "1"},
        {"ID": "3", "NAME": "Сочи", "SORT": 100, "PARENT": "2"},
        {"ID": "4", "NAME": "Москва", "SORT": 200, "PARENT": "2"},
    ],
    "crm.category.list": {"2": [
        {"id": 0, "name": "Общая", "sort": 100, "entityTypeId": 2, "isDefault": "Y"},
        {"id": 1, "name": "Опт", "sort": 200, "entityTypeId": 2, "isDefault": "N"},
    ]},
    "crm.status.list": [
        status("DEAL_STAGE", "NEW", "Новая", 10, None), status("DEAL_STAGE", "WORK", "В работе", 20, ""),  # noqa: E501
        status("DEAL_STAGE", "WON", "Успех", 60, "S"), status("DEAL_STAGE", "LOSE", "Провал", 70, "F"),  # noqa: E501
        status("DEAL_STAGE_1", "C1:NEW", "Новая опт", 10, None, 1),
        status("DEAL_STAGE_1", "C1:WON", "Успех опт", 60, "S", 1),
        status("DEAL_STAGE_1", "C1:LOSE", "Провал опт", 70, "F", 1),
        status("STATUS", "NEW", "Не обработан", 10, None), status("STATUS", "CONVERTED", "Сконвертирован", 60, "S"),  # noqa: E501
        status("SOURCE", "WEB", "Сайт", 10, None), status("SOURCE", "CALL", "Звонок", 20, None),
    ],
    "crm.item.list": {"1": LEADS, "2": DEALS},
    "crm.stagehistory.list": {"1": LEAD_HISTORY, "2": HISTORY},
    "crm.activity.list": ACTIVITIES,
    "tasks.task.list": TASKS,
    "sonet_group.get": [{"ID": "7", "NAME": "Внедрение", "PROJECT": "Y"}],
    "crm.currency.list": [
        {"CURRENCY": "RUB", "AMOUNT_CNT": 1, "AMOUNT": "1.0000", "BASE": "Y"},
        {"CURRENCY": "USD", "AMOUNT_CNT": 1, "AMOUNT": "90.0000", "BASE": "N"},
    ],
}  # fmt: skip


def snapshot() -> dict[str, Any]:
    """A fresh deep copy (tests may change it)."""
    return copy.deepcopy(SNAPSHOT)
