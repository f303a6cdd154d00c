"""The SQLite file behind the local store: opening it safely and named schema migrations.

Every component that keeps tables in the store (the synced portal data, the plan store)
declares its schema as an ordered list of named migrations and calls
:func:`apply_migrations`; each migration runs once, in one transaction, and is recorded in
``schema_migrations`` so a store written by an older version is brought up to date.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from b24sync.errors import StoreError

BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Migration:
    """One named, append-only schema step: ``name`` is recorded once ``sql`` has run."""

    name: str
    sql: str


def default_store_path() -> Path:
    """``B24XL_STORE`` if set, else ``store.sqlite`` in the user's data directory."""
    env = os.environ.get("B24XL_STORE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("b24xl", appauthor=False)) / "store.sqlite"


def connect(path: str | os.PathLike[str], *, create: bool = True) -> sqlite3.Connection:
    """Open the store in WAL mode (readers never block the writer) with a long busy wait.

    Raises :class:`StoreError` with a one-line fix when the path cannot be opened or created.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(
            f"the store {path} does not exist: run `b24xl sync` first or pass --store",
            f"хранилище {path} не найдено: сначала выполните `b24xl sync` или укажите --store",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"cannot open the store {path} ({exc.__class__.__name__}): choose a writable "
            "path with --store or B24XL_STORE",
            f"не удаётся открыть хранилище {path} ({exc.__class__.__name__}): укажите "
            "доступный для записи путь через --store или B24XL_STORE",
        ) from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: all of the block's writes land, or none do."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Run the migrations not yet recorded, each in its own transaction; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    done: list[str] = []
    for migration in migrations:
        if migration.name in applied:
            continue
        with transaction(conn):
            if conn.execute(
                "SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,)
            ).fetchone():
                continue  # another process applied it while we waited for the lock
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        done.append(migration.name)
    return done


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]
