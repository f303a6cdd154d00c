"""Turns the demo world into records exactly as the portal's methods return them.

``crm.item.list`` items are camelCase with typed values (ints, floats, ``"Y"``/``"N"``);
stage history is UPPER_CASE with ints (its times in ``+00:00``, as in the official
example, so clients must compare instants); activities, tasks, users' fields (except
``ACTIVE`` and ``UF_DEPARTMENT``), departments and groups send strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from b24sync.demo.catalog import CITY_FIELD, DEPARTMENTS, GROSS_PROFIT_FIELD, USD_RATE
from b24sync.demo.deals import DealPlan, semantic_of
from b24sync.demo.generate import DemoWorld
from b24sync.demo.leads import LEAD_TITLES, LeadPlan
from b24sync.demo.timeline import fmt
from b24sync.demo.titles import deal_title
from b24sync.demo.touches import KINDS, SUBJECTS, TASK, TaskPlan

CITY_OF_DEPARTMENT = {d[0]: d[3] for d in DEPARTMENTS}
TYPE_IDS = ("SALE", "SALE", "SALE", "COMPLEX", "SERVICE")


def deal_items(world: DemoWorld) -> Iterator[dict[str, Any]]:
    """``crm.item.list`` entityTypeId 2 records (lazily; leads ids = lead index + 1)."""
    return (_deal(world, deal) for deal in world.deals)


def _deal(world: DemoWorld, deal: DealPlan) -> dict[str, Any]:
    last_move = deal.events[-1]
    stage, category = last_move[2], last_move[1]
    semantic = semantic_of(stage)
    user = deal.person.id
    created = fmt(deal.created)
    updated = fmt(min(world.as_of, max(e[0] for e in deal.events) + 600))
    opportunity = deal.amount_rub
    if deal.currency == "USD":
        opportunity = float(round(deal.amount_rub / USD_RATE / 10) * 10)
    closedate = last_move[0] if semantic != "P" else deal.planned_close
    return {
        "id": deal.index + 1,
        "title": deal_title(deal.index + 1, deal.events[0][1], deal.company, deal.contact),
        "typeId": TYPE_IDS[deal.index % len(TYPE_IDS)],
        "stageId": stage,
        "previousStageId": deal.events[-2][2] if len(deal.events) > 1 else "",
        "stageSemanticId": semantic,
        "categoryId": category,
        "isNew": "Y" if len(deal.events) == 1 else "N",
        "isRecurring": "N",
        "isReturnCustomer": "Y" if deal.repeat else "N",
        "isRepeatedApproach": "N",
        "probability": None,
        "currencyId": deal.currency,
        "opportunity": opportunity,
        "isManualOpportunity": "Y",
        "taxValue": 0.0,
        "companyId": deal.company,
        "contactId": deal.contact,
        "contactIds": [deal.contact],
        "begindate": fmt(deal.created - (deal.created + 10_800) % 86_400),
        "closedate": fmt(closedate - (closedate + 10_800) % 86_400),
        "opened": "Y",
        "closed": "N" if semantic == "P" else "Y",
        "assignedById": user,
        "createdBy": user,
        "updatedBy": user,
        "movedBy": user,
        "createdTime": created,
        "updatedTime": updated,
        "movedTime": fmt(last_move[0]),
        "sourceId": deal.source,
        "sourceDescription": None,
        "leadId": deal.lead + 1 if deal.lead >= 0 else None,
        "lastActivityTime": fmt(min(deal.last_touch, world.as_of)),
        "lastActivityBy": user,
        GROSS_PROFIT_FIELD: float(round(deal.amount_rub * deal.margin / 10) * 10),
        CITY_FIELD: CITY_OF_DEPARTMENT[deal.person.department],
    }


def lead_items(world: DemoWorld) -> Iterator[dict[str, Any]]:
    """``crm.item.list`` entityTypeId 1 records (leads are in creation order: id = index + 1)."""
    return (_lead(world, index + 1, lead) for index, lead in enumerate(world.leads))


def _lead(world: DemoWorld, lead_id: int, lead: LeadPlan) -> dict[str, Any]:
    moment, status, _ = lead.events[-1]
    semantic = "S" if status == "CONVERTED" else "F" if status == "JUNK" else "P"
    user = lead.person.id
    return {
        "id": lead_id,
        "title": f"{LEAD_TITLES[lead.source]} #{lead_id}",
        "stageId": status,
        "stageSemanticId": semantic,
        "opportunity": lead.amount,
        "currencyId": "RUB",
        "isManualOpportunity": "N",
        "sourceId": lead.source,
        "assignedById": user,
        "createdBy": user,
        "updatedBy": user,
        "movedBy": user,
        "createdTime": fmt(lead.created),
        "updatedTime": fmt(min(world.as_of, moment + 300)),
        "movedTime": fmt(moment),
        "dateClosed": fmt(moment) if semantic != "P" else None,
        "isReturnCustomer": "N",
        "companyId": 0,
        "contactId": None,
        "lastActivityTime": fmt(min(lead.last_touch, world.as_of)),
        "lastActivityBy": user,
    }


def deal_history(world: DemoWorld) -> Iterator[dict[str, Any]]:
    """``crm.stagehistory.list`` entityTypeId 2, ids in the order the moves happened."""
    moves = [(e[0], d.index + 1, e) for d in world.deals for e in d.events]
    moves.sort(key=lambda m: (m[0], m[1]))
    return (
        {"ID": i, "TYPE_ID": e[3], "OWNER_ID": owner, "CREATED_TIME": fmt(at, 0),
         "CATEGORY_ID": e[1], "STAGE_SEMANTIC_ID": semantic_of(e[2]), "STAGE_ID": e[2]}
        for i, (at, owner, e) in enumerate(moves, start=1)
    )  # fmt: skip


def lead_history(world: DemoWorld) -> Iterator[dict[str, Any]]:
    """``crm.stagehistory.list`` entityTypeId 1 (STATUS_ID / STATUS_SEMANTIC_ID)."""
    moves = [(e[0], i + 1, e) for i, lead in enumerate(world.leads) for e in lead.events]
    moves.sort(key=lambda m: (m[0], m[1]))
    semantics = {"CONVERTED": "S", "JUNK": "F"}
    return (
        {"ID": i, "TYPE_ID": e[2], "OWNER_ID": owner, "CREATED_TIME": fmt(at, 0),
         "STATUS_SEMANTIC_ID": semantics.get(e[1], "P"), "STATUS_ID": e[1]}
        for i, (at, owner, e) in enumerate(moves, start=1)
    )  # fmt: skip


def task_order(world: DemoWorld) -> list[int]:
    """Task plan indexes in creation order (task id = position + 1)."""
    return sorted(range(len(world.tasks)), key=lambda i: (world.tasks[i].created, i))


def tasks(world: DemoWorld, order: list[int]) -> list[dict[str, Any]]:
    """``tasks.task.list`` records (camelCase keys, string values)."""
    return [_task(world, position + 1, world.tasks[i]) for position, i in enumerate(order)]


def _task(world: DemoWorld, task_id: int, task: TaskPlan) -> dict[str, Any]:
    status = "5" if task.closed else "6" if task.deferred else "3" if task.date_start else "2"
    changed = max(task.created, task.date_start, task.closed)
    user = str(task.responsible)
    return {
        "id": str(task_id),
        "title": task.title,
        "status": status,
        "priority": "1",
        "groupId": str(task.group),
        "createdBy": user,
        "responsibleId": user,
        "createdDate": fmt(task.created),
        "startDatePlan": fmt(task.start_plan) if task.start_plan else None,
        "endDatePlan": fmt(task.deadline) if task.deadline else None,
        "deadline": fmt(task.deadline) if task.deadline else None,
        "dateStart": fmt(task.date_start) if task.date_start else None,
        "closedDate": fmt(task.closed) if task.closed else None,
        "closedBy": user if task.closed else "0",
        "changedDate": fmt(changed),
        "activityDate": fmt(changed),
        "ufCrmTask": [f"D_{task.deal + 1}"] if task.deal >= 0 else [],
    }


def _moments(*stamps: int) -> list[str]:
    """The formatted moments, equal moments sharing one string (a million rows: less memory)."""
    texts: dict[int, str] = {}
    return [texts.get(ts) or texts.setdefault(ts, fmt(ts)) for ts in stamps]


def activities(world: DemoWorld, task_ids: dict[int, int]) -> Iterator[dict[str, Any]]:
    """``crm.activity.list`` records in creation order (every value a string), lazily."""
    log = world.activities
    order = np.lexsort((np.arange(len(log)), np.frombuffer(log.created, dtype=np.int64)))
    for number, i in enumerate(order.tolist(), start=1):
        kind, direction = log.kind[i], log.direction[i]
        type_id, provider, provider_type = KINDS[kind]
        owner = log.owner[i] + 1
        done = log.completed[i] == 1
        user = str(log.responsible[i])
        task = log.task[i]
        subject = world.tasks[task].title if kind == TASK else SUBJECTS[(kind, direction)]
        moments = _moments(log.created[i], log.updated[i], log.start[i], log.end[i],
                           log.deadline[i])  # fmt: skip
        yield {
            "ID": str(number),
            "OWNER_ID": str(owner),
            "OWNER_TYPE_ID": str(log.owner_type[i]),
            "TYPE_ID": type_id,
            "PROVIDER_ID": provider,
            "PROVIDER_TYPE_ID": provider_type,
            "ASSOCIATED_ENTITY_ID": str(task_ids[task]) if task >= 0 else "0",
            "SUBJECT": subject,
            "CREATED": moments[0],
            "LAST_UPDATED": moments[1],
            "START_TIME": moments[2],
            "END_TIME": moments[3],
            "DEADLINE": moments[4],
            "COMPLETED": "Y" if done else "N",
            "STATUS": "2" if done else "1",
            "RESPONSIBLE_ID": user,
            "PRIORITY": "2",
            "DIRECTION": str(direction),
            "AUTHOR_ID": user,
            "EDITOR_ID": user,
        }
