"""Reference records of the demo portal: users, departments, pipelines, stages, lead
statuses, sources, deal types, currencies and workgroups, as their methods return them."""

from __future__ import annotations

from typing import Any

from b24sync.demo.catalog import (
    CURRENCIES,
    DEAL_TYPES,
    DEPARTMENTS,
    GROUPS,
    LEAD_STATUSES,
    LOST_COLOR,
    PEOPLE,
    PIPELINES,
    PROCESS_COLORS,
    SOURCES,
    WON_COLOR,
)
from b24sync.demo.deals import employment, stage_code
from b24sync.demo.timeline import fmt

TRANSLIT = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "abvgdeezziiklmnoprstufhccss_y_eua",
)


def users(as_of: int) -> list[dict[str, Any]]:
    """``user.get`` records, fired employees included (``ACTIVE`` false)."""
    out = []
    for person in PEOPLE:
        hired, fired = employment(person)
        active = fired is None or fired > as_of
        city = DEPARTMENTS[person.department - 1][3]
        login = f"{person.name[0]}.{person.last_name}".lower().translate(TRANSLIT)
        last = (fired or as_of) - 3_600 * (person.id % 7 + 1)
        out.append({
            "ID": str(person.id),
            "ACTIVE": active,
            "NAME": person.name,
            "LAST_NAME": person.last_name,
            "SECOND_NAME": person.second_name,
            "EMAIL": f"{login.replace('_', '')}@yuzhny-veter.ru",
            "WORK_POSITION": person.position,
            "PERSONAL_CITY": city,
            "WORK_CITY": city,
            "UF_DEPARTMENT": [person.department],
            "USER_TYPE": "employee",
            "DATE_REGISTER": fmt(hired - 9 * 3_600),
            "LAST_LOGIN": fmt(last),
            "TIMESTAMP_X": fmt(fired or hired),
        })  # fmt: skip
    return out


def departments() -> list[dict[str, Any]]:
    """``department.get`` records; the root (the company) has no ``PARENT``."""
    heads = {p.department: p.id for p in PEOPLE if p.head}
    out = []
    for dep_id, name, parent, _ in DEPARTMENTS:
        row: dict[str, Any] = {"ID": str(dep_id), "NAME": name, "SORT": 500 + dep_id * 10}
        if parent is not None:
            row["PARENT"] = str(parent)
        if dep_id in heads:
            row["UF_HEAD"] = str(heads[dep_id])
        out.append(row)
    return out


def categories() -> list[dict[str, Any]]:
    """``crm.category.list`` entityTypeId 2 records."""
    return [
        {"id": p[0], "name": p[1], "sort": p[2], "entityTypeId": 2,
         "isDefault": "Y" if p[0] == 0 else "N"}
        for p in PIPELINES
    ]  # fmt: skip


def statuses() -> list[dict[str, Any]]:
    """``crm.status.list`` records: deal stages of every pipeline, lead statuses, sources."""
    rows: list[dict[str, Any]] = []

    def add(entity: str, status: str, name: str, sort: int, category: int | None,
            semantics: str | None, extra: str | None, color: str | None) -> None:  # fmt: skip
        row: dict[str, Any] = {
            "ID": str(len(rows) + 1), "ENTITY_ID": entity, "STATUS_ID": status, "NAME": name,
            "NAME_INIT": name, "SORT": str(sort), "SYSTEM": "Y" if extra else "N",
            "CATEGORY_ID": None if category is None else str(category), "COLOR": color,
            "SEMANTICS": semantics,
        }  # fmt: skip
        if extra:
            row["EXTRA"] = {"SEMANTICS": extra, "COLOR": color}
        rows.append(row)

    for pipeline in PIPELINES:
        cat = pipeline[0]
        entity = "DEAL_STAGE" if cat == 0 else f"DEAL_STAGE_{cat}"
        category = None if cat == 0 else cat
        sort = 10
        for number, (suffix, name) in enumerate(pipeline[7]):
            color = PROCESS_COLORS[number % len(PROCESS_COLORS)]
            add(entity, stage_code(cat, suffix), name, sort, category, None, "process", color)
            sort += 10
        add(entity, stage_code(cat, "WON"), pipeline[8], sort, category, "S", "success",
            WON_COLOR)  # fmt: skip
        for suffix, name, kind in pipeline[9]:
            sort += 10
            add(entity, stage_code(cat, suffix), name, sort, category, "F", kind, LOST_COLOR)
    for number, (status, name, semantics, kind) in enumerate(LEAD_STATUSES):
        color = WON_COLOR if semantics == "S" else LOST_COLOR if semantics == "F" else "#39A8EF"
        add("STATUS", status, name, (number + 1) * 10, None, semantics, kind, color)
    for number, (source, name, _) in enumerate(SOURCES):
        add("SOURCE", source, name, (number + 1) * 10, None, None, None, None)
    for number, (type_id, name) in enumerate(DEAL_TYPES):
        add("DEAL_TYPE", type_id, name, (number + 1) * 10, None, None, None, None)
    return rows


def currencies(as_of: int) -> list[dict[str, Any]]:
    """``crm.currency.list`` records (rates as strings; RUB is the base)."""
    return [
        {"CURRENCY": c[0], "AMOUNT_CNT": c[1], "AMOUNT": c[2], "BASE": c[3], "SORT": c[4],
         "FULL_NAME": c[5], "LID": "ru", "FORMAT_STRING": c[6], "DECIMALS": "2",
         "DATE_UPDATE": fmt(as_of - 86_400)}
        for c in CURRENCIES
    ]  # fmt: skip


def groups(as_of: int) -> list[dict[str, Any]]:
    """``sonet_group.get`` records (projects and one plain workgroup)."""
    return [
        {"ID": str(g[0]), "NAME": g[1], "ACTIVE": "Y", "VISIBLE": "Y", "OPENED": "N",
         "CLOSED": g[5], "PROJECT": g[2], "OWNER_ID": str(g[3]), "DATE_CREATE": g[4],
         "DATE_UPDATE": g[4], "DATE_ACTIVITY": fmt(as_of - 86_400 * g[0]),
         "NUMBER_OF_MEMBERS": str(4 + g[0]), "IS_EXTRANET": "N"}
        for g in GROUPS
    ]  # fmt: skip
