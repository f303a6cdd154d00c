"""One sync: fetch from the portal, save into the store. No per-entity branches.

1. **One opening batch** carries ``server.time`` and the first page of every entity of
   :data:`b24sync.entities.ENTITIES`: for a ``changes`` entity rows modified since its cursor
   (``>=updatedTime`` the mark minus the overlap; nothing on the first sync), for an ``append``
   entity rows ``>ID`` its last id, for a ``reference`` list its first page. A sync where
   nothing changed ends here (plus one request if a reference list is longer than 50 rows).
2. Keyed entities whose first page was full continue with the client's fast export (50 pages
   chained per HTTP request). Each page's rows and the cursor land in ONE transaction, so a
   sync killed at any moment resumes where the last committed page ended.
3. Reference lists are replaced whole, in one transaction.
4. Deletions: an id-only fast export (``select: [id]``) of every keyed entity; ids the portal
   no longer has are deleted. Run on ``reconcile=True`` and whenever the last one is older
   than :data:`RECONCILE_EVERY`.

Two syncs on one store: :func:`locked` refuses the second with a one-line message.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import filelock

from b24sync.client import Client
from b24sync.cursor import DEFAULT_OVERLAP, Cursor, parse_time
from b24sync.entities import ENTITIES, Entity
from b24sync.errors import StoreError
from b24sync.paging import rows_at
from b24sync.store import Store

PAGE = 50
MAX_COMMANDS = 50
RECONCILE_EVERY = timedelta(days=1)

Row = dict[str, Any]
Progress = Callable[[str, int], None]


@dataclass
class SyncResult:
    """What one sync did: HTTP requests, rows fetched per entity, wall time."""

    requests: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    deleted: dict[str, int] = field(default_factory=dict)
    reconciled: bool = False

    def summary(self) -> dict[str, Any]:
        """The ``--json`` object: ``{"requests": N, "rows": {...}, "seconds": s}``."""
        return {"requests": self.requests, "rows": dict(self.rows), "seconds": self.seconds}


def _resets(entity: Entity) -> bool:
    return entity.kind == "changes"


def keyed_params(entity: Entity, since: str | None, after: int) -> dict[str, Any]:
    """Fast-export params: rows modified at/after ``since`` with ids above ``after``."""
    flt: dict[str, Any] = {}
    if since is not None and entity.cursor:
        flt[f">={entity.cursor}"] = since
    flt[f">{entity.id_key}"] = after
    return {**entity.base_params(), "order": {entity.id_key: "ASC"}, "filter": flt, "start": -1}


def opening_command(entity: Entity, cursor: Cursor, overlap: timedelta) -> tuple[str, Any]:
    """The first-page command of ``entity`` for the opening batch."""
    if entity.kind == "reference":
        return entity.method, entity.base_params()
    since, after = cursor.window(resets=_resets(entity), overlap=overlap)
    return entity.method, keyed_params(entity, since, after)


def _export(client: Client, entity: Entity, params: Mapping[str, Any]) -> Iterator[list[Row]]:
    return client.export(
        entity.method, params, id_key=entity.id_key, row_id=entity.row_id,
        rows_path=entity.rows_path,
    )  # fmt: skip


def sync(
    client: Client,
    store: Store,
    *,
    reconcile: bool = False,
    portal: Mapping[str, str] | None = None,
    entities: Sequence[Entity] = ENTITIES,
    overlap: timedelta = DEFAULT_OVERLAP,
    progress: Progress | None = None,
) -> SyncResult:
    """Bring ``store`` up to date with the portal behind ``client`` (see the module doc)."""
    started, requests_before = time.monotonic(), client.requests_made
    cursors = {e.name: store.cursor(e) for e in entities}
    commands: dict[str, Any] = {"server_time": ("server.time", None)}
    commands.update({e.name: opening_command(e, cursors[e.name], overlap) for e in entities})
    answer = client.batch(commands)
    answer.raise_for_errors(list(commands))  # e.g. a missing scope: nothing is written
    server_time = str(answer["server_time"])
    result = SyncResult(requests=0)
    for entity in entities:
        first = rows_at(answer[entity.name], entity.rows_path)
        if entity.kind == "reference":
            rows = first + _rest_of_reference(client, entity, answer, len(first))
            store.replace_reference(entity, rows)
            result.rows[entity.name] = len(rows)
        else:
            cursor = cursors[entity.name].begin(
                server_time, resets=_resets(entity), overlap=overlap
            )
            result.rows[entity.name] = _save_pass(client, store, entity, cursor, first, progress)
    keyed = [e for e in entities if e.kind != "reference"]
    full_export = all(cursors[e.name].mark is None for e in keyed)
    if _reconcile_due(store, server_time, reconcile, full_export):
        result.deleted = {e.name: _reconcile(client, store, e) for e in keyed}
        result.reconciled = True
    _record_meta(store, server_time, portal, result.reconciled or full_export)
    result.requests = client.requests_made - requests_before
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _save_pass(
    client: Client,
    store: Store,
    entity: Entity,
    cursor: Cursor,
    first: list[Row],
    progress: Progress | None,
) -> int:
    """Save the pass page by page, each page with its cursor; return the rows fetched."""

    def pages() -> Iterator[list[Row]]:
        yield first
        if len(first) == PAGE:
            params = keyed_params(entity, cursor.pass_since, entity.record_id(first[-1]))
            yield from _export(client, entity, params)

    fetched = 0
    for page in pages():
        if page:
            cursor = cursor.after_page(entity.record_id(page[-1]))
        last = len(page) < PAGE
        store.save_page(entity, page, cursor.finish(resets=_resets(entity)) if last else cursor)
        fetched += len(page)
        if progress is not None:
            progress(entity.name, fetched)
        if last:
            return fetched
    store.save_cursor(cursor.finish(resets=_resets(entity)))  # the export ended on a full page
    return fetched


def _rest_of_reference(client: Client, entity: Entity, answer: Any, got: int) -> list[Row]:
    """The pages after the first of a reference list, all in as few batches as possible."""
    total = int(answer.total.get(entity.name) or 0)
    if not answer.next.get(entity.name) or total <= got:
        return []
    starts = list(range(got, total, PAGE))
    rows: list[Row] = []
    for chunk in range(0, len(starts), MAX_COMMANDS):
        commands = {
            f"s{start}": (entity.method, {**entity.base_params(), "start": start})
            for start in starts[chunk : chunk + MAX_COMMANDS]
        }
        more = client.batch(commands)
        more.raise_for_errors(list(commands))
        for key in commands:
            rows += rows_at(more[key], entity.rows_path)
    return rows


def _reconcile_due(store: Store, server_time: str, asked: bool, full_export: bool) -> bool:
    if asked:
        return True
    last = store.meta("last_reconcile_at")
    if last is None:
        return not full_export  # a complete first export is itself a reconciliation
    return parse_time(server_time) - parse_time(last) > RECONCILE_EVERY


def _reconcile(client: Client, store: Store, entity: Entity) -> int:
    """Delete the records of ``entity`` the portal no longer lists; return how many."""
    params = {**entity.params, "select": [entity.id_key], "filter": {f">{entity.id_key}": 0}}
    ids = [entity.record_id(row) for page in _export(client, entity, params) for row in page]
    return store.delete_missing(entity, ids)


def _record_meta(
    store: Store, server_time: str, portal: Mapping[str, str] | None, reconciled: bool
) -> None:
    portal = portal or {}
    values: dict[str, str | None] = {"last_sync_at": server_time}
    if portal.get("domain"):
        values["portal_domain"] = portal["domain"]
    timezone = portal.get("timezone") or store.meta("timezone") or server_time[19:] or None
    values["timezone"] = timezone
    if reconciled:
        values["last_reconcile_at"] = server_time
    store.set_meta(values)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the store's sync lock; a second sync on the same store fails with one line."""
    lock = filelock.FileLock(f"{os.fspath(path)}.lock", timeout=0)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except filelock.Timeout:
        raise StoreError(
            f"another sync is already running on the store {path}: wait for it to finish "
            "or pass another --store",
            f"с хранилищем {path} уже работает другая синхронизация: дождитесь её "
            "окончания или укажите другое --store",
        ) from None
    except OSError as exc:
        raise StoreError(
            f"cannot write the store {path} ({exc.strerror}): choose a writable path with "
            "--store or B24XL_STORE",
            f"нет доступа на запись к хранилищу {path} ({exc.strerror}): укажите доступный "
            "путь через --store или B24XL_STORE",
        ) from None
    try:
        yield
    finally:
        lock.release()


def sync_store(path: str | os.PathLike[str], client: Client, **options: Any) -> SyncResult:
    """Lock, open (creating if needed) and sync the store at ``path``.

    A store this call created is removed again if the sync fails before writing anything,
    so a wrong webhook or a missing scope leaves no empty store behind.
    """
    path = Path(path)
    with locked(path):
        created = not path.exists()
        try:
            with Store(path) as store:
                return sync(client, store, **options)
        except BaseException:
            if created and _untouched(path):
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{path}{suffix}")
            raise


def _untouched(path: Path) -> bool:
    try:
        with Store(path, create=False) as store:
            return store.conn.execute("SELECT COUNT(*) FROM cursors").fetchone()[0] == 0
    except StoreError:
        return True
