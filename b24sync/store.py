"""The local store: one SQLite file holding every synced portal record.

One table per entity of :mod:`b24sync.entities`: keyed entities by ``id``, reference lists by
their position in the portal's answer (``pos``); each row keeps typed columns for SQL plus the
record exactly as the API sent it (``raw`` JSON), so custom fields are never lost. ``meta``
holds the portal's domain and timezone, the moments of the last sync and reconciliation, and the
data version behind :meth:`Store.revision`; ``cursors`` holds one :class:`~b24sync.cursor.Cursor`
per entity. Every write is one transaction: a page's rows move together with its cursor.

Readers: :func:`export_snapshot` (the portal snapshot format) and :func:`load_frames` (the
frames contract of :mod:`metrics.frames`, through :func:`b24sync.frames.frames_from_snapshot`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from b24sync import db
from b24sync.cursor import Cursor
from b24sync.entities import ENTITIES, Entity
from b24sync.errors import StoreError
from metrics.frames import PortalFrames


def _entity_table_sql(entity: Entity) -> str:
    if entity.kind == "reference":
        columns = ["pos INTEGER PRIMARY KEY", *(c.sql() for c in entity.columns)]
    else:
        columns = ["id INTEGER PRIMARY KEY", *(c.sql() for c in entity.columns if c.name != "id")]
    columns.append("raw TEXT NOT NULL")
    return f"CREATE TABLE {entity.table} ({', '.join(columns)})"


MIGRATIONS = (
    db.Migration(
        "0001_portal_store",
        ";\n".join(
            [
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                "CREATE TABLE cursors (entity TEXT PRIMARY KEY, mark TEXT, "
                "last_id INTEGER NOT NULL DEFAULT 0, pass_since TEXT, pass_mark TEXT)",
                *(_entity_table_sql(e) for e in ENTITIES),
            ]
        ),
    ),
)

SNAPSHOT_PORTAL = "portal"


def _dump(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class Store:
    """An open store file (schema up to date). Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        self.conn = db.connect(self.path, create=create)
        try:
            db.apply_migrations(self.conn, MIGRATIONS)
            if self.meta("store_id") is None:
                with db.transaction(self.conn):
                    self.conn.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)",
                        (uuid.uuid4().hex,),
                    )
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(
                f"the store {self.path} cannot be written ({exc}): choose another path "
                "with --store or B24XL_STORE",
                f"хранилище {self.path} недоступно для записи ({exc}): укажите другой путь "
                "через --store или B24XL_STORE",
            ) from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- meta -------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        """Write several meta values in one transaction."""
        with db.transaction(self.conn):
            self._put_meta(values)

    def _put_meta(self, values: Mapping[str, str | None]) -> None:
        self.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def revision(self) -> str:
        """A string that changes whenever any record in the store changes."""
        return f"{self.meta('store_id')}:{self.meta('data_version') or 0}"

    def _bump(self, changed: int) -> None:
        if changed:
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('data_version', '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
            )

    # -- cursors ----------------------------------------------------------------------------
    def cursor(self, entity: Entity) -> Cursor:
        row = self.conn.execute(
            "SELECT mark, last_id, pass_since, pass_mark FROM cursors WHERE entity = ?",
            (entity.name,),
        ).fetchone()
        if row is None:
            return Cursor(entity.name)
        return Cursor(entity.name, row[0], int(row[1]), row[2], row[3])

    def save_cursor(self, cursor: Cursor) -> None:
        with db.transaction(self.conn):
            self._put_cursor(cursor)

    def _put_cursor(self, cursor: Cursor) -> None:
        self.conn.execute(
            "INSERT INTO cursors (entity, mark, last_id, pass_since, pass_mark) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(entity) DO UPDATE SET mark = excluded.mark, "
            "last_id = excluded.last_id, pass_since = excluded.pass_since, "
            "pass_mark = excluded.pass_mark",
            (cursor.entity, cursor.mark, cursor.last_id, cursor.pass_since, cursor.pass_mark),
        )

    # -- writes -----------------------------------------------------------------------------
    def save_page(
        self, entity: Entity, rows: Iterable[Mapping[str, Any]], cursor: Cursor | None = None
    ) -> int:
        """Upsert ``rows`` and (if given) write ``cursor``, in ONE transaction.

        Returns how many records were new or different; re-saving identical records changes
        nothing (not even the revision).
        """
        names = ["id", *(c.name for c in entity.columns if c.name != "id"), "raw"]
        updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
        sql = (
            f"INSERT INTO {entity.table} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT(id) DO UPDATE SET {updates} "
            f"WHERE {entity.table}.raw IS NOT excluded.raw"
        )
        latest = {entity.record_id(r): r for r in rows}  # a repeated id: the last one wins
        values = [self._row_values(entity, r) for r in latest.values()]
        with db.transaction(self.conn):
            before = self.conn.total_changes
            self.conn.executemany(sql, values)
            changed = self.conn.total_changes - before
            self._bump(changed)
            if cursor is not None:
                self._put_cursor(cursor)
        return changed

    @staticmethod
    def _row_values(entity: Entity, record: Mapping[str, Any]) -> tuple[Any, ...]:
        typed = [c.extract(record) for c in entity.columns if c.name != "id"]
        return (entity.record_id(record), *typed, _dump(record))

    def replace_reference(self, entity: Entity, rows: Sequence[Mapping[str, Any]]) -> int:
        """Replace a reference list whole (one transaction); returns 1 if it changed, else 0."""
        raws = [_dump(r) for r in rows]
        current = [r[0] for r in self.conn.execute(f"SELECT raw FROM {entity.table} ORDER BY pos")]
        if current == raws:
            return 0
        names = ["pos", *(c.name for c in entity.columns), "raw"]
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO {entity.table} ({', '.join(names)}) VALUES ({marks})"
        with db.transaction(self.conn):
            self.conn.execute(f"DELETE FROM {entity.table}")
            pairs = enumerate(zip(rows, raws, strict=True))
            self.conn.executemany(sql, [(i, *entity.typed(r), raw) for i, (r, raw) in pairs])
            self._bump(1)
        return 1

    def delete_missing(self, entity: Entity, ids: Iterable[int]) -> int:
        """Delete the records whose id is not in ``ids`` (the portal's full id list)."""
        with db.transaction(self.conn):
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id INTEGER PRIMARY KEY)")
            self.conn.execute("DELETE FROM temp.keep_ids")
            self.conn.executemany(
                "INSERT OR IGNORE INTO temp.keep_ids (id) VALUES (?)", ((i,) for i in ids)
            )
            cur = self.conn.execute(
                f"DELETE FROM {entity.table} WHERE id NOT IN (SELECT id FROM temp.keep_ids)"
            )
            self._bump(cur.rowcount)
            self.conn.execute("DELETE FROM temp.keep_ids")
        return cur.rowcount

    # -- reads ------------------------------------------------------------------------------
    def records(self, entity: Entity) -> list[dict[str, Any]]:
        """The raw records of one entity in id order (reference lists: the portal's order)."""
        order = "pos" if entity.kind == "reference" else "id"
        rows = self.conn.execute(f"SELECT raw FROM {entity.table} ORDER BY {order}")
        return [json.loads(r[0]) for r in rows]

    def count(self, entity: Entity) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {entity.table}").fetchone()[0])

    def snapshot(self) -> dict[str, Any]:
        """Everything in the store in the portal snapshot format."""
        result: dict[str, Any] = {
            SNAPSHOT_PORTAL: {
                "domain": self.meta("portal_domain") or "",
                "timezone": self.meta("timezone") or "",
            }
        }
        for entity in ENTITIES:
            records = self.records(entity)
            if entity.snapshot_type is None:
                result[entity.method] = records
            else:
                result.setdefault(entity.method, {})[entity.snapshot_type] = records
        return result


def export_snapshot(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The store at ``path`` as one portal snapshot (see issue A, "The portal snapshot format")."""
    with Store(path, create=False) as store:
        return store.snapshot()


def load_frames(path: str | os.PathLike[str]) -> PortalFrames:
    """The store at ``path`` as :class:`metrics.frames.PortalFrames` (revision included)."""
    from b24sync.frames import frames_from_snapshot

    with Store(path, create=False) as store:
        snapshot = store.snapshot()
        revision = store.revision()
        last_sync = store.meta("last_sync_at")
    frames = frames_from_snapshot(snapshot, revision=revision)
    if last_sync:
        frames = replace(frames, portal=replace(frames.portal, last_sync=pd.Timestamp(last_sync)))
    return frames
