"""Write methods for smart processes, which the portal plan store needs.

| method | answer |
|---|---|
| crm.type.add | ``result.type`` (the new smart process; ``entityTypeId`` even, from 1030) |
| crm.type.list / crm.type.get | ``result.types[]`` / ``result.type`` |
| userfieldconfig.add | ``result.field`` (``entityId`` ``CRM_<type id>``, ``UF_CRM_<id>_...``) |
| userfieldconfig.list | ``result.fields[]`` |
| crm.item.fields | ``result.fields{camelName: {type, title, upperName, ...}}`` |
| crm.item.add / update / get | ``result.item`` (camelCase; UF fields as ``ufCrm<id><Name>``) |
| crm.item.delete | ``result: []`` |

``crm.item.list`` for the smart process is the read method of :mod:`.read_methods`; every
item carries every user field of its type (``null`` when empty), as the portal answers.
Shapes follow the official docs (``api-reference/crm/universal/...``,
``tutorials/crm/how-to-add-crm-objects/how-to-add-user-field-to-spa.md``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

from b24sync.emulator.listing import query
from b24sync.emulator.registry import ApiError, CallContext, as_int, get_ci, method
from b24sync.emulator.tables import Table

TYPES = "crm.type.list"
FIELDS = "userfieldconfig.list"
ITEMS = "crm.item.list"
_FLAGS = (
    "isCategoriesEnabled", "isStagesEnabled", "isBeginCloseDatesEnabled", "isClientEnabled",
    "isUseInUserfieldEnabled", "isLinkWithProductsEnabled", "isMycompanyEnabled",
    "isDocumentsEnabled", "isSourceEnabled", "isObserversEnabled", "isRecyclebinEnabled",
    "isAutomationEnabled", "isBizProcEnabled", "isSetOpenPermissions", "isPaymentsEnabled",
    "isCountersEnabled",
)  # fmt: skip
_USER_TYPES = {"string": "string", "double": "double", "integer": "integer", "boolean": "boolean"}
NOT_FOUND = ApiError(400, "NOT_FOUND", "Element not found")


def camel_name(upper: str) -> str:
    """``UF_CRM_1030_KIND`` -> ``ufCrm1030Kind``; ``UF_CRM_7_1787`` -> ``ufCrm7_1787``."""
    parts = upper.lower().split("_")
    out = parts[0]
    for previous, part in itertools.pairwise(parts):
        if previous.isdigit() and part[:1].isdigit():
            out += "_"
        out += part[:1].upper() + part[1:]
    return out


def _table(ctx: CallContext, name: str, sub: Any = "") -> Table:
    key = (name, "" if sub in ("", None) else str(sub))
    if key not in ctx.data.tables:
        ctx.data.tables[key] = Table("id", [], ctx.data.tz)
    return ctx.data.tables[key]


def _fields_param(params: Mapping[str, Any]) -> dict[str, Any]:
    fields = get_ci(params, "fields")
    if not isinstance(fields, Mapping):
        raise ApiError(400, "100", "Could not find value for parameter {fields}")
    return dict(fields)


def _flag(value: Any) -> str:
    return "Y" if str(value).upper() in ("Y", "TRUE", "1") else "N"


@method("crm.type.add", scope="crm", write=True)
def crm_type_add(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Create a smart process; ``entityTypeId`` given or the next free even id from 1030."""
    fields = _fields_param(params)
    if not str(fields.get("title") or "").strip():
        raise ApiError(400, "INVALID_ARG_VALUE", "Field 'title' is required")
    types = _table(ctx, TYPES)
    used = {int(t["entityTypeId"]) for t in types.records()}
    etid = fields.get("entityTypeId")
    if etid in (None, ""):
        etid = 1030
        while etid in used:
            etid += 2
    etid = as_int(etid, "entityTypeId")
    if not (128 <= etid <= 192 or (etid >= 1030 and etid % 2 == 0)) or etid in used:
        raise ApiError(400, "INVALID_ARG_VALUE", "entityTypeId is out of allowed range")
    stamp = ctx.stamp()
    record: dict[str, Any] = {"id": ctx.data.next_id(TYPES), "title": str(fields["title"]),
                              "code": "", "createdBy": 1, "entityTypeId": etid}  # fmt: skip
    record.update({flag: _flag(fields.get(flag, "N")) for flag in _FLAGS})
    record.update(
        createdTime=stamp, updatedTime=stamp, updatedBy=1, customSectionId=None,
        relations={"parent": [], "child": []}, linkedUserFields={}, customSections=[],
    )  # fmt: skip
    types.put(record)
    _table(ctx, ITEMS, etid)
    return {"result": {"type": record}}


