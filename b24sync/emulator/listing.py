"""Paged list queries shared by every ``*.list``/``*.get`` method: filter, order, select,
``start`` pages of 50 with ``total``/``next``, and ``start=-1`` (no count, ``total: 0``).

With the default order (by id) and ``start=-1`` the table is scanned in chunks from the id
window, so a fast-export page costs about one page of work however big the table is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from b24sync.emulator.filters import Condition, make_condition, split_key
from b24sync.emulator.registry import ApiError, as_int
from b24sync.emulator.tables import Table

PAGE = 50
_CHUNK = 4096


@dataclass
class Page:
    """One answer page: records (as the method returns them), total and next start."""

    rows: list[dict[str, Any]]
    total: int
    next: int | None

    def envelope(self, result: Any) -> dict[str, Any]:
        """``{"result": result, "total": ..., "next": ...}`` (no ``next`` on the last page)."""
        body: dict[str, Any] = {"result": result, "total": self.total}
        if self.next is not None:
            body["next"] = self.next
        return body


def conditions(table: Table, flt: Any, *, strict: bool = False) -> list[Condition]:
    """Conditions of a filter mapping; unknown fields are an error only when ``strict``."""
    if flt in (None, "", []):
        return []
    if not isinstance(flt, Mapping):
        raise ApiError(400, "INVALID_ARG_VALUE", "Parameter 'filter' must be an object")
    out: list[Condition] = []
    for key, raw in flt.items():
        op, name = split_key(str(key))
        column = table.resolve(name)
        if column is None:
            if strict and table.columns:
                text = f"Invalid filter: field '{name}' is not allowed in filter"
                raise ApiError(400, "INVALID_ARG_VALUE", text)
            if name.startswith(":") or name.upper() in ("LOGIC", "BINDINGS"):
                continue
            column = name  # a field no record has: matches nothing (or everything for "!")
        out.append(make_condition(column, op, raw, table.tz))
    return out


def sort_keys(table: Table, order: Any) -> list[tuple[str, bool]]:
    """``[(column, descending), ...]`` from an order mapping; unknown fields are skipped."""
    if not order or not isinstance(order, Mapping):
        return []
    keys = []
    for name, direction in order.items():
        column = table.resolve(str(name))
        if column is not None:
            keys.append((column, str(direction).strip().upper() == "DESC"))
    return keys


def selection(table: Table, select: Any, always: Iterable[str] = ()) -> set[str] | None:
    """The columns to return, or None for all (empty select, ``*``)."""
    if isinstance(select, Mapping):
        select = list(select.values())
    if isinstance(select, str):
        select = [select]
    if not select:
        return None
    keep = {table.id_field, *always}
    for item in select:
        name = str(item)
        if name == "*":
            return None
        if name.endswith("*"):  # "ufCrm*", "UF_*"
            prefix = name[:-1].replace("_", "").lower()
            keep.update(c for c in table.columns if c.replace("_", "").lower().startswith(prefix))
            continue
        column = table.resolve(name)
        if column is not None:
            keep.add(column)
    return keep


def query(
    table: Table,
    *,
    flt: Any = None,
    order: Any = None,
    select: Any = None,
    start: Any = 0,
    strict_filter: bool = False,
) -> Page:
    """Run one list call against ``table``: the page at ``start`` (``-1``: no count)."""
    offset = as_int(start, "start", 0)
    conds = conditions(table, flt, strict=strict_filter)
    keys = sort_keys(table, order)
    keep = selection(table, select)
    lo, hi, rest = table.id_window(conds)
    by_id = not keys or (len(keys) == 1 and keys[0][0] == table.id_field)
    descending = bool(keys and keys[0][1])
    if offset < 0 and by_id:
        positions = _scan(table, rest, lo, hi, descending)
    else:
        found = table.matching(rest, lo, hi)
        positions = list(found[::-1] if (by_id and descending) else found)
        if not by_id:
            positions = _sorted(table, positions, keys)
    rows_at = positions[:PAGE] if offset < 0 else positions[offset : offset + PAGE]
    rows = [table.record_at(int(p), keep) for p in rows_at]
    if offset < 0:
        return Page(rows, 0, None)
    total = len(positions)
    return Page(rows, total, offset + PAGE if offset + PAGE < total else None)


def _scan(table: Table, rest: list[Condition], lo: int, hi: int, descending: bool) -> list[int]:
    """The first page of matches in id order, evaluated chunk by chunk."""
    found: list[int] = []
    chunk = 256
    while lo < hi and len(found) < PAGE:
        if descending:
            part = table.matching(rest, max(lo, hi - chunk), hi)[::-1]
            hi = max(lo, hi - chunk)
        else:
            part = table.matching(rest, lo, min(hi, lo + chunk))
            lo = min(hi, lo + chunk)
        found.extend(int(p) for p in part)
        chunk = min(chunk * 4, _CHUNK * 64)
    return found[:PAGE]


def _sorted(table: Table, positions: list[int], keys: list[tuple[str, bool]]) -> list[int]:
    """Positions ordered by ``keys`` (nulls first ascending), ties by id ascending."""
    ordered = sorted(positions)
    for column, desc in reversed(keys):
        values = table.normalized(column)

        def key(position: int, values: Any = values) -> tuple[int, Any]:
            return _rank(values[position])

        ordered.sort(key=key, reverse=desc)
    return ordered


def _rank(value: Any) -> tuple[int, Any]:
    if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
        return (0, 0.0)
    if isinstance(value, float | np.floating):
        return (1, float(value))
    return (2, str(value))
