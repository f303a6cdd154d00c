"""Filters, order and paging against a plain reference evaluation, on random data.

The reference below knows the values' real types (ints, floats, aware datetimes, strings,
absent), so it compares them directly; the emulator only sees them as JSON the way a portal
sends them (datetimes as strings with varying offsets, ids of old methods as strings).
"""

from __future__ import annotations

import operator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from b24sync.emulator import PortalEmulator

BASE = datetime(2025, 1, 1, tzinfo=UTC)
ZONES = [timezone(timedelta(hours=h)) for h in (0, 3, -5)]
STAGES = ["NEW", "WON", "LOSE", "C1:NEW"]
OPS = {"=": operator.eq, "!": operator.ne, ">": operator.gt, ">=": operator.ge,
       "<": operator.lt, "<=": operator.le}  # fmt: skip

row = st.fixed_dictionaries(
    {
        "amount": st.one_of(st.none(), st.integers(0, 20)),
        "stage": st.sampled_from(STAGES),
        "minute": st.integers(0, 50),
        "zone": st.integers(0, len(ZONES) - 1),
    }
)
condition = st.one_of(
    st.tuples(st.just("amount"), st.sampled_from([*OPS, "@", "!@"]), st.integers(0, 20)),
    st.tuples(st.just("stage"), st.sampled_from(["=", "!", "@", "!@"]), st.sampled_from(STAGES)),
    st.tuples(st.just("minute"), st.sampled_from(list(OPS)), st.integers(0, 50)),
    st.tuples(st.just("id"), st.sampled_from(list(OPS)), st.integers(0, 130)),
)


def record(i: int, spec: dict[str, Any]) -> dict[str, Any]:
    moment = (BASE + timedelta(minutes=spec["minute"])).astimezone(ZONES[spec["zone"]])
    amount = None if spec["amount"] is None else float(spec["amount"])  # crm.item sends null
    return {
        "id": i,
        "stageId": spec["stage"],
        "updatedTime": moment.isoformat(),
        "opportunity": amount,
    }


def api_filter(conds: list[tuple[str, str, int | str]]) -> dict[str, Any]:
    flt: dict[str, Any] = {}
    for field, op, raw in conds:
        value: Any = raw
        name = {"amount": "opportunity", "stage": "stageId", "minute": "updatedTime"}.get(
            field, field
        )
        if field == "minute":
            value = (BASE + timedelta(minutes=int(value))).astimezone(ZONES[1]).isoformat()
        if op in ("@", "!@"):
            value = [value, STAGES[0] if field == "stage" else 0]
        flt[f"{op}{name}"] = value
    return flt


def reference(specs: list[dict[str, Any]], conds: list[tuple[str, str, Any]]) -> list[int]:
    out = []
    for i, spec in enumerate(specs, start=1):
        values = {"id": i, **spec}
        ok = True
        for field, op, value in conds:
            actual = values[field]
            if op in ("@", "!@"):
                members = {value, STAGES[0] if field == "stage" else 0}
                hit = actual in members
                ok &= hit if op == "@" else not hit
            elif actual is None:
                ok &= op == "!"  # "not equal" keeps empty values; comparisons drop them
            else:
                ok &= OPS[op](actual, value)
        if ok:
            out.append(i)
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(row, min_size=0, max_size=130),
    st.lists(condition, max_size=3, unique_by=lambda c: (c[0], c[1])),
)
def test_filters_and_paging_match_the_reference(specs, conds) -> None:
    snapshot = {
        "portal": {},
        "crm.item.list": {"2": [record(i, s) for i, s in enumerate(specs, 1)]},
    }
    emu = PortalEmulator(snapshot, limit=None)
    expected = reference(specs, conds)
    flt = api_filter(conds)
    counted, start = [], 0
    while True:
        body = emu.call("crm.item.list", {"entityTypeId": 2, "filter": flt, "start": start})
        counted += [item["id"] for item in body["result"]["items"]]
        assert body["total"] == len(expected)
        if "next" not in body:
            break
        start = body["next"]
    assert counted == expected
    fast, last = [], 0
    while True:
        params = {"entityTypeId": 2, "filter": {**flt, ">id": last}, "start": -1,
                  "order": {"id": "ASC"}, "select": ["id"]}  # fmt: skip
        page = [item["id"] for item in emu.call("crm.item.list", params)["result"]["items"]]
        fast += page
        if len(page) < 50:
            break
        last = page[-1]
    if not any(c[0] == "id" and c[1] in (">", ">=") for c in conds):
        assert fast == expected
    newest_first = emu.call("crm.item.list", {"entityTypeId": 2, "filter": flt,
                                              "order": {"updatedTime": "DESC"}})  # fmt: skip
    moments = [specs[item["id"] - 1]["minute"] for item in newest_first["result"]["items"]]
    assert moments == sorted(moments, reverse=True)