@method("crm.type.list", scope="crm")
def crm_type_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Smart processes (``result.types``), with filter, order and ``start``."""
    page = query(
        _table(ctx, TYPES),
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order"),
        start=get_ci(params, "start"),
    )
    return page.envelope({"types": page.rows})


@method("crm.type.get", scope="crm")
def crm_type_get(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """One smart process by its ``id``."""
    record = _table(ctx, TYPES).get(as_int(get_ci(params, "id"), "id"))
    if record is None:
        raise ApiError(400, "NOT_FOUND", "Smart process not found")
    return {"result": {"type": record}}


def _type_by_entity(ctx: CallContext, params: Mapping[str, Any]) -> dict[str, Any] | None:
    etid = as_int(get_ci(params, "entityTypeId"), "entityTypeId")
    return next((t for t in _table(ctx, TYPES).records() if t["entityTypeId"] == etid), None)


def _user_fields(ctx: CallContext, type_id: int) -> list[dict[str, Any]]:
    entity = f"CRM_{type_id}"
    return [f for f in _table(ctx, FIELDS).records() if f["entityId"] == entity]


@method("userfieldconfig.add", scope="userfieldconfig", write=True)
def userfieldconfig_add(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Add a user field to a smart process (``moduleId`` crm, ``entityId`` CRM_<type id>)."""
    if str(get_ci(params, "moduleId") or "") != "crm":
        raise ApiError(400, "INVALID_ARG_VALUE", "moduleId must be crm")
    field = get_ci(params, "field")
    if not isinstance(field, Mapping):
        raise ApiError(400, "100", "Could not find value for parameter {field}")
    entity, name = str(field.get("entityId", "")), str(field.get("fieldName", ""))
    match = re.fullmatch(r"CRM_(\d+)", entity)
    if not match or _table(ctx, TYPES).get(int(match.group(1))) is None:
        raise ApiError(400, "INVALID_ARG_VALUE", f"Unknown entityId {entity}")
    if not name.startswith(f"UF_{entity}_") or len(name) > 50 or not name.isupper():
        raise ApiError(400, "INVALID_ARG_VALUE", f"Invalid fieldName {name}")
    user_type = str(field.get("userTypeId", ""))
    if user_type not in _USER_TYPES:
        raise ApiError(400, "INVALID_ARG_VALUE", f"Unsupported userTypeId {user_type}")
    if any(f["fieldName"] == name for f in _table(ctx, FIELDS).records()):
        raise ApiError(400, "INVALID_ARG_VALUE", f"Field {name} already exists")
    labels = dict(field.get("editFormLabel") or {})
    record = {
        "id": str(ctx.data.next_id(FIELDS)), "entityId": entity, "fieldName": name,
        "userTypeId": user_type, "xmlId": None, "sort": str(field.get("sort", "100")),
        "multiple": _flag(field.get("multiple", "N")), "mandatory": "N", "showFilter": "N",
        "showInList": "Y", "editInList": "Y", "isSearchable": "N", "settings": {},
        "languageId": {k: k for k in labels}, "editFormLabel": labels,
    }  # fmt: skip
    _table(ctx, FIELDS).put(record)
    return {"result": {"field": record}}


@method("userfieldconfig.list", scope="userfieldconfig")
def userfieldconfig_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """User fields (``result.fields``), filtered e.g. by ``entityId``."""
    page = query(_table(ctx, FIELDS), flt=get_ci(params, "filter"), start=get_ci(params, "start"))
    return page.envelope({"fields": page.rows})


