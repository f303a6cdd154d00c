"""The local plan store: tables in the SQLite store file, for one director.

Every save runs in ONE ``BEGIN IMMEDIATE`` transaction (conflict check, lock check, the
revision row, the values and one audit row per changed value), so a killed process leaves
all of it or none. Lock, unlock and commission changes are revisions too.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from b24sync import db
from b24sync.plans.model import Change, CommissionRule, PlanKey
from b24sync.plans.store import (
    AuditRecord,
    Conflict,
    LockState,
    PlanError,
    PlanSnapshot,
    PlanStore,
    SaveResult,
    is_locked,
    locked_error,
)
from b24sync.plans.validate import check_changes

MIGRATIONS = [
    db.Migration(
        "plans_0001_tables",
        """
        CREATE TABLE plan_revisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, author TEXT NOT NULL,
            kind TEXT NOT NULL, comment TEXT, undoes INTEGER, base INTEGER);
        CREATE TABLE plan_values (
            version TEXT NOT NULL, month TEXT NOT NULL, measure TEXT NOT NULL,
            scope_id TEXT NOT NULL, value REAL NOT NULL, revision INTEGER NOT NULL,
            PRIMARY KEY (version, month, measure, scope_id)) WITHOUT ROWID;
        CREATE TABLE plan_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            revision INTEGER NOT NULL REFERENCES plan_revisions(id),
            version TEXT NOT NULL, month TEXT NOT NULL, measure TEXT NOT NULL,
            scope_id TEXT NOT NULL, old REAL, new REAL);
        CREATE INDEX plan_audit_key ON plan_audit (version, month, measure, scope_id, revision);
        CREATE TABLE plan_lock (id INTEGER PRIMARY KEY CHECK (id = 1), before TEXT);
        CREATE TABLE plan_unlocked (month TEXT PRIMARY KEY, revision INTEGER NOT NULL);
        CREATE TABLE plan_commission (
            user_id INTEGER NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL,
            threshold REAL NOT NULL, rate REAL NOT NULL, revision INTEGER NOT NULL,
            PRIMARY KEY (user_id, month, kind, threshold))
        """,
    ),
]

_KEY_WHERE = "version = ? AND month = ? AND measure = ? AND scope_id = ?"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LocalPlanStore(PlanStore):
    """Plans in the SQLite store at ``path`` (created and migrated on first use)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self._conn = db.connect(path)
        db.apply_migrations(self._conn, MIGRATIONS)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    # reading -------------------------------------------------------------------------
    def load(self, version: str | None = None) -> PlanSnapshot:
        conn = self._conn
        conn.execute("BEGIN")
        try:
            sql = "SELECT version, month, measure, scope_id, value FROM plan_values"
            rows = conn.execute(
                sql + (" WHERE version = ?" if version else ""), (version,) if version else ()
            ).fetchall()
            revision = self._revision()
            lock = self._lock_state()
        finally:
            conn.execute("COMMIT")
        values = {PlanKey(*row[:4]): float(row[4]) for row in rows}
        return PlanSnapshot(values, revision, lock.before, lock.unlocked)

    def _revision(self) -> int:
        row = self._conn.execute("SELECT MAX(id) FROM plan_revisions").fetchone()
        return int(row[0] or 0)

    def _lock_state(self) -> LockState:
        row = self._conn.execute("SELECT before FROM plan_lock WHERE id = 1").fetchone()
        unlocked = {r[0] for r in self._conn.execute("SELECT month FROM plan_unlocked")}
        return LockState(row[0] if row else None, frozenset(unlocked))

    def lock_state(self) -> LockState:
        return self._lock_state()

    def _current(self, key: PlanKey) -> float | None:
        row = self._conn.execute(
            f"SELECT value FROM plan_values WHERE {_KEY_WHERE}", key
        ).fetchone()
        return None if row is None else float(row[0])

    def history(
        self, version: str | None = None, scope_id: str | None = None, limit: int | None = None
    ) -> list[AuditRecord]:
        where, args = [], []
        if version:
            where.append("(a.version = ? OR a.version IS NULL)")
            args.append(version)
        if scope_id:
            where.append("a.scope_id = ?")
            args.append(scope_id)
        sql = (
            "SELECT r.id, r.at, r.author, r.kind, a.version, a.month, a.measure, a.scope_id,"
            " a.old, a.new, r.comment FROM plan_revisions r"
            " LEFT JOIN plan_audit a ON a.revision = r.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.id DESC, a.id DESC"
            + (f" LIMIT {int(limit)}" if limit else "")
        )
        return [
            AuditRecord(
                revision=row[0],
                at=row[1],
                author=row[2],
                kind=row[3],
                key=PlanKey(*row[4:8]) if row[4] is not None else None,
                old=row[8],
                new=row[9],
                comment=row[10],
            )
            for row in self._conn.execute(sql, args)
        ]

    # writing -------------------------------------------------------------------------
    def save(
        self,
        changes: Sequence[Change],
        base_revision: int,
        author: str,
        comment: str | None = None,
    ) -> SaveResult:
        check_changes(changes)
        with db.transaction(self._conn):
            lock = self._lock_state()
            locked = [c.key for c in changes if is_locked(c.key.month, lock.before, lock.unlocked)]
            if locked:
                raise locked_error(locked)
            conflicts = self._conflicts(changes, base_revision)
            if conflicts:
                return SaveResult(False, self._revision(), conflicts=conflicts)
            effective = [c for c in changes if self._current(c.key) != c.value]
            if not effective:
                return SaveResult(True, self._revision(), 0, len(changes))
            revision = self._new_revision(author, "save", comment, base=base_revision)
            self._write(effective, revision)
        return SaveResult(True, revision, len(effective), len(changes) - len(effective))

    def _conflicts(self, changes: Sequence[Change], base_revision: int) -> list[Conflict]:
        conflicts = []
        for change in changes:
            row = self._conn.execute(
                "SELECT a.revision, r.author FROM plan_audit a JOIN plan_revisions r"
                f" ON r.id = a.revision WHERE {_KEY_WHERE.replace('version', 'a.version')}"
                " AND a.revision > ? ORDER BY a.revision DESC LIMIT 1",
                (*change.key, base_revision),
            ).fetchone()
            if row is None:
                continue
            theirs = self._current(change.key)
            if theirs != change.value:
                conflicts.append(
                    Conflict(change.key, change.cell, theirs, change.value, row[0], row[1])
                )
        return conflicts

    def _new_revision(
        self,
        author: str,
        kind: str,
        comment: str | None,
        *,
        base: int | None = None,
        undoes: int | None = None,
    ) -> int:
        cursor = self._conn.execute(
            "INSERT INTO plan_revisions (at, author, kind, comment, undoes, base)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_now(), author, kind, comment, undoes, base),
        )
        return int(cursor.lastrowid or 0)

    def _write(self, changes: Sequence[Change], revision: int) -> None:
        for change in changes:
            old = self._current(change.key)
            if change.value is None:
                self._conn.execute(f"DELETE FROM plan_values WHERE {_KEY_WHERE}", change.key)
            else:
                self._conn.execute(
                    "INSERT INTO plan_values (version, month, measure, scope_id, value, revision)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version, month, measure, scope_id)"
                    " DO UPDATE SET value = excluded.value, revision = excluded.revision",
                    (*change.key, float(change.value), revision),
                )
            self._conn.execute(
                "INSERT INTO plan_audit (revision, version, month, measure, scope_id, old, new)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (revision, *change.key, old, change.value),
            )

    def undo(self, author: str) -> SaveResult:
        with db.transaction(self._conn):
            target = self._conn.execute(
                "SELECT id FROM plan_revisions r WHERE kind = 'save' AND author = ?"
                " AND NOT EXISTS (SELECT 1 FROM plan_revisions u WHERE u.undoes = r.id)"
                " ORDER BY id DESC LIMIT 1",
                (author,),
            ).fetchone()
            if target is None:
                raise PlanError(
                    f"{author} has no save to undo", f"у {author} нет сохранения для отмены"
                )
            rev = int(target[0])
            rows = self._conn.execute(
                "SELECT version, month, measure, scope_id, old FROM plan_audit"
                " WHERE revision = ? ORDER BY id",
                (rev,),
            ).fetchall()
            reverts = [Change(PlanKey(*row[:4]), row[4]) for row in rows]
            self._refuse_undo_if_overwritten(rev, reverts)
            lock = self._lock_state()
            locked = [c.key for c in reverts if is_locked(c.key.month, lock.before, lock.unlocked)]
            if locked:
                raise locked_error(locked)
            revision = self._new_revision(author, "undo", f"undo #{rev}", undoes=rev)
            self._write(reverts, revision)
        return SaveResult(True, revision, len(reverts))

    def _refuse_undo_if_overwritten(self, rev: int, reverts: Sequence[Change]) -> None:
        for change in reverts:
            later = self._conn.execute(
                "SELECT a.revision FROM plan_audit a JOIN plan_revisions r ON r.id = a.revision"
                f" WHERE {_KEY_WHERE.replace('version', 'a.version')} AND a.revision > ?"
                " AND NOT (r.kind = 'undo' AND r.undoes > ?)"
                " AND NOT EXISTS (SELECT 1 FROM plan_revisions u WHERE u.undoes = r.id)"
                " LIMIT 1",
                (*change.key, rev, rev),
            ).fetchone()
            if later:
                raise PlanError(
                    f"cannot undo revision {rev}: {change.key.text()} was changed later "
                    f"(revision {later[0]}); change the value by hand",
                    f"нельзя отменить ревизию {rev}: {change.key.text()} изменён позже "
                    f"(ревизия {later[0]}); исправьте значение вручную",
                )

    def lock(self, before_month: str, author: str) -> int:
        with db.transaction(self._conn):
            revision = self._new_revision(author, "lock", f"lock before {before_month}")
            self._conn.execute(
                "INSERT INTO plan_lock (id, before) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET before = excluded.before",
                (before_month,),
            )
            self._conn.execute("DELETE FROM plan_unlocked")
        return revision

    def unlock(self, month: str, author: str, reason: str) -> int:
        with db.transaction(self._conn):
            lock = self._lock_state()
            if not is_locked(month, lock.before, lock.unlocked):
                raise PlanError(
                    f"month {month} is not locked", f"месяц {month} не закрыт для изменений"
                )
            revision = self._new_revision(author, "unlock", f"unlock {month}: {reason}")
            self._conn.execute(
                "INSERT INTO plan_unlocked (month, revision) VALUES (?, ?)", (month, revision)
            )
        return revision

    def commission(self, month: str | None = None) -> list[CommissionRule]:
        sql = "SELECT user_id, month, kind, threshold, rate FROM plan_commission"
        rows = self._conn.execute(
            sql + (" WHERE month = ?" if month else "") + " ORDER BY user_id, month, threshold",
            (month,) if month else (),
        )
        return [CommissionRule(int(r[0]), r[1], r[2], float(r[3]), float(r[4])) for r in rows]

    def set_commission(
        self, user_id: int, month: str, rules: Sequence[CommissionRule], author: str
    ) -> int:
        text = "; ".join(f"{r.kind} {r.threshold:g}: {r.rate:g}" for r in rules) or "none"
        with db.transaction(self._conn):
            revision = self._new_revision(
                author, "commission", f"commission user:{user_id} {month}: {text}"
            )
            self._conn.execute(
                "DELETE FROM plan_commission WHERE user_id = ? AND month = ?", (user_id, month)
            )
            for rule in rules:
                self._conn.execute(
                    "INSERT INTO plan_commission VALUES (?, ?, ?, ?, ?, ?)",
                    (user_id, month, rule.kind, rule.threshold, rule.rate, revision),
                )
        return revision


def connection_of(store: LocalPlanStore) -> sqlite3.Connection:
    """The store's connection (tests use it to inspect tables)."""
    return store._conn
