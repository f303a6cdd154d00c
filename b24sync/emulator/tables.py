"""Compact, indexed storage of the emulated portal's records.

A :class:`Table` keeps each record as a tuple over the table's columns (records stay exactly
as the method returns them: same keys, same value types, same key order), indexed by id.
Queries use a sorted id array (``>id`` pages cost O(page)) and normalised columns built
lazily (numeric and datetime columns as float arrays), so a million activities answer a
filtered page without a Python loop over every record. Any change drops the derived indexes;
they are rebuilt on the next query.

:class:`PortalData` is the whole portal: the ``portal`` block plus one table per method (and
per ``entityTypeId`` for methods keyed by it), in the snapshot format of issue A.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from b24sync.emulator.filters import Condition, Norm, normalize

_MISSING = object()

# methods whose snapshot value is keyed by entityTypeId, and each table's id field
KEYED_METHODS = ("crm.item.list", "crm.stagehistory.list", "crm.category.list")
ID_FIELDS = {
    "crm.item.list": "id",
    "tasks.task.list": "id",
    "crm.category.list": "id",
    "crm.currency.list": "CURRENCY",
}


def column_key(name: str) -> str:
    """Field names match ignoring case and underscores: ``STAGE_ID`` ~ ``stageId``."""
    return name.replace("_", "").lower()


class Table:
    """Records of one method (and entity type), kept as tuples, indexed by id."""

    def __init__(self, id_field: str, rows: Iterable[Mapping[str, Any]], tz: ZoneInfo) -> None:
        self.id_field = id_field
        self.tz = tz
        self.columns: list[str] = []
        self._lookup: dict[str, str] = {}
        self._index: dict[str, int] = {}
        self._rows: dict[Any, tuple[Any, ...]] = {}
        self._ids: list[Any] | None = None
        self._norm: dict[str, np.ndarray | list[Norm]] = {}
        self._shape: tuple[str, ...] = ()
        self.version = 0
        for row in rows:
            self._store(row)

    # ---- records -------------------------------------------------------------------------
    def _store(self, row: Mapping[str, Any]) -> None:
        keys = tuple(row)
        if keys == self._shape:  # the usual case: the same keys in the same order
            values = tuple(row.values())
        else:
            values = self._values(row)
            if keys == tuple(self.columns):
                self._shape = keys
        key = self.key_of(row.get(self.id_field))
        if key in self._rows:
            pass  # a replacement keeps the id order
        elif self._ids is not None and (not self._ids or key > self._ids[-1]):
            self._ids.append(key)
        else:
            self._ids = None
        self._rows[key] = values
        self._norm = {}
        self.version += 1

    def _values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """``row`` as a tuple over the columns (new keys become new columns)."""
        for key in row:
            if key not in self._index:
                self._index[key] = len(self.columns)
                self.columns.append(key)
                self._lookup.setdefault(column_key(key), key)
        values = []
        for column in self.columns:
            value = row.get(column, _MISSING)
            if type(value) is str and len(value) <= 12:
                value = sys.intern(value)
            values.append(value)
        return tuple(values)

    @staticmethod
    def key_of(value: Any) -> Any:
        """The index key of an id: ids compare as ints (``"15"`` == ``15``), codes as strings."""
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)

    def put(self, row: Mapping[str, Any]) -> None:
        """Insert or replace the record with ``row``'s id."""
        self._store(row)

    def get(self, record_id: Any) -> dict[str, Any] | None:
        """The record with ``record_id`` as the method returns it, or None."""
        values = self._rows.get(self.key_of(record_id))
        return None if values is None else self._as_dict(values)

    def delete(self, record_id: Any) -> bool:
        """Remove a record; False when there was none."""
        if self._rows.pop(self.key_of(record_id), None) is None:
            return False
        self._ids = None
        self._norm = {}
        self.version += 1
        return True

    def __len__(self) -> int:
        return len(self._rows)

    def _as_dict(self, values: tuple[Any, ...]) -> dict[str, Any]:
        return {c: v for c, v in zip(self.columns, values, strict=False) if v is not _MISSING}

    def ids(self) -> list[Any]:
        """Every id, ascending."""
        if self._ids is None:
            self._ids = sorted(self._rows)
        return self._ids

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record in id order, as the method returns it."""
        for key in self.ids():
            yield self._as_dict(self._rows[key])

    def record_at(self, position: int, keep: set[str] | None = None) -> dict[str, Any]:
        """The record at ``position`` in id order, limited to the columns in ``keep``."""
        values = self._rows[self.ids()[position]]
        if keep is None:
            return self._as_dict(values)
        return {
            c: v
            for c, v in zip(self.columns, values, strict=False)
            if v is not _MISSING and c in keep
        }

    def resolve(self, name: str) -> str | None:
        """The column a client's field name means (``STAGE_ID`` -> ``stageId``), or None."""
        if name in self._index:
            return name
        return self._lookup.get(column_key(name))

    # ---- query support ---------------------------------------------------------------------
    def normalized(self, column: str) -> np.ndarray | list[Norm]:
        """The column's values in id order, normalised (float array when all numeric)."""
        cached = self._norm.get(column)
        if cached is not None:
            return cached
        index = self._index[column]
        tz = self.tz
        values: list[Norm] = []
        for key in self.ids():
            row = self._rows[key]
            raw = row[index] if index < len(row) else None
            values.append(None if raw is _MISSING else normalize(raw, tz))
        result: np.ndarray | list[Norm] = values
        if all(v is None or type(v) is float for v in values):
            result = np.array([np.nan if v is None else v for v in values], dtype=float)
        self._norm[column] = result
        return result

    def id_window(self, conditions: list[Condition]) -> tuple[int, int, list[Condition]]:
        """Positions ``[lo, hi)`` the id conditions allow, and the conditions left over."""
        ids = self.ids()
        lo, hi, rest = 0, len(ids), []
        numeric = not ids or isinstance(ids[0], int)
        for cond in conditions:
            value = cond.value
            if cond.column != self.id_field or not numeric or not isinstance(value, float):
                rest.append(cond)
                continue
            if cond.op in (">", ">="):
                side = bisect.bisect_right if cond.op == ">" else bisect.bisect_left
                lo = max(lo, side(ids, value))
            elif cond.op in ("<", "<="):
                side = bisect.bisect_left if cond.op == "<" else bisect.bisect_right
                hi = min(hi, side(ids, value))
            elif cond.op == "=":
                lo = max(lo, bisect.bisect_left(ids, value))
                hi = min(hi, bisect.bisect_right(ids, value))
            else:
                rest.append(cond)
        return lo, max(lo, hi), rest

    def matching(self, conditions: list[Condition], lo: int, hi: int) -> np.ndarray:
        """Positions in ``[lo, hi)`` that satisfy every condition."""
        mask = np.ones(hi - lo, dtype=bool)
        for cond in conditions:
            if cond.column not in self._index:
                mask &= cond.op in ("!", "!@")
                continue
            mask &= cond.mask(self.normalized(cond.column)[lo:hi])
        return np.flatnonzero(mask) + lo


