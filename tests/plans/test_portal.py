"""Portal-only behaviour: the smart-process methods' shapes, views, races and failures."""

from __future__ import annotations

import json

import pytest

from b24sync.client import Client
from b24sync.emulator.core import PortalEmulator
from b24sync.emulator.plan_methods import camel_name
from b24sync.errors import ApiError
from b24sync.plans.model import Change, PlanKey
from b24sync.plans.portal import PortalPlanStore

SNAPSHOT = {"portal": {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}}
KEY = PlanKey("budget", "2024-03", "revenue", "dept:3")
OTHER = PlanKey("budget", "2024-03", "revenue", "user:7")


@pytest.fixture
def portal():
    emulator = PortalEmulator(SNAPSHOT, limit=None)
    url = emulator.start()
    clients = []

    def client():
        made = Client(url, rate_limit=(10_000, 10_000.0))
        clients.append(made)
        return made

    yield emulator, client
    for made in clients:
        made.close()
    emulator.stop()


def test_camel_names_follow_the_portal():
    assert camel_name("UF_CRM_16_PLAN_VKEY") == "ufCrm16PlanVkey"
    assert camel_name("UF_CRM_7_1787776021255") == "ufCrm7_1787776021255"


def test_smart_process_methods_answer_in_documented_shapes(portal):
    _emulator, make = portal
    client = make()
    made = client.call("crm.type.add", {"fields": {"title": "Закупки"}})["result"]["type"]
    assert made["entityTypeId"] == 1030 and made["title"] == "Закупки"
    assert made["isStagesEnabled"] == "N" and "createdTime" in made
    listed = client.call("crm.type.list", {"filter": {"title": "Закупки"}})
    assert [t["id"] for t in listed["result"]["types"]] == [made["id"]] and listed["total"] == 1
    field = {"entityId": f"CRM_{made['id']}", "fieldName": f"UF_CRM_{made['id']}_SUM",
             "userTypeId": "double"}  # fmt: skip
    added = client.call("userfieldconfig.add", {"moduleId": "crm", "field": field})
    assert added["result"]["field"]["fieldName"] == field["fieldName"]
    camel = f"ufCrm{made['id']}Sum"
    fields = client.call("crm.item.fields", {"entityTypeId": 1030})["result"]["fields"]
    assert fields[camel]["upperName"] == field["fieldName"]
    item = client.call(
        "crm.item.add", {"entityTypeId": 1030, "fields": {"title": "A", camel: "12.5"}}
    )["result"]["item"]
    assert item[camel] == 12.5 and item["entityTypeId"] == 1030
    upd = client.call("crm.item.update", {"entityTypeId": 1030, "id": item["id"],
                                          "fields": {field["fieldName"]: 3}})  # fmt: skip
    assert upd["result"]["item"][camel] == 3.0
    got = client.call("crm.item.get", {"entityTypeId": 1030, "id": item["id"]})
    assert got["result"]["item"]["title"] == "A"
    page = client.call("crm.item.list", {"entityTypeId": 1030, "filter": {camel: 3}})
    assert [i["id"] for i in page["result"]["items"]] == [item["id"]]
    assert client.call("crm.item.delete", {"entityTypeId": 1030, "id": item["id"]})["result"] == []
    with pytest.raises(ApiError):
        client.call("crm.item.get", {"entityTypeId": 1030, "id": item["id"]})
    with pytest.raises(ApiError):
        client.call("crm.type.add", {"fields": {"title": "X", "entityTypeId": 1031}})


def test_store_creates_its_smart_process_once_and_keeps_views(portal):
    _emulator, make = portal
    first = PortalPlanStore(make())
    second = PortalPlanStore(make())
    assert first.entity_type_id == second.entity_type_id
    types = make().call("crm.type.list", {})["result"]["types"]
    assert len(types) == 1
    first.save([Change(KEY, 100.0), Change(OTHER, 5.0)], 0, "anna")
    first.save([Change(KEY, 150.0), Change(OTHER, None)], first.load().revision, "anna")
    values = {str(i[first.names["VKEY"]]): i[first.names["VALUE"]] for i in first._items("value")}
    assert values == {"budget|2024-03|revenue|dept:3": 150.0}
    audits = [json.loads(i[first.names["DATA"]]) for i in first._items("audit")]
    assert [(a["old"], a["new"]) for a in audits] == [
        (None, 100.0),
        (None, 5.0),
        (100.0, 150.0),
        (5.0, None),
    ]


def test_a_save_that_loses_the_race_is_rejected_by_every_reader(portal):
    _emulator, make = portal
    anna, boris = PortalPlanStore(make()), PortalPlanStore(make())
    anna.save([Change(KEY, 100.0)], 0, "anna")
    base = boris.load().revision
    # boris checked before anna's second save landed: simulate by skipping his pre-check
    anna.save([Change(KEY, 150.0)], anna.load().revision, "anna")
    fresh, calls = boris.refresh, []

    def stale_first():  # boris's pre-check reads nothing new; after his commit he re-reads
        calls.append(1)
        return boris.ledger if len(calls) == 1 else fresh()

    boris.refresh = stale_first  # type: ignore[method-assign]
    result = boris.save([Change(KEY, 180.0)], base, "boris")
    assert not result.ok
    assert [(c.key, c.theirs, c.mine, c.author) for c in result.conflicts] == [
        (KEY, 150.0, 180.0, "anna")
    ]
    third = PortalPlanStore(make())
    assert third.load().values == {KEY: 150.0}
    revs = list(third._items("rev"))
    assert len(revs) == 2  # the rejected revision item was deleted by its writer


class FailingClient:
    """A client whose calls fail from the ``fail_at``-th ``crm.item.add`` on (a dead link)."""

    def __init__(self, inner: Client, fail_at: int) -> None:
        self.inner, self.fail_at, self.adds = inner, fail_at, 0

    def call(self, method, params=None):
        if method == "crm.item.add":
            self.adds += 1
            if self.adds >= self.fail_at:
                raise ConnectionError("link lost")
        return self.inner.call(method, params)

    def batch(self, commands, halt=False):
        raise ConnectionError("link lost")

    def export(self, method, params=None):
        return self.inner.export(method, params)


@pytest.mark.parametrize(("fail_at", "expected"), [(1, {}), (2, {KEY: 1.0, OTHER: 2.0})])
def test_a_save_cut_off_mid_way_is_all_or_nothing(portal, fail_at, expected):
    _emulator, make = portal
    PortalPlanStore(make())  # the schema exists
    store = PortalPlanStore(FailingClient(make(), fail_at))
    with pytest.raises(ConnectionError):
        store.save([Change(KEY, 1.0), Change(OTHER, 2.0)], 0, "anna")
        store.save([Change(KEY, 3.0)], store.load().revision, "anna")
    assert PortalPlanStore(make()).load().values == expected
