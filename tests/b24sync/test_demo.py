"""The demo portal: deterministic, and believable in every way the reports look at.

Each check recomputes what it asserts from the raw records (no generator internals)."""

from __future__ import annotations

import itertools
import json
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest

from b24sync.demo import DEMO_AS_OF, DEMO_SETTINGS, demo_portal, demo_snapshot

AS_OF = datetime.fromisoformat(DEMO_AS_OF)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def snap() -> dict[str, Any]:
    return demo_snapshot()


def test_same_seed_same_json_other_seed_other_data(snap: dict[str, Any]) -> None:
    again = demo_snapshot(1, 7, DEMO_AS_OF)
    assert json.dumps(again, sort_keys=True) == json.dumps(snap, sort_keys=True)
    other = demo_portal(1, seed=8)
    assert other["crm.item.list"]["2"] != snap["crm.item.list"]["2"]


def test_snapshot_format_and_volumes(snap: dict[str, Any]) -> None:
    assert snap["portal"] == {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}
    assert set(snap) == {
        "portal", "user.get", "department.get", "crm.category.list", "crm.status.list",
        "crm.item.list", "crm.stagehistory.list", "crm.activity.list", "tasks.task.list",
        "sonet_group.get", "crm.currency.list",
    }  # fmt: skip
    assert set(snap["crm.item.list"]) == set(snap["crm.stagehistory.list"]) == {"1", "2"}
    assert 4_500 <= len(snap["crm.item.list"]["2"]) <= 5_500  # scale 1 ~ 5k deals
    assert len(snap["crm.activity.list"]) >= 8 * len(snap["crm.item.list"]["2"])
    assert len(snap["tasks.task.list"]) >= 2_000
    assert DEMO_SETTINGS == {"gross_profit_field": "ufCrm_1700000001",
                             "city_field": "ufCrm_1700000002"}  # fmt: skip


def test_company_structure(snap: dict[str, Any]) -> None:
    departments = {d["ID"]: d for d in snap["department.get"]}
    roots = [d for d in departments.values() if "PARENT" not in d]
    assert len(roots) == 1
    names = {d["NAME"]: d for d in departments.values()}
    assert {"Москва", "Краснодар", "Ростов-на-Дону", "Сочи"} <= set(names)
    sochi_children = [d for d in departments.values() if d.get("PARENT") == names["Сочи"]["ID"]]
    assert len(sochi_children) == 1
    users = snap["user.get"]
    sellers = {d["assignedById"] for d in snap["crm.item.list"]["2"]}
    assert 10 <= len(sellers) <= 20
    inactive = [u for u in users if u["ACTIVE"] is False]
    assert 1 <= len(inactive) <= 2
    assert all(isinstance(u["UF_DEPARTMENT"], list) and u["UF_DEPARTMENT"] for u in users)
    assert all(str(u["UF_DEPARTMENT"][0]) in departments for u in users)


def test_pipelines_and_statuses(snap: dict[str, Any]) -> None:
    categories = snap["crm.category.list"]["2"]
    assert [c["id"] for c in categories][:1] == [0] and 2 <= len(categories) <= 3
    by_entity: dict[str, set[str | None]] = defaultdict(set)
    for row in snap["crm.status.list"]:
        by_entity[row["ENTITY_ID"]].add(row["SEMANTICS"])
    for category in categories:
        entity = "DEAL_STAGE" if category["id"] == 0 else f"DEAL_STAGE_{category['id']}"
        assert by_entity[entity] == {None, "S", "F"}
    assert by_entity["STATUS"] == {None, "S", "F"} and "SOURCE" in by_entity
    stages = {r["STATUS_ID"] for r in snap["crm.status.list"]}
    assert {d["stageId"] for d in snap["crm.item.list"]["2"]} <= stages


def test_deals_over_24_months_with_seasonality(snap: dict[str, Any]) -> None:
    deals = snap["crm.item.list"]["2"]
    created = [at(d["createdTime"]) for d in deals]
    assert max(created) <= AS_OF and min(created) >= AS_OF - timedelta(days=731)
    per_month = Counter(c.strftime("%m") for c in created)
    assert per_month["01"] < per_month["10"] and per_month["08"] < per_month["03"]
    assert all(at(d["updatedTime"]) <= AS_OF for d in deals)


