"""The read methods of the portal, each answering in the documented shape.

| method | rows at | request keys | values |
|---|---|---|---|
| crm.item.list | result.items | camelCase, entityTypeId | typed |
| crm.stagehistory.list | result.items | UPPER, entityTypeId | typed ints |
| crm.activity.list | result | UPPER | strings |
| tasks.task.list | result.tasks | UPPER (answer camelCase) | strings |
| user.get | result | sort/order top level, FILTER | strings, ACTIVE bool |
| department.get | result | top-level filter keys, START | strings |
| crm.category.list | result.categories | entityTypeId | typed |
| crm.status.list, sonet_group.get, crm.currency.list | result | order, filter | strings |
"""

from __future__ import annotations

from typing import Any

from b24sync.emulator.listing import query
from b24sync.emulator.registry import ApiError, CallContext, as_int, get_ci, method
from b24sync.emulator.tables import Table

# entity types crm.item.list knows without a smart process: lead, deal, contact, company,
# quote, smart invoice
SYSTEM_ENTITY_TYPES = {1, 2, 3, 4, 7, 31}


def _entity_table(ctx: CallContext, name: str, params: dict[str, Any]) -> Table:
    etid = as_int(get_ci(params, "entityTypeId"), "entityTypeId")
    table = ctx.data.table(name, etid)
    if table is None:
        if etid not in SYSTEM_ENTITY_TYPES:
            raise ApiError(400, "NOT_FOUND", "Smart process not found")
        table = ctx.data.table(name, etid, create=True)
    assert table is not None
    return table


def _plain_table(ctx: CallContext, name: str) -> Table:
    table = ctx.data.table(name, create=True)
    assert table is not None
    return table


@method("crm.item.list", scope="crm")
def crm_item_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Deals, leads and smart-process items (``result.items``, camelCase, typed)."""
    table = _entity_table(ctx, "crm.item.list", params)
    page = query(
        table,
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order"),
        select=get_ci(params, "select"),
        start=get_ci(params, "start"),
        strict_filter=True,
    )
    return page.envelope({"items": page.rows})


@method("crm.stagehistory.list", scope="crm")
def crm_stagehistory_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Stage moves of deals and leads (``result.items``, UPPER keys)."""
    table = _entity_table(ctx, "crm.stagehistory.list", params)
    page = query(
        table,
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order"),
        select=get_ci(params, "select"),
        start=get_ci(params, "start"),
    )
    return page.envelope({"items": page.rows})


def _plain_list(ctx: CallContext, name: str, params: dict[str, Any]) -> dict[str, Any]:
    page = query(
        _plain_table(ctx, name),
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order"),
        select=get_ci(params, "select"),
        start=get_ci(params, "start"),
    )
    return page.envelope(page.rows)


@method("crm.activity.list", scope="crm")
def crm_activity_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Activities (``result`` rows, every value a string)."""
    return _plain_list(ctx, "crm.activity.list", params)


@method("crm.status.list", scope="crm")
def crm_status_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Stages, lead statuses, sources (filter ``ENTITY_ID``)."""
    return _plain_list(ctx, "crm.status.list", params)


@method("crm.currency.list", scope="crm")
def crm_currency_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Currencies with their rates against the base currency."""
    return _plain_list(ctx, "crm.currency.list", params)


@method("sonet_group.get", scope="sonet_group")
def sonet_group_get(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Workgroups and projects (``ORDER``, ``FILTER``, ``start``)."""
    return _plain_list(ctx, "sonet_group.get", params)


@method("crm.category.list", scope="crm")
def crm_category_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Pipelines of an entity type (``result.categories``)."""
    table = _entity_table(ctx, "crm.category.list", params)
    page = query(
        table,
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order") or {"sort": "ASC"},
        start=get_ci(params, "start"),
    )
    return page.envelope({"categories": page.rows})


@method("tasks.task.list", scope="task")
def tasks_task_list(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Tasks (UPPER keys in the request, camelCase string values in ``result.tasks``)."""
    page = query(
        _plain_table(ctx, "tasks.task.list"),
        flt=get_ci(params, "filter"),
        order=get_ci(params, "order"),
        select=get_ci(params, "select"),
        start=get_ci(params, "start"),
    )
    return page.envelope({"tasks": page.rows})


_USER_PARAMS = {"sort", "order", "filter", "select", "start", "admin_mode", "auth"}


@method("user.get", scope="user")
def user_get(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Users, fired ones included (``sort``/``order`` top level, ``FILTER`` or top-level keys)."""
    flt = dict(get_ci(params, "filter") or {})
    flt.update({k: v for k, v in params.items() if str(k).lower() not in _USER_PARAMS})
    return _top_level_list(ctx, "user.get", params, flt)


@method("department.get", scope="department")
def department_get(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """Departments (filters are top-level keys: ``ID``, ``NAME``, ``PARENT``, ``UF_HEAD``)."""
    flt = {k: v for k, v in params.items() if str(k).lower() not in _USER_PARAMS}
    return _top_level_list(ctx, "department.get", params, flt)


def _top_level_list(
    ctx: CallContext, name: str, params: dict[str, Any], flt: dict[str, Any]
) -> dict[str, Any]:
    sort = get_ci(params, "sort")
    order = {str(sort): str(get_ci(params, "order") or "ASC")} if sort else None
    page = query(
        _plain_table(ctx, name),
        flt=flt,
        order=order,
        select=get_ci(params, "select"),
        start=get_ci(params, "start"),
    )
    return page.envelope(page.rows)


@method("server.time", scope=None)
def server_time(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
    """The portal's current time in its zone."""
    return {"result": ctx.stamp()}
