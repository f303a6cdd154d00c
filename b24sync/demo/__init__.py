"""The demo portal «Южный Ветер» (issue A, section 4): a deterministic, believable company.

>>> snap = demo_snapshot()            # scale 1, seed 7, as of 2026-11-30T18:00:00+03:00
>>> sorted(snap)[:3]
['crm.activity.list', 'crm.category.list', 'crm.currency.list']

Departments in Москва, Краснодар, Ростов-на-Дону and Сочи (with the sub-department
«Сочи — Адлер») under the company; 17 sellers of different skill (two of them fired, one
hired in 2026) and the director; pipelines «Общая», «Опт», «Тендеры»; 24 months of deals with
seasonality, stage history, lost, reopened and moved deals, repeat customers, leads,
activities of every kind, tasks in projects, forgotten deals and leads, USD deals, and the
custom deal fields gross profit ``ufCrm_1700000001`` and city ``ufCrm_1700000002``.
Nothing reads the wall clock: the same (scale, seed, as_of) gives the same JSON.
"""

from __future__ import annotations

from typing import Any

from b24sync.demo import records, reference
from b24sync.demo.catalog import CITY_FIELD, GROSS_PROFIT_FIELD
from b24sync.demo.generate import build_world
from b24sync.snapshot import write_snapshot

DEMO_AS_OF = "2026-11-30T18:00:00+03:00"
DEMO_SEED = 7
DEMO_DOMAIN = "demo.bitrix24.ru"
DEMO_SETTINGS = {"gross_profit_field": GROSS_PROFIT_FIELD, "city_field": CITY_FIELD}


LAZY = (("crm.item.list", "1"), ("crm.item.list", "2"), ("crm.stagehistory.list", "1"),
        ("crm.stagehistory.list", "2"), ("crm.activity.list", ""))  # fmt: skip


def demo_portal(scale: int = 1, seed: int = DEMO_SEED, as_of: str = DEMO_AS_OF) -> dict[str, Any]:
    """The demo snapshot with the big lists (leads, deals, stage history, activities) as
    one-shot iterators: :class:`~b24sync.emulator.PortalEmulator` consumes them record by
    record, so scale 20 never holds a million activity dicts at once."""
    world = build_world(scale, seed, as_of)
    order = records.task_order(world)
    task_ids = {plan: position + 1 for position, plan in enumerate(order)}
    return {
        "portal": {"domain": DEMO_DOMAIN, "timezone": "Europe/Moscow"},
        "user.get": reference.users(world.as_of),
        "department.get": reference.departments(),
        "crm.category.list": {"2": reference.categories()},
        "crm.status.list": reference.statuses(),
        "crm.item.list": {"1": records.lead_items(world), "2": records.deal_items(world)},
        "crm.stagehistory.list": {
            "1": records.lead_history(world),
            "2": records.deal_history(world),
        },
        "crm.activity.list": records.activities(world, task_ids),
        "tasks.task.list": records.tasks(world, order),
        "sonet_group.get": reference.groups(world.as_of),
        "crm.currency.list": reference.currencies(world.as_of),
    }


def demo_snapshot(scale: int = 1, seed: int = DEMO_SEED, as_of: str = DEMO_AS_OF) -> dict[str, Any]:
    """The demo portal in the snapshot format of issue A (plain lists and dicts)."""
    portal = demo_portal(scale, seed, as_of)
    for name, sub in LAZY:
        if sub:
            portal[name][sub] = list(portal[name][sub])
        else:
            portal[name] = list(portal[name])
    return portal


__all__ = ["DEMO_AS_OF", "DEMO_SETTINGS", "demo_portal", "demo_snapshot", "write_snapshot"]
