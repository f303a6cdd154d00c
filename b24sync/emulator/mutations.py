"""Changes to the emulated portal between syncs, made the way the portal makes them.

Every change stamps the record's modification field (``updatedTime`` for CRM items,
``LAST_UPDATED`` for activities, ``changedDate`` for tasks, ``TIMESTAMP_X`` for users) with
``at`` (an aware datetime or ISO string; the emulator clock by default) and, for a stage or
pipeline move, appends a ``crm.stagehistory.list`` record: TYPE_ID 2 to an intermediate
stage, 3 to a final one, 5 for a pipeline change. Deletions remove the record (lists cannot
show deleted records, exactly as on the portal).

Field values are stored as given, so pass them in the method's own types: typed values for
``crm.item.list`` (``opportunity=1500.0``), strings for activities and tasks.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from b24sync.emulator.tables import Table

if TYPE_CHECKING:
    from b24sync.emulator.core import PortalEmulator

LEAD, DEAL = 1, 2
# entity keys accepted by delete()
ENTITY_TABLES = {
    "lead": ("crm.item.list", "1"),
    "deal": ("crm.item.list", "2"),
    "activity": ("crm.activity.list", ""),
    "task": ("tasks.task.list", ""),
    "user": ("user.get", ""),
}


class Mutations:
    """Adds, changes and deletes records of a running :class:`PortalEmulator`."""

    def __init__(self, emulator: PortalEmulator) -> None:
        self._emu = emulator

    # ---- helpers ---------------------------------------------------------------------------
    def _stamp(self, at: datetime | str | None) -> str:
        tz = self._emu.data.tz
        if at is None:
            moment = self._emu.clock()
        elif isinstance(at, str):
            moment = datetime.fromisoformat(at)
        else:
            moment = at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return moment.astimezone(tz).replace(microsecond=0).isoformat()

    def _table(self, name: str, sub: Any = "") -> Table:
        table = self._emu.data.table(name, sub, create=True)
        assert table is not None
        return table

    def _existing(self, table: Table, record_id: Any, what: str) -> dict[str, Any]:
        record = table.get(record_id)
        if record is None:
            raise KeyError(f"no {what} with id {record_id}")
        return record

    def semantic(self, entity_type_id: int, category_id: int, stage_id: str) -> str:
        """P, S or F of a deal stage / lead status, from ``crm.status.list``."""
        if entity_type_id == LEAD:
            entity = "STATUS"
        else:
            entity = "DEAL_STAGE" if not category_id else f"DEAL_STAGE_{category_id}"
        for row in self._table("crm.status.list").records():
            if row.get("ENTITY_ID") == entity and row.get("STATUS_ID") == stage_id:
                return str(row.get("SEMANTICS") or "P")
        return "P"

    def _history(self, etid: int, owner: int, type_id: int, item: dict[str, Any], at: str) -> None:
        data = self._emu.data
        history = self._table("crm.stagehistory.list", etid)
        row: dict[str, Any] = {
            "ID": data.next_id(f"crm.stagehistory.list:{etid}"),
            "TYPE_ID": type_id,
            "OWNER_ID": owner,
            "CREATED_TIME": at,
        }
        if etid == LEAD:
            row.update(STATUS_SEMANTIC_ID=item["stageSemanticId"], STATUS_ID=item["stageId"])
        else:
            row.update(
                CATEGORY_ID=item.get("categoryId", 0),
                STAGE_SEMANTIC_ID=item["stageSemanticId"],
                STAGE_ID=item["stageId"],
            )
        history.put(row)

    # ---- CRM items (deals, leads) ----------------------------------------------------------
    def add_item(self, entity_type_id: int, at: datetime | str | None = None, **fields: Any) -> int:
        """Create a deal/lead (``fields`` in crm.item.list keys); its creation history row too."""
        with self._emu.lock:
            stamp = self._stamp(at)
            new_id = self._emu.data.next_id(f"crm.item.list:{entity_type_id}")
            category = int(fields.get("categoryId", 0) or 0)
            stage = fields.get("stageId") or ("NEW" if not category else f"C{category}:NEW")
            semantic = self.semantic(entity_type_id, category, stage)
            item: dict[str, Any] = {
                "id": new_id,
                "title": f"#{new_id}",
                "stageId": stage,
                "stageSemanticId": semantic,
                "opportunity": 0.0,
                "currencyId": "RUB",
                "assignedById": 1,
                "createdTime": stamp,
                "updatedTime": stamp,
                "movedTime": stamp,
            }
            if entity_type_id != LEAD:
                item.update(categoryId=category, closed="Y" if semantic in "SF" else "N")
            item.update(fields)
            item.update(id=new_id, stageId=stage, stageSemanticId=semantic)
            self._table("crm.item.list", entity_type_id).put(item)
            self._history(entity_type_id, new_id, 1, item, stamp)
            return new_id

    def update_item(
        self, entity_type_id: int, item_id: int, at: datetime | str | None = None, **fields: Any
    ) -> None:
        """Change fields of a deal/lead; a new ``stageId``/``categoryId`` moves it."""
        with self._emu.lock:
            table = self._table("crm.item.list", entity_type_id)
            item = self._existing(table, item_id, "item")
            stage = fields.pop("stageId", None)
            category = fields.pop("categoryId", None)
            stamp = self._stamp(at)
            item.update(fields)
            item["updatedTime"] = stamp
            table.put(item)
            if stage is not None or category is not None:
                self.move_stage(entity_type_id, item_id, stage, at=stamp, category_id=category)

    def move_stage(
        self,
        entity_type_id: int,
        item_id: int,
        stage_id: str | None,
        at: datetime | str | None = None,
        category_id: int | None = None,
    ) -> None:
        """Move an item to ``stage_id`` (and pipeline ``category_id``), with history."""
        with self._emu.lock:
            table = self._table("crm.item.list", entity_type_id)
            item = self._existing(table, item_id, "item")
            stamp = self._stamp(at)
            old_category = int(item.get("categoryId", 0) or 0)
            category = old_category if category_id is None else int(category_id)
            if stage_id is None:
                stage_id = "NEW" if not category else f"C{category}:NEW"
            semantic = self.semantic(entity_type_id, category, stage_id)
            item.update(stageId=stage_id, stageSemanticId=semantic, updatedTime=stamp)
            item["movedTime"] = stamp
            if entity_type_id != LEAD:
                item.update(categoryId=category, closed="Y" if semantic in "SF" else "N")
                if semantic in "SF":
                    item["closedate"] = stamp
            table.put(item)
            type_id = 5 if category != old_category else (3 if semantic in "SF" else 2)
            self._history(entity_type_id, item_id, type_id, item, stamp)

    def add_deal(self, at: datetime | str | None = None, **fields: Any) -> int:
        """Create a deal; see :meth:`add_item`."""
        return self.add_item(DEAL, at, **fields)

    def update_deal(self, deal_id: int, at: datetime | str | None = None, **fields: Any) -> None:
        """Change a deal; see :meth:`update_item`."""
        self.update_item(DEAL, deal_id, at, **fields)

    def move_deal_stage(
        self,
        deal_id: int,
        stage_id: str,
        at: datetime | str | None = None,
        category_id: int | None = None,
    ) -> None:
        """Move a deal to a stage (and pipeline); see :meth:`move_stage`."""
        self.move_stage(DEAL, deal_id, stage_id, at, category_id)

    def add_lead(self, at: datetime | str | None = None, **fields: Any) -> int:
        """Create a lead; see :meth:`add_item`."""
        return self.add_item(LEAD, at, **fields)

    def update_lead(self, lead_id: int, at: datetime | str | None = None, **fields: Any) -> None:
        """Change a lead (a new ``stageId`` is a status move with history)."""
        self.update_item(LEAD, lead_id, at, **fields)

    # ---- activities, tasks, users ----------------------------------------------------------
    def add_activity(self, at: datetime | str | None = None, **fields: Any) -> int:
        """Create an activity (UPPER keys; values become strings as the method sends them)."""
        return self._add_plain("crm.activity.list", ("ID", "CREATED", "LAST_UPDATED"), at, fields)

    def update_activity(
        self, activity_id: int, at: datetime | str | None = None, **fields: Any
    ) -> None:
        """Change an activity; stamps ``LAST_UPDATED``."""
        self._update_plain("crm.activity.list", activity_id, "LAST_UPDATED", at, fields)

    def add_task(self, at: datetime | str | None = None, **fields: Any) -> int:
        """Create a task (camelCase keys as ``tasks.task.list`` answers; values strings)."""
        return self._add_plain("tasks.task.list", ("id", "createdDate", "changedDate"), at, fields)

    def update_task(self, task_id: int, at: datetime | str | None = None, **fields: Any) -> None:
        """Change a task; stamps ``changedDate``."""
        self._update_plain("tasks.task.list", task_id, "changedDate", at, fields)

    def update_user(self, user_id: int, at: datetime | str | None = None, **fields: Any) -> None:
        """Change a user (e.g. ``ACTIVE=False``); stamps ``TIMESTAMP_X``."""
        self._update_plain("user.get", user_id, "TIMESTAMP_X", at, fields, keep_types=True)

    def _add_plain(
        self,
        name: str,
        keys: tuple[str, str, str],
        at: datetime | str | None,
        fields: dict[str, Any],
    ) -> int:
        """Add a record of a string-valued list; ``keys`` = its (id, created, updated) fields."""
        id_key, created_key, updated_key = keys
        with self._emu.lock:
            stamp = self._stamp(at)
            new_id = self._emu.data.next_id(name)
            row = {created_key: stamp, updated_key: stamp}
            row.update({k: _text(v) for k, v in fields.items()})
            row[id_key] = str(new_id)
            self._table(name).put(row)
            return new_id

    def _update_plain(
        self,
        name: str,
        record_id: int,
        stamp_field: str,
        at: datetime | str | None,
        fields: dict[str, Any],
        keep_types: bool = False,
    ) -> None:
        with self._emu.lock:
            table = self._table(name)
            row = self._existing(table, record_id, name)
            row.update(fields if keep_types else {k: _text(v) for k, v in fields.items()})
            row[stamp_field] = self._stamp(at)
            table.put(row)

    def delete(self, entity: str, record_id: int) -> None:
        """Delete a ``lead``, ``deal``, ``activity``, ``task`` or ``user`` by id."""
        if entity not in ENTITY_TABLES:
            raise KeyError(f"unknown entity {entity!r}; use one of {sorted(ENTITY_TABLES)}")
        name, sub = ENTITY_TABLES[entity]
        with self._emu.lock:
            if not self._table(name, sub).delete(record_id):
                raise KeyError(f"no {entity} with id {record_id}")


def _text(value: Any) -> Any:
    """Old methods send every scalar as a string (None and lists stay as they are)."""
    if value is None or isinstance(value, list | dict):
        return value
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return str(value)