@method("crm.item.fields", scope="crm")
def crm_item_fields(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """The fields of a smart process's items, keyed by camelCase name, with ``upperName``."""
    kind = _type_by_entity(ctx, params)
    if kind is None:
        raise ApiError(400, "NOT_FOUND", "Smart process not found")
    fields: dict[str, Any] = {
        "id": {"type": "integer", "isReadOnly": True, "title": "ID", "upperName": "ID"},
        "title": {"type": "string", "isReadOnly": False, "title": "Название",
                  "upperName": "TITLE"},
    }  # fmt: skip
    for uf in _user_fields(ctx, kind["id"]):
        fields[camel_name(uf["fieldName"])] = {
            "type": uf["userTypeId"], "isRequired": False, "isReadOnly": False,
            "isMultiple": uf["multiple"] == "Y", "title": uf["fieldName"],
            "upperName": uf["fieldName"],
        }  # fmt: skip
    return {"result": {"fields": fields}}


def _item_context(ctx: CallContext, params: Mapping[str, Any]) -> tuple[Table, dict[str, str]]:
    kind = _type_by_entity(ctx, params)
    if kind is None:
        raise ApiError(400, "NOT_FOUND", "Smart process not found")
    types = {camel_name(f["fieldName"]): f["userTypeId"] for f in _user_fields(ctx, kind["id"])}
    return _table(ctx, ITEMS, kind["entityTypeId"]), types


def _coerce(value: Any, user_type: str) -> Any:
    if value is None or value == "":
        return None
    try:
        if user_type == "double":
            return float(value)
        if user_type == "integer":
            return int(float(value))
    except (TypeError, ValueError):
        raise ApiError(400, "INVALID_ARG_VALUE", f"Invalid value {value!r}") from None
    if user_type == "boolean":
        return _flag(value)
    return str(value)


def _apply_fields(item: dict[str, Any], fields: Mapping[str, Any], types: dict[str, str]) -> None:
    lookup = {name.lower(): name for name in types}
    for key, value in fields.items():
        name = lookup.get(camel_name(str(key)).lower()) or lookup.get(str(key).lower())
        if name is not None:
            item[name] = _coerce(value, types[name])
        elif str(key).lower() == "title":
            item["title"] = str(value)


@method("crm.item.add", scope="crm", write=True)
def crm_item_add(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Create an item; unknown fields are ignored as the portal does."""
    table, types = _item_context(ctx, params)
    fields = _fields_param(params)
    etid = as_int(get_ci(params, "entityTypeId"), "entityTypeId")
    stamp = ctx.stamp()
    item: dict[str, Any] = {
        "id": ctx.data.next_id(f"{ITEMS}:{etid}"), "xmlId": None, "title": "",
        "createdBy": 1, "updatedBy": 1, "movedBy": 1, "createdTime": stamp,
        "updatedTime": stamp, "movedTime": stamp, "categoryId": 0, "opened": "Y",
        "assignedById": 1, "entityTypeId": etid,
    }  # fmt: skip
    item.update(dict.fromkeys(types))
    _apply_fields(item, fields, types)
    if not item["title"]:
        item["title"] = f"#{item['id']}"
    table.put(item)
    return {"result": {"item": item}}


def _existing(table: Table, params: Mapping[str, Any]) -> dict[str, Any]:
    item = table.get(as_int(get_ci(params, "id"), "id"))
    if item is None:
        raise NOT_FOUND
    return item


@method("crm.item.update", scope="crm", write=True)
def crm_item_update(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Change the given fields of an item."""
    table, types = _item_context(ctx, params)
    item = _existing(table, params)
    _apply_fields(item, _fields_param(params), types)
    item["updatedTime"] = ctx.stamp()
    table.put(item)
    return {"result": {"item": item}}


@method("crm.item.get", scope="crm")
def crm_item_get(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """One item by ``id``."""
    table, _types = _item_context(ctx, params)
    return {"result": {"item": _existing(table, params)}}


@method("crm.item.delete", scope="crm", write=True)
def crm_item_delete(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Delete an item (``result: []``)."""
    table, _types = _item_context(ctx, params)
    if not table.delete(as_int(get_ci(params, "id"), "id")):
        raise NOT_FOUND
    return {"result": []}
