"""A small hand-built portal snapshot for the sync tests (records shaped as the API sends them).

Sizes are chosen to cross page boundaries: 130 deals (pages of 50, 50, 30), 60 leads, 75
activities, 55 tasks, 120 deal stage moves, and 60 statuses (a reference list longer than one
page).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

MSK = timezone(timedelta(hours=3))
BASE = datetime(2025, 3, 1, 9, 0, tzinfo=MSK)


def stamp(minutes: int) -> str:
    return (BASE + timedelta(minutes=minutes)).isoformat()


def item(i: int, type_id: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": i,
        "title": f"{'Сделка' if type_id == 2 else 'Лид'} #{i}",
        "stageId": "NEW",
        "stageSemanticId": "P",
        "opportunity": 1000.0 * i,
        "currencyId": "RUB",
        "assignedById": 1 + i % 5,
        "sourceId": "WEB",
        "createdTime": stamp(i),
        "updatedTime": stamp(i * 2),
        "lastActivityTime": stamp(i * 3),
    }
    if type_id == 2:
        record.update(categoryId=i % 2, companyId=0, contactId=i, closedate=stamp(i * 4))
        record["ufCrm_1700000001"] = 100.0 * i
        record["ufCrm_1700000002"] = "Сочи" if i % 3 else "Москва"
    return record


def small_snapshot() -> dict[str, Any]:
    """The test portal (deterministic)."""
    history = [
        {"ID": i, "TYPE_ID": 1 + i % 3, "OWNER_ID": 1 + i % 130, "CREATED_TIME": stamp(i),
         "CATEGORY_ID": 0, "STAGE_SEMANTIC_ID": "P", "STAGE_ID": "NEW"}
        for i in range(1, 121)
    ]  # fmt: skip
    lead_history = [
        {"ID": i, "TYPE_ID": 1, "OWNER_ID": i, "CREATED_TIME": stamp(i),
         "STATUS_SEMANTIC_ID": "P", "STATUS_ID": "NEW"}
        for i in range(1, 11)
    ]  # fmt: skip
    activities = [
        {"ID": str(i), "OWNER_ID": str(1 + i % 130), "OWNER_TYPE_ID": "2", "TYPE_ID": "2",
         "PROVIDER_ID": "VOXIMPLANT_CALL", "DIRECTION": "2", "COMPLETED": "Y",
         "RESPONSIBLE_ID": str(1 + i % 5), "CREATED": stamp(i), "LAST_UPDATED": stamp(i * 2),
         "START_TIME": stamp(i), "END_TIME": stamp(i + 5), "DEADLINE": stamp(i)}
        for i in range(1, 76)
    ]  # fmt: skip
    tasks = [
        {"id": str(i), "title": f"Задача {i}", "status": "2", "responsibleId": str(1 + i % 5),
         "groupId": "1", "createdDate": stamp(i), "changedDate": stamp(i * 2),
         "deadline": stamp(i + 100), "closedDate": None}
        for i in range(1, 56)
    ]  # fmt: skip
    statuses = [
        {"ID": str(i), "ENTITY_ID": "DEAL_STAGE", "STATUS_ID": f"S{i}", "NAME": f"Стадия {i}",
         "SORT": str(10 * i), "CATEGORY_ID": None, "SEMANTICS": None}
        for i in range(1, 61)
    ]  # fmt: skip
    users = [
        {"ID": str(i), "ACTIVE": True, "NAME": f"Имя{i}", "LAST_NAME": f"Фамилия{i}",
         "UF_DEPARTMENT": [1 + i % 2]}
        for i in range(1, 6)
    ]  # fmt: skip
    return {
        "portal": {"domain": "test.bitrix24.ru", "timezone": "Europe/Moscow"},
        "user.get": users,
        "department.get": [
            {"ID": "1", "NAME": "Компания", "SORT": 500},
            {"ID": "2", "NAME": "Сочи", "SORT": 500, "PARENT": "1", "UF_HEAD": "1"},
        ],
        "crm.category.list": {
            "2": [
                {"id": 0, "name": "Общая", "sort": 100, "entityTypeId": 2, "isDefault": "Y"},
                {"id": 1, "name": "Опт", "sort": 200, "entityTypeId": 2, "isDefault": "N"},
            ]
        },
        "crm.status.list": statuses,
        "crm.item.list": {
            "1": [item(i, 1) for i in range(1, 61)],
            "2": [item(i, 2) for i in range(1, 131)],
        },
        "crm.stagehistory.list": {"1": lead_history, "2": history},
        "crm.activity.list": activities,
        "tasks.task.list": tasks,
        "sonet_group.get": [{"ID": "1", "NAME": "Проект", "PROJECT": "Y"}],
        "crm.currency.list": [
            {"CURRENCY": "RUB", "AMOUNT_CNT": 1, "AMOUNT": "1.0000", "BASE": "Y"},
            {"CURRENCY": "USD", "AMOUNT_CNT": 1, "AMOUNT": "90.0000", "BASE": "N"},
        ],
    }


def by_id(records: list[dict[str, Any]], key: str) -> dict[int, dict[str, Any]]:
    """Records keyed by their integer id (the comparison the tests make)."""
    return {int(r[key]): r for r in records}