def test_conversion_cycle_and_history(snap: dict[str, Any]) -> None:
    deals = {d["id"]: d for d in snap["crm.item.list"]["2"]}
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in snap["crm.stagehistory.list"]["2"]:
        history[row["OWNER_ID"]].append(row)
    assert set(history) == set(deals)
    won = [d for d in deals.values() if d["stageSemanticId"] == "S"]
    assert 0.10 <= len(won) / len(deals) <= 0.60
    cycles = []
    for deal in won:
        last_won = max(at(h["CREATED_TIME"]) for h in history[deal["id"]] if h["TYPE_ID"] == 3)
        cycles.append((last_won - at(deal["createdTime"])).total_seconds() / 86_400)
    assert 2 <= statistics.median(cycles) <= 45  # days to weeks
    for deal_id, rows in history.items():
        rows.sort(key=lambda r: (at(r["CREATED_TIME"]), r["ID"]))
        assert rows[0]["TYPE_ID"] == 1
        assert rows[-1]["STAGE_ID"] == deals[deal_id]["stageId"]
    types = Counter(r["TYPE_ID"] for r in snap["crm.stagehistory.list"]["2"])
    assert set(types) == {1, 2, 3, 5}
    reopened = [
        o for o, rows in history.items()
        if any(a["STAGE_SEMANTIC_ID"] == "F" and b["STAGE_SEMANTIC_ID"] == "P"
               for a, b in itertools.pairwise(rows))
    ]  # fmt: skip
    assert len(reopened) >= 10


def test_clients_currency_and_custom_fields(snap: dict[str, Any]) -> None:
    deals = snap["crm.item.list"]["2"]
    companies = Counter(d["companyId"] for d in deals if d["companyId"])
    assert any(n > 1 for n in companies.values())
    assert sum(d["isReturnCustomer"] == "Y" for d in deals) >= 100
    usd = [d for d in deals if d["currencyId"] == "USD"]
    assert 5 <= len(usd) <= 0.05 * len(deals)
    rates = {c["CURRENCY"]: c for c in snap["crm.currency.list"]}
    assert rates["RUB"]["BASE"] == "Y" and float(rates["USD"]["AMOUNT"]) > 1
    assert all(isinstance(d["ufCrm_1700000001"], float) for d in deals)
    assert all(
        0 < d["ufCrm_1700000001"] < d["opportunity"] for d in deals if d["currencyId"] == "RUB"
    )
    assert "Сочи" in {d["ufCrm_1700000002"] for d in deals}


def test_leads(snap: dict[str, Any]) -> None:
    leads = {lead["id"]: lead for lead in snap["crm.item.list"]["1"]}
    assert {lead["stageSemanticId"] for lead in leads.values()} == {"P", "S", "F"}
    linked = [d for d in snap["crm.item.list"]["2"] if d["leadId"]]
    assert len(linked) >= 500
    assert all(leads[d["leadId"]]["stageId"] == "CONVERTED" for d in linked)
    rows = snap["crm.stagehistory.list"]["1"]
    assert {"STATUS_ID", "STATUS_SEMANTIC_ID"} <= set(rows[0])
    stale = [lead for lead in leads.values() if lead["stageSemanticId"] == "P"
             and at(lead["lastActivityTime"]) < AS_OF - timedelta(days=14)]  # fmt: skip
    assert stale  # forgotten leads exist


