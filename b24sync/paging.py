"""Pagination of Bitrix24 ``*.list`` methods as a small protocol (after dlt's paginators).

A paginator knows the parameters of the next page, where the rows sit in a method's
``result``, and whether another page follows. Two kinds:

:class:`IdPaginator` - the fast export the docs prescribe for big lists: order by id
ascending, filter ``>id`` with the last id seen, ``start=-1`` (no total count), stop at the
first page shorter than 50. It parses answers such as::

    crm.item.list   {"result": {"items": [{"id": 253, ...}, ...]}, "total": 0, "time": {...}}
    crm.activity.list / user.get   {"result": [{"ID": "20", ...}, ...], ...}
    tasks.task.list {"result": {"tasks": [{"id": "7", ...}, ...]}, ...}

and :meth:`IdPaginator.chain` chains up to 50 pages inside one ``batch`` through
``$result[p0][items][49][id]``, so one HTTP request carries up to 2,500 rows.

:class:`OffsetPaginator` - classic ``start``/``next`` paging for small lists whose methods do
not filter by id (``department.get``, ``crm.status.list``)::

    {"result": [...50 rows...], "next": 50, "total": 120, "time": {...}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from b24sync.batch import MAX_COMMANDS, Command, result_ref
from b24sync.errors import BrokenResponseError

PAGE_SIZE = 50

Row = dict[str, Any]


class Paginator(Protocol):
    """What a paging loop needs: next params, rows of an answer, state update, has_next."""

    has_next: bool

    def next_params(self) -> dict[str, Any]:
        """Parameters of the next page's request."""
        ...

    def rows(self, result: Any) -> list[Row]:
        """The rows inside one answer's ``result``."""
        ...

    def update(self, rows: list[Row], payload: Mapping[str, Any] | None = None) -> None:
        """Advance past ``rows`` (``payload`` is the whole answer when there is one)."""
        ...


def rows_at(result: Any, rows_path: str) -> list[Row]:
    """Rows at ``rows_path`` ("" = the result itself, "items", "tasks", "a.b")."""
    node = result
    for part in [p for p in rows_path.split(".") if p]:
        if isinstance(node, list) and not node:
            return []  # PHP sends an empty object as []
        if not isinstance(node, Mapping):
            raise BrokenResponseError(f"no '{rows_path}' list in the answer")
        node = node.get(part, [])
    if isinstance(node, Mapping):
        node = list(node.values()) if all(str(k).isdigit() for k in node) else None
    if not isinstance(node, list) or not all(isinstance(row, Mapping) for row in node):
        raise BrokenResponseError(f"'{rows_path or 'result'}' is not a list of records")
    return [dict(row) for row in node]


def id_order(value: Any) -> tuple[int, int | str]:
    """A sort key for ids that may be ints or numeric strings ("10" after "9")."""
    text = str(value)
    return (0, int(text)) if text.lstrip("-").isdigit() else (1, text)


class IdPaginator:
    """Fast export by id: ``order {id: ASC}``, ``filter {">id": last}``, ``start: -1``.

    ``id_key`` is the key in ``order``/``filter`` (``ID`` for tasks), ``row_id`` the key in
    each row (``id`` for tasks); ``filter_key``/``order_key`` = ``None`` put the filter at the
    top level / leave ordering to ``params`` (``user.get`` takes ``sort``/``order``).
    """

    def __init__(
        self,
        params: Mapping[str, Any] | None = None,
        *,
        id_key: str = "id",
        row_id: str | None = None,
        rows_path: str = "items",
        filter_key: str | None = "filter",
        order_key: str | None = "order",
        after: Any = None,
    ) -> None:
        self.params = dict(params or {})
        self.id_key = id_key
        self.row_id = row_id or id_key
        self.rows_path = rows_path
        self.filter_key = filter_key
        self.order_key = order_key
        given = self._filter().get(f">{id_key}", 0)
        self.last_id: Any = given if after is None else after
        self.has_next = True

    def _filter(self) -> dict[str, Any]:
        if self.filter_key is None:
            return {k: v for k, v in self.params.items() if k.startswith(("=", "!", "<", ">", "@"))}
        return dict(self.params.get(self.filter_key) or {})

    def params_after(self, last: Any) -> dict[str, Any]:
        """The request for the page after id ``last`` (a value or a ``$result`` reference)."""
        params = dict(self.params)
        if self.filter_key is None:
            params[f">{self.id_key}"] = last
        else:
            params[self.filter_key] = {**self._filter(), f">{self.id_key}": last}
        if self.order_key is not None:
            params[self.order_key] = {self.id_key: "ASC"}
        params["start"] = -1
        return params

    def next_params(self) -> dict[str, Any]:
        return self.params_after(self.last_id)

    def rows(self, result: Any) -> list[Row]:
        return rows_at(result, self.rows_path)

    def update(self, rows: list[Row], payload: Mapping[str, Any] | None = None) -> None:
        """Check the ids rise past the last one, remember the last, stop on a short page."""
        if rows:
            ids = [row.get(self.row_id) for row in rows]
            if any(value is None for value in ids):
                raise BrokenResponseError(f"a record without '{self.row_id}'")
            keys = [id_order(value) for value in ids]
            if keys != sorted(keys) or keys[0] <= id_order(self.last_id):
                raise BrokenResponseError("records are not in ascending id order")
            self.last_id = ids[-1]
        if len(rows) < PAGE_SIZE:
            self.has_next = False

    def chain(self, method: str, pages: int = MAX_COMMANDS) -> dict[str, Command]:
        """``pages`` batch commands ``p0..pN``; each filters ``>id`` by the previous page's
        last row: ``$result[p0][items][49][id]`` (path per ``rows_path``)."""
        path = [part for part in self.rows_path.split(".") if part]
        commands: dict[str, Command] = {"p0": (method, self.params_after(self.last_id))}
        for index in range(1, max(1, min(pages, MAX_COMMANDS))):
            ref = result_ref(f"p{index - 1}", *path, PAGE_SIZE - 1, self.row_id)
            commands[f"p{index}"] = (method, self.params_after(ref))
        return commands


class OffsetPaginator:
    """Classic paging: ``start`` = the ``next`` of the previous answer; stops without it."""

    def __init__(self, params: Mapping[str, Any] | None = None, *, rows_path: str = "") -> None:
        self.params = dict(params or {})
        self.rows_path = rows_path
        self.start: int = int(self.params.pop("start", 0) or 0)
        self.has_next = True

    def next_params(self) -> dict[str, Any]:
        return {**self.params, "start": self.start}

    def rows(self, result: Any) -> list[Row]:
        return rows_at(result, self.rows_path)

    def update(self, rows: list[Row], payload: Mapping[str, Any] | None = None) -> None:
        following = (payload or {}).get("next")
        if isinstance(following, int | str) and str(following).isdigit() and rows:
            if int(following) <= self.start:
                raise BrokenResponseError("'next' does not move forward")
            self.start = int(following)
        else:
            self.has_next = False
