"""Random small portals (records as the API returns them) for the hypothesis invariants."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd

STAGES = [("NEW", "P"), ("WORK", "P"), ("WON", "S"), ("LOSE", "F")]
OFFSETS = ["+03:00", "+00:00", "+05:00"]


def stamp(rng: random.Random, start: pd.Timestamp, days: int) -> pd.Timestamp:
    return start + pd.Timedelta(minutes=rng.randrange(days * 24 * 60))


def iso(moment: pd.Timestamp, rng: random.Random) -> str:
    """The same instant written with a random offset."""
    offset = rng.choice(OFFSETS)
    return moment.tz_convert(
        f"Etc/GMT{'-' if offset[0] == '+' else '+'}{int(offset[1:3])}"
    ).isoformat()


def random_snapshot(seed: int, n_deals: int = 40) -> dict[str, Any]:
    rng = random.Random(seed)
    depts = [{"ID": "1", "NAME": "Компания", "SORT": 1}]
    for i in range(2, 6):
        depts.append(
            {"ID": str(i), "NAME": f"Отдел {i}", "SORT": i, "PARENT": str(rng.randrange(1, i))}
        )
    users = [
        {"ID": str(u), "NAME": f"Имя{u}", "LAST_NAME": f"Фамилия{u}", "ACTIVE": rng.random() > 0.2,
         "UF_DEPARTMENT": [rng.randrange(1, 6)]}
        for u in range(1, 8)
    ]  # fmt: skip
    base = pd.Timestamp("2024-01-01T00:00:00+03:00")
    deals, history, acts, tasks = [], [], [], []
    hid = 1
    for d in range(1, n_deals + 1):
        created = stamp(rng, base, 330)
        moments = sorted(stamp(rng, created, 60) for _ in range(rng.randrange(0, 4)))
        stages = [("NEW", "P")] + [rng.choice(STAGES) for _ in moments]
        if rng.random() > 0.15:  # most deals have history; some have none
            for when, (stage, sem) in zip([created, *moments], stages, strict=True):
                history.append({"ID": hid, "TYPE_ID": 2, "OWNER_ID": str(d), "CREATED_TIME": iso(when, rng),  # noqa: E501
                                "CATEGORY_ID": 0, "STAGE_SEMANTIC_ID": sem, "STAGE_ID": stage})  # fmt: skip  # noqa: E501
                hid += 1
        stage, sem = stages[-1]
        deals.append({
            "id": d, "title": f"D{d}", "categoryId": rng.choice([0, 1]), "stageId": stage,
            "stageSemanticId": sem, "opportunity": rng.randrange(0, 100) * 1000.0,
            "currencyId": rng.choice(["RUB", "RUB", "USD"]), "assignedById": rng.randrange(1, 8),
            "createdTime": iso(created, rng), "updatedTime": iso(created, rng),
            "closedate": iso(moments[-1] if moments else created, rng),
            "companyId": rng.choice([0, 1, 2, 3]), "contactId": rng.choice([0, 5, 6]),
            "ufCrm_1": rng.randrange(0, 50) * 100.0, "ufCrm_2": rng.choice(["Сочи", "Москва", ""]),
        })  # fmt: skip
    for a in range(1, 60):
        when = stamp(rng, base, 360)
        acts.append({
            "ID": str(a), "OWNER_TYPE_ID": "2", "OWNER_ID": str(rng.randrange(1, n_deals + 1)),
            "TYPE_ID": str(rng.choice([1, 2, 4, 6])), "PROVIDER_ID": rng.choice(["X", "CRM_TODO", "IMOPENLINES_SESSION"]),  # noqa: E501
            "DIRECTION": str(rng.choice([1, 2])), "COMPLETED": rng.choice(["Y", "N"]),
            "RESPONSIBLE_ID": str(rng.randrange(1, 8)), "CREATED": iso(when, rng),
            "LAST_UPDATED": iso(when, rng), "END_TIME": iso(when, rng) if rng.random() > 0.3 else None,  # noqa: E501
            "DEADLINE": iso(stamp(rng, when, 20), rng),
        })  # fmt: skip
    for t in range(1, 40):
        created = stamp(rng, base, 330)
        tasks.append({
            "id": str(t), "title": "t", "status": "3", "responsibleId": str(rng.randrange(1, 8)),
            "groupId": "0", "createdDate": iso(created, rng),
            "startDatePlan": iso(stamp(rng, created, 5), rng) if rng.random() > 0.5 else None,
            "dateStart": iso(stamp(rng, created, 6), rng) if rng.random() > 0.3 else None,
            "deadline": iso(stamp(rng, created, 30), rng) if rng.random() > 0.3 else None,
            "closedDate": iso(stamp(rng, created, 40), rng) if rng.random() > 0.4 else None,
            "changedDate": iso(created, rng),
        })  # fmt: skip
    return {
        "portal": {"domain": "r.bitrix24.ru", "timezone": "Europe/Moscow",
                   "last_sync": "2025-01-15T00:00:00+03:00"},
        "user.get": users, "department.get": depts,
        "crm.category.list": {"2": [{"id": 0, "name": "Общая", "sort": 1}, {"id": 1, "name": "Опт", "sort": 2}]},  # noqa: E501
        "crm.status.list": [], "crm.item.list": {"1": [], "2": deals},
        "crm.stagehistory.list": {"1": [], "2": history}, "crm.activity.list": acts,
        "tasks.task.list": tasks, "sonet_group.get": [],
        "crm.currency.list": [{"CURRENCY": "USD", "AMOUNT_CNT": 1, "AMOUNT": "90", "BASE": "N"}],
    }  # fmt: skip


def shuffled(snapshot: dict[str, Any], seed: int) -> dict[str, Any]:
    """The same portal with every record list in another order."""
    rng = random.Random(seed)
    out: dict[str, Any] = {}
    for key, value in snapshot.items():
        if isinstance(value, list):
            value = rng.sample(value, len(value))
        elif isinstance(value, dict) and key != "portal":
            value = {k: rng.sample(v, len(v)) for k, v in value.items()}
        out[key] = value
    return out