def test_every_activity_kind(snap: dict[str, Any]) -> None:
    acts = snap["crm.activity.list"]
    kinds = Counter((a["TYPE_ID"], a["PROVIDER_ID"], a["DIRECTION"]) for a in acts)
    for key in [("2", "VOXIMPLANT_CALL", "1"), ("2", "VOXIMPLANT_CALL", "2"),
                ("6", "IMOPENLINES_SESSION", "1"), ("1", "CRM_MEETING", "0"),
                ("4", "CRM_EMAIL", "1"), ("4", "CRM_EMAIL", "2"), ("6", "CRM_TODO", "0"),
                ("3", "CRM_TASKS_TASK", "0")]:  # fmt: skip
        assert kinds[key] >= 50, key
    assert all(isinstance(v, str) for a in acts[:500] for v in a.values())
    open_ones = [a for a in acts if a["COMPLETED"] == "N"]
    assert any(at(a["DEADLINE"]) < AS_OF for a in open_ones)
    assert any(at(a["DEADLINE"]) > AS_OF for a in open_ones)
    assert all(at(a["CREATED"]) <= AS_OF for a in acts)
    task_ids = {t["id"] for t in snap["tasks.task.list"]}
    mirrors = [a for a in acts if a["PROVIDER_ID"] == "CRM_TASKS_TASK"]
    assert all(a["ASSOCIATED_ENTITY_ID"] in task_ids for a in mirrors)


def test_forgotten_deals(snap: dict[str, Any]) -> None:
    open_deals = [d for d in snap["crm.item.list"]["2"] if d["stageSemanticId"] == "P"]
    touched: dict[str, datetime] = {}
    for a in snap["crm.activity.list"]:
        if a["OWNER_TYPE_ID"] == "2":
            moment = max(at(a["CREATED"]), at(a["LAST_UPDATED"]), at(a["END_TIME"]))
            touched[a["OWNER_ID"]] = max(moment, touched.get(a["OWNER_ID"], moment))
    idle = [d for d in open_deals
            if max(at(d["updatedTime"]), touched.get(str(d["id"]), at(d["createdTime"])))
            < AS_OF - timedelta(days=14)]  # fmt: skip
    assert 5 <= len(idle) < len(open_deals)


def test_tasks(snap: dict[str, Any]) -> None:
    tasks = snap["tasks.task.list"]
    assert {t["status"] for t in tasks} >= {"2", "3", "5"}
    assert any(t["groupId"] != "0" for t in tasks)
    assert {t["groupId"] for t in tasks} - {"0"} <= {g["ID"] for g in snap["sonet_group.get"]}
    planned = [t for t in tasks if t["startDatePlan"] and t["dateStart"]]
    assert any(at(t["dateStart"]) > at(t["startDatePlan"]) for t in planned)  # late starts
    assert any(at(t["dateStart"]) <= at(t["startDatePlan"]) for t in planned)
    due = [t for t in tasks if t["deadline"] and t["closedDate"]]
    assert any(at(t["closedDate"]) > at(t["deadline"]) for t in due)  # late finishes
    overdue = [t for t in tasks if t["deadline"] and not t["closedDate"]
               and at(t["deadline"]) < AS_OF]  # fmt: skip
    assert overdue
    assert all(at(t["changedDate"]) <= AS_OF for t in tasks)


def test_scale_multiplies_volume() -> None:
    portal = demo_portal(2)
    deals = sum(1 for _ in portal["crm.item.list"]["2"])
    assert 9_000 <= deals <= 11_000  # 2 x ~5k
    assert sum(1 for _ in portal["crm.activity.list"]) >= 8 * deals


def test_deal_titles_name_the_work_and_the_client_never_a_person(snap: dict[str, Any]) -> None:
    deals = snap["crm.item.list"]["2"]
    surnames = {u["LAST_NAME"] for u in snap["user.get"]}
    for deal in deals:
        what, client = deal["title"].split(" — ")
        assert what and client
        if deal["companyId"]:
            assert client.endswith("»") and "«" in client  # ООО «...», АО «...»
        else:
            assert client == f"частный клиент №{deal['contactId']}"
        assert not any(name in deal["title"] for name in surnames)
    # one company keeps one name across its deals (repeat customers read as such)
    names: dict[int, set[str]] = defaultdict(set)
    for deal in deals:
        if deal["companyId"]:
            names[deal["companyId"]].add(deal["title"].split(" — ")[1])
    assert names and all(len(v) == 1 for v in names.values())
