"""Every entity the sync reads from a portal, declared once.

An :class:`Entity` says which method lists it (with which fixed params, e.g. ``entityTypeId``),
which key orders and filters it by id (``id_key``, as the request spells it) and which key holds
the id in the rows (``row_id``, as the response spells it), where the rows sit in ``result``
(``rows_path``), what to ``select``, how it changes (``cursor``), which table keeps it and which
typed columns are pulled out of each record for SQL. The sync loop and the store only read these
specs: there is no per-entity branch anywhere else.

Three kinds of entity:

* ``kind="changes"``: big lists with a modification time. First sync: fast export by id; later
  syncs: only rows with ``cursor >= mark - overlap`` (``updatedTime``, ``LAST_UPDATED``,
  ``CHANGED_DATE``), upserted.
* ``kind="append"``: append-only lists (stage history); later syncs read ``>ID`` the last id.
* ``kind="reference"``: small lists re-read whole every sync (users, departments, pipelines,
  statuses, groups, currencies) and replaced in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Kind = Literal["changes", "append", "reference"]


def _to_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None


def _to_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _to_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _to_bool(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    return int(str(value).upper() in {"Y", "1", "TRUE"})


def _to_utc(value: Any) -> str | None:
    """An API datetime (``2024-08-30T14:29:00+02:00``) as a sortable UTC ISO string."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


CONVERTERS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "int": ("INTEGER", _to_int),
    "float": ("REAL", _to_float),
    "text": ("TEXT", _to_text),
    "bool": ("INTEGER", _to_bool),
    "time": ("TEXT", _to_utc),
}


@dataclass(frozen=True)
class Column:
    """A typed SQL column ``name`` taken from the record's ``key`` (``type`` in CONVERTERS)."""

    name: str
    key: str
    type: str = "text"

    def sql(self) -> str:
        return f"{self.name} {CONVERTERS[self.type][0]}"

    def extract(self, record: Mapping[str, Any]) -> Any:
        return CONVERTERS[self.type][1](record.get(self.key))


