"""The one interface of a plan store, implemented locally (SQLite) and on the portal.

Rules every store keeps (the contract tests in ``tests/plans/test_contract.py`` run against
both implementations):

- :meth:`PlanStore.save` writes one revision: every change or none. A change whose key was
  changed by another revision after ``base_revision`` (the revision the director loaded) to a
  different value is a conflict: nothing is written and the result lists the conflicts.
  Changes of other keys merge.
- Months before the lock month refuse changes unless unlocked; lock and unlock are revisions
  too and appear in the history.
- :meth:`PlanStore.undo` reverts the author's last save (not yet undone) when no later
  revision touched any of its keys.
- Every changed value leaves an :class:`AuditRecord` (who, when, version, key, old -> new,
  comment); folding the audit trail in revision order rebuilds the current values.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from b24sync.errors import B24Error
from b24sync.plans.model import Change, CommissionRule, PlanKey


class PlanError(B24Error):
    """A plan operation refused for a reason the director can fix."""


class PlanLockedError(PlanError):
    """A change touches a locked month."""

    def __init__(self, en: str, ru: str, keys: Sequence[PlanKey]) -> None:
        super().__init__(en, ru)
        self.keys = list(keys)


@dataclass(frozen=True)
class PlanSnapshot:
    """The values of one version (or of every version) as of ``revision``."""

    values: dict[PlanKey, float]
    revision: int
    locked_before: str | None = None
    unlocked: frozenset[str] = frozenset()

    def is_locked(self, month: str) -> bool:
        """True if ``month`` is before the lock month and has not been unlocked."""
        return is_locked(month, self.locked_before, self.unlocked)


@dataclass(frozen=True)
class Conflict:
    """A key someone else changed after the base revision: their value and revision."""

    key: PlanKey
    cell: str | None
    theirs: float | None
    mine: float | None
    revision: int
    author: str


@dataclass(frozen=True)
class SaveResult:
    """What a save did: ``ok`` with the new ``revision``, or the ``conflicts`` (nothing
    written). ``written`` counts the values changed; ``unchanged`` the no-op changes."""

    ok: bool
    revision: int
    written: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class AuditRecord:
    """One changed value, or (``key`` None) one lock, unlock or commission event."""

    revision: int
    at: str
    author: str
    kind: str
    key: PlanKey | None
    old: float | None
    new: float | None
    comment: str | None


@dataclass(frozen=True)
class LockState:
    """Months before ``before`` are locked except those in ``unlocked``."""

    before: str | None
    unlocked: frozenset[str]


def is_locked(month: str, before: str | None, unlocked: Iterable[str]) -> bool:
    """True if ``month`` is before the lock month and not explicitly unlocked."""
    return before is not None and month < before and month not in set(unlocked)


def locked_error(keys: Sequence[PlanKey]) -> PlanLockedError:
    """The error for changes of locked months, naming the months and the way out."""
    months = ", ".join(sorted({k.month for k in keys}))
    return PlanLockedError(
        f"months {months} are locked: ask for `b24xl plans unlock` or leave them unchanged",
        f"месяцы {months} закрыты: попросите `b24xl plans unlock` или не меняйте их",
        keys,
    )


def rebuild_from_audit(records: Iterable[AuditRecord]) -> dict[PlanKey, float]:
    """Fold value audit records in revision order into the current values."""
    values: dict[PlanKey, float] = {}
    for record in sorted(records, key=lambda r: r.revision):
        if record.key is None:
            continue
        if record.new is None:
            values.pop(record.key, None)
        else:
            values[record.key] = record.new
    return values


class PlanStore(abc.ABC):
    """A plan store: local SQLite (:mod:`b24sync.plans.local`) or the portal
    (:mod:`b24sync.plans.portal`)."""

    @abc.abstractmethod
    def load(self, version: str | None = None) -> PlanSnapshot:
        """The values of ``version`` (every version when None) and the current revision."""

    @abc.abstractmethod
    def save(
        self,
        changes: Sequence[Change],
        base_revision: int,
        author: str,
        comment: str | None = None,
    ) -> SaveResult:
        """Write ``changes`` as one revision, or nothing if any conflicts (see module doc).

        Raises :class:`PlanLockedError` if a change touches a locked month.
        """

    @abc.abstractmethod
    def history(
        self, version: str | None = None, scope_id: str | None = None, limit: int | None = None
    ) -> list[AuditRecord]:
        """Audit records, newest first, optionally of one version or scope."""

    @abc.abstractmethod
    def undo(self, author: str) -> SaveResult:
        """Revert ``author``'s last save; raises :class:`PlanError` if that is not possible."""

    @abc.abstractmethod
    def lock_state(self) -> LockState:
        """The lock month and the months unlocked below it."""

    @abc.abstractmethod
    def lock(self, before_month: str, author: str) -> int:
        """Lock every month before ``before_month``; returns the revision."""

    @abc.abstractmethod
    def unlock(self, month: str, author: str, reason: str) -> int:
        """Unlock one locked month (audited with ``reason``); returns the revision."""

    @abc.abstractmethod
    def commission(self, month: str | None = None) -> list[CommissionRule]:
        """Commission rules, of one month or all."""

    @abc.abstractmethod
    def set_commission(
        self, user_id: int, month: str, rules: Sequence[CommissionRule], author: str
    ) -> int:
        """Replace the rules of one employee and month; returns the revision."""