class PortalData:
    """The emulated portal: its ``portal`` block and a table per (method, entityTypeId)."""

    def __init__(self, snapshot: Mapping[str, Any]) -> None:
        portal = dict(snapshot.get("portal") or {})
        self.portal = {
            "domain": portal.get("domain", "demo.bitrix24.ru"),
            "timezone": portal.get("timezone", "Europe/Moscow"),
        }
        self.tz = ZoneInfo(self.portal["timezone"])
        self.tables: dict[tuple[str, str], Table] = {}
        self._next_ids: dict[str, int] = {}
        for name, value in snapshot.items():
            if name == "portal":
                continue
            if name in KEYED_METHODS or isinstance(value, Mapping):
                for sub, rows in (value or {}).items():
                    self.tables[(name, str(sub))] = Table(ID_FIELDS.get(name, "ID"), rows, self.tz)
            else:
                self.tables[(name, "")] = Table(ID_FIELDS.get(name, "ID"), value or [], self.tz)

    def table(self, name: str, sub: Any = "", *, create: bool = False) -> Table | None:
        """The table of method ``name`` (and entity type ``sub``); made empty if ``create``."""
        key = (name, "" if sub in ("", None) else str(sub))
        found = self.tables.get(key)
        if found is None and create:
            found = self.tables[key] = Table(ID_FIELDS.get(name, "ID"), [], self.tz)
        return found

    def next_id(self, counter: str) -> int:
        """A fresh id for ``counter`` (e.g. ``"crm.item.list:2"``), above every id in use."""
        if counter not in self._next_ids:
            name, _, sub = counter.partition(":")
            table = self.table(name, sub)
            ids = [i for i in (table.ids() if table else []) if isinstance(i, int)]
            self._next_ids[counter] = max(ids, default=0)
        self._next_ids[counter] += 1
        return self._next_ids[counter]

    def snapshot(self) -> dict[str, Any]:
        """The current data in the snapshot format (fresh lists of fresh dicts)."""
        out: dict[str, Any] = {"portal": dict(self.portal)}
        for (name, sub), table in self.tables.items():
            rows = list(table.records())
            if sub:
                out.setdefault(name, {})[sub] = rows
            else:
                out[name] = rows
        return out