@dataclass(frozen=True)
class Entity:
    """One list read from the portal and the table it is kept in (see the module docstring)."""

    name: str
    method: str
    table: str
    kind: Kind
    rows_path: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    id_key: str = "ID"
    row_id: str = "ID"
    select: tuple[str, ...] = ()
    cursor: str | None = None  # filter key of the modification time (kind "changes")
    cursor_row: str | None = None  # the same field as the response spells it
    snapshot_type: str | None = None  # the entityTypeId the snapshot format keys it by
    columns: tuple[Column, ...] = ()

    def base_params(self) -> dict[str, Any]:
        """The fixed params plus ``select`` (without filter, order or start)."""
        params: dict[str, Any] = dict(self.params)
        if self.select:
            params["select"] = list(self.select)
        return params

    def record_id(self, record: Mapping[str, Any]) -> int:
        """The integer id of a record of a keyed (non-reference) entity."""
        return int(record[self.row_id])

    def typed(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        """The typed column values of one record, in the order of ``columns``."""
        return tuple(column.extract(record) for column in self.columns)


def _item_columns(deal: bool) -> tuple[Column, ...]:
    cols = [
        Column("title", "title"),
        Column("stage_id", "stageId"),
        Column("stage_semantic_id", "stageSemanticId"),
        Column("opportunity", "opportunity", "float"),
        Column("currency_id", "currencyId"),
        Column("assigned_by_id", "assignedById", "int"),
        Column("source_id", "sourceId"),
        Column("created_time", "createdTime", "time"),
        Column("updated_time", "updatedTime", "time"),
        Column("last_activity_time", "lastActivityTime", "time"),
    ]
    if deal:
        cols += [
            Column("category_id", "categoryId", "int"),
            Column("closedate", "closedate", "time"),
            Column("company_id", "companyId", "int"),
            Column("contact_id", "contactId", "int"),
        ]
    return tuple(cols)


def _crm_item(name: str, type_id: int) -> Entity:
    return Entity(
        name=name,
        method="crm.item.list",
        table=name,
        kind="changes",
        rows_path="items",
        params={"entityTypeId": type_id},
        id_key="id",
        row_id="id",
        select=("*",),
        cursor="updatedTime",
        cursor_row="updatedTime",
        snapshot_type=str(type_id),
        columns=_item_columns(deal=type_id == 2),
    )


def _stage_history(name: str, type_id: int) -> Entity:
    stage = "STAGE" if type_id == 2 else "STATUS"
    return Entity(
        name=name,
        method="crm.stagehistory.list",
        table=name,
        kind="append",
        rows_path="items",
        params={"entityTypeId": type_id},
        snapshot_type=str(type_id),
        columns=(
            Column("type_id", "TYPE_ID", "int"),
            Column("owner_id", "OWNER_ID", "int"),
            Column("created_time", "CREATED_TIME", "time"),
            Column("category_id", "CATEGORY_ID", "int"),
            Column("stage_semantic_id", f"{stage}_SEMANTIC_ID"),
            Column("stage_id", f"{stage}_ID"),
        ),
    )


ACTIVITIES = Entity(
    name="activities",
    method="crm.activity.list",
    table="activities",
    kind="changes",
    select=("*",),
    cursor="LAST_UPDATED",
    cursor_row="LAST_UPDATED",
    columns=(
        Column("owner_type_id", "OWNER_TYPE_ID", "int"),
        Column("owner_id", "OWNER_ID", "int"),
        Column("type_id", "TYPE_ID", "int"),
        Column("provider_id", "PROVIDER_ID"),
        Column("direction", "DIRECTION", "int"),
        Column("completed", "COMPLETED", "bool"),
        Column("responsible_id", "RESPONSIBLE_ID", "int"),
        Column("created", "CREATED", "time"),
        Column("last_updated", "LAST_UPDATED", "time"),
        Column("start_time", "START_TIME", "time"),
        Column("deadline", "DEADLINE", "time"),
    ),
)

TASK_SELECT = (
    "ID", "TITLE", "DESCRIPTION", "STATUS", "PRIORITY", "CREATED_BY", "CREATED_DATE",
    "RESPONSIBLE_ID", "GROUP_ID", "START_DATE_PLAN", "END_DATE_PLAN", "DATE_START", "DEADLINE",
    "CLOSED_DATE", "CLOSED_BY", "CHANGED_DATE", "ACTIVITY_DATE", "UF_CRM_TASK",
)  # fmt: skip

TASKS = Entity(
    name="tasks",
    method="tasks.task.list",
    table="tasks",
    kind="changes",
    rows_path="tasks",
    id_key="ID",
    row_id="id",
    select=TASK_SELECT,
    cursor="CHANGED_DATE",
    cursor_row="changedDate",
    columns=(
        Column("title", "title"),
        Column("status", "status", "int"),
        Column("responsible_id", "responsibleId", "int"),
        Column("group_id", "groupId", "int"),
        Column("created_date", "createdDate", "time"),
        Column("deadline", "deadline", "time"),
        Column("closed_date", "closedDate", "time"),
        Column("changed_date", "changedDate", "time"),
    ),
)


def _reference(name: str, method: str, *, rows_path: str = "", **kw: Any) -> Entity:
    return Entity(name=name, method=method, table=name, kind="reference", rows_path=rows_path, **kw)


REFERENCES = (
    _reference("users", "user.get", columns=(Column("id", "ID", "int"), Column("name", "NAME"))),
    _reference(
        "departments",
        "department.get",
        columns=(Column("id", "ID", "int"), Column("name", "NAME"), Column("parent", "PARENT")),
    ),
    _reference(
        "deal_categories",
        "crm.category.list",
        rows_path="categories",
        params={"entityTypeId": 2},
        snapshot_type="2",
        columns=(Column("id", "id", "int"), Column("name", "name")),
    ),
    _reference(
        "statuses",
        "crm.status.list",
        columns=(Column("entity_id", "ENTITY_ID"), Column("status_id", "STATUS_ID")),
    ),
    _reference("groups", "sonet_group.get", columns=(Column("id", "ID", "int"),)),
    _reference("currencies", "crm.currency.list", columns=(Column("currency", "CURRENCY"),)),
)

ENTITIES: tuple[Entity, ...] = (
    _crm_item("leads", 1),
    _crm_item("deals", 2),
    _stage_history("lead_stage_history", 1),
    _stage_history("deal_stage_history", 2),
    ACTIVITIES,
    TASKS,
    *REFERENCES,
)

BY_NAME: dict[str, Entity] = {entity.name: entity for entity in ENTITIES}
