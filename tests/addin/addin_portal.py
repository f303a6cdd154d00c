"""A tiny portal whose numbers are worked out by hand in the UDF tests.

Moscow time (+03:00). Departments: 1 Компания (the company), 2 Сочи, 3 Москва.
Users: 1 Иван Петров (Сочи), 2 Анна Смирнова (Москва). No stage history: a closed deal is
closed at its ``closedate`` with its current semantic (metrics-spec, deal timeline).

| deal | user | created    | now  | closed     | amount  |
| 1    | 1    | 2024-03-05 | WON  | 2024-03-20 | 100 000 |
| 2    | 1    | 2024-03-10 | LOST | 2024-03-25 |  50 000 |
| 3    | 1    | 2024-02-10 | open |            |  30 000 |
| 4    | 2    | 2024-03-12 | WON  | 2024-03-15 | 200 000 |
| 5    | 2    | 2024-01-10 | WON  | 2024-02-01 |  70 000 |
| 6    | 2    | 2024-03-28 | open |            |  10 000 |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEALS = [
    (1, 1, "2024-03-05", "S", "2024-03-20", 100_000),
    (2, 1, "2024-03-10", "F", "2024-03-25", 50_000),
    (3, 1, "2024-02-10", "P", None, 30_000),
    (4, 2, "2024-03-12", "S", "2024-03-15", 200_000),
    (5, 2, "2024-01-10", "S", "2024-02-01", 70_000),
    (6, 2, "2024-03-28", "P", None, 10_000),
]
STAGE = {"S": "WON", "F": "LOSE", "P": "NEW"}


def _time(day: str | None) -> str | None:
    return f"{day}T12:00:00+03:00" if day else None


def deal(i: int, user: int, created: str, sem: str, closed: str | None, amount: int) -> dict:
    return {
        "id": i, "title": f"Сделка {i}", "categoryId": 0, "stageId": STAGE[sem],
        "stageSemanticId": sem, "opportunity": float(amount), "currencyId": "RUB",
        "assignedById": user, "createdTime": _time(created), "updatedTime": _time(created),
        "closedate": _time(closed), "lastActivityTime": _time(closed or created),
        "companyId": 0, "contactId": i, "sourceId": "WEB",
    }  # fmt: skip


def snapshot() -> dict[str, Any]:
    """The portal in the snapshot format of issue A."""
    return {
        "portal": {"domain": "test.bitrix24.ru", "timezone": "Europe/Moscow"},
        "user.get": [
            {
                "ID": "1",
                "ACTIVE": True,
                "NAME": "Иван",
                "LAST_NAME": "Петров",
                "UF_DEPARTMENT": [2],
            },
            {
                "ID": "2",
                "ACTIVE": True,
                "NAME": "Анна",
                "LAST_NAME": "Смирнова",
                "UF_DEPARTMENT": [3],
            },
        ],
        "department.get": [
            {"ID": "1", "NAME": "Компания", "SORT": 500},
            {"ID": "2", "NAME": "Сочи", "SORT": 500, "PARENT": "1"},
            {"ID": "3", "NAME": "Москва", "SORT": 500, "PARENT": "1"},
        ],
        "crm.category.list": {
            "2": [{"id": 0, "name": "Общая", "sort": 100, "entityTypeId": 2, "isDefault": "Y"}]
        },
        "crm.status.list": [
            {
                "ID": str(n),
                "ENTITY_ID": "DEAL_STAGE",
                "STATUS_ID": s,
                "NAME": s,
                "SORT": str(10 * n),
                "CATEGORY_ID": None,
                "SEMANTICS": sem,
            }
            for n, (s, sem) in enumerate([("NEW", None), ("WON", "S"), ("LOSE", "F")], 1)
        ],
        "crm.item.list": {"1": [], "2": [deal(*d) for d in DEALS]},
        "crm.stagehistory.list": {"1": [], "2": []},
        "crm.activity.list": [],
        "tasks.task.list": [],
        "sonet_group.get": [],
        "crm.currency.list": [
            {"CURRENCY": "RUB", "AMOUNT_CNT": 1, "AMOUNT": "1.0000", "BASE": "Y"},
        ],
    }


def sync_snapshot(snapshot: dict, store: Path) -> Path:
    """Sync ``snapshot`` into ``store`` through the emulator on loopback (as b24xl sync)."""
    from b24sync.client import Client
    from b24sync.emulator import PortalEmulator
    from b24sync.sync import sync_store

    with PortalEmulator(snapshot, limit=None) as emulator, Client(emulator.url) as client:
        sync_store(store, client, portal=dict(snapshot["portal"]))
    return store
