"""The revision log of the portal plan store, folded deterministically into plan state.

Bitrix24 has no transactions, so the portal store commits a revision with ONE call (one
item holding the whole change set). Every reader folds the revisions in id order with the
same rules the local store enforces at write time, so every reader sees the same state:

- a save is applied unless one of its keys was changed after its ``base`` revision to a
  different value (a conflict) or falls in a locked month; a rejected save changes nothing;
- an undo is applied if its target is the author's applied, not yet undone save and no
  later revision (other than undone ones and undos of later ones) touched its keys;
- lock, unlock and commission revisions set what they say (an unlock of a month that is
  not locked is ignored).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from b24sync.plans.model import Change, CommissionRule, PlanKey
from b24sync.plans.store import AuditRecord, Conflict, PlanError, is_locked, locked_error


@dataclass(frozen=True)
class Revision:
    """One revision as committed: id (ordering), kind and its payload."""

    id: int
    kind: str
    author: str
    at: str
    base: int = 0
    comment: str | None = None
    changes: tuple[tuple[PlanKey, float | None], ...] = ()
    undoes: int | None = None
    month: str | None = None
    user_id: int | None = None
    rules: tuple[CommissionRule, ...] = ()

    def payload(self) -> dict[str, Any]:
        """The JSON-able payload stored with the revision (everything but id and author)."""
        return {
            "kind": self.kind,
            "at": self.at,
            "base": self.base,
            "comment": self.comment,
            "changes": [[*k, v] for k, v in self.changes],
            "undoes": self.undoes,
            "month": self.month,
            "user_id": self.user_id,
            "rules": [[r.kind, r.threshold, r.rate] for r in self.rules],
        }

    @classmethod
    def from_payload(cls, rev_id: int, author: str, data: dict[str, Any]) -> Revision:
        """The revision back from its stored payload."""
        month, user_id = data.get("month"), data.get("user_id")
        rules = tuple(
            CommissionRule(int(user_id or 0), str(month), str(k), float(t), float(r))
            for k, t, r in data.get("rules") or ()
        )
        return cls(
            id=rev_id,
            kind=str(data["kind"]),
            author=author,
            at=str(data.get("at", "")),
            base=int(data.get("base") or 0),
            comment=data.get("comment"),
            changes=tuple(
                (PlanKey(*c[:4]), None if c[4] is None else float(c[4]))
                for c in data.get("changes") or ()
            ),
            undoes=data.get("undoes"),
            month=month,
            user_id=user_id,
            rules=rules,
        )


@dataclass
class Ledger:
    """Plan state folded from revisions; :meth:`apply` them in id order."""

    values: dict[PlanKey, float] = field(default_factory=dict)
    touches: dict[PlanKey, list[int]] = field(default_factory=dict)
    applied: dict[int, Revision] = field(default_factory=dict)
    effects: dict[int, list[tuple[PlanKey, float | None, float | None]]] = field(
        default_factory=dict
    )
    undone: set[int] = field(default_factory=set)
    rejected: set[int] = field(default_factory=set)
    lock_before: str | None = None
    unlocked: set[str] = field(default_factory=set)
    commission: dict[tuple[int, str], list[CommissionRule]] = field(default_factory=dict)
    revision: int = 0

    # checks shared by writers (before committing) and the fold ---------------------------
    def conflicts(self, changes: Sequence[Change], base: int) -> list[Conflict]:
        """Changes of keys touched after ``base`` whose value differs from the change."""
        out = []
        for change in changes:
            later = [r for r in self.touches.get(change.key, []) if r > base]
            theirs = self.values.get(change.key)
            if later and theirs != change.value:
                author = self.applied[later[-1]].author
                out.append(
                    Conflict(change.key, change.cell, theirs, change.value, later[-1], author)
                )
        return out

    def check_locks(self, keys: Sequence[PlanKey]) -> None:
        """Raise :class:`PlanLockedError` for keys in locked months."""
        locked = [k for k in keys if is_locked(k.month, self.lock_before, self.unlocked)]
        if locked:
            raise locked_error(locked)

    def undo_plan(self, author: str) -> tuple[int, list[Change]]:
        """The save ``author`` may undo now and the changes that revert it (or PlanError)."""
        saves = [r for r in self.applied.values() if r.kind == "save" and r.author == author]
        targets = [r.id for r in saves if r.id not in self.undone]
        if not targets:
            raise PlanError(
                f"{author} has no save to undo", f"у {author} нет сохранения для отмены"
            )
        target = max(targets)
        reverts = [Change(key, old) for key, old, _new in self.effects[target]]
        for change in reverts:
            for rev in self.touches.get(change.key, []):
                other = self.applied[rev]
                if rev <= target or rev in self.undone:
                    continue
                if other.kind == "undo" and (other.undoes or 0) > target:
                    continue
                raise PlanError(
                    f"cannot undo revision {target}: {change.key.text()} was changed later "
                    f"(revision {rev}); change the value by hand",
                    f"нельзя отменить ревизию {target}: {change.key.text()} изменён позже "
                    f"(ревизия {rev}); исправьте значение вручную",
                )
        self.check_locks([c.key for c in reverts])
        return target, reverts

    # the fold ------------------------------------------------------------------------------
    def apply(self, rev: Revision) -> bool:
        """Fold one revision in; False (and nothing changed) if the rules reject it."""
        try:
            changes = self._validated(rev)
        except PlanError:
            self.rejected.add(rev.id)
            return False
        self.applied[rev.id] = rev
        self.revision = max(self.revision, rev.id)
        effects = []
        for change in changes:
            old = self.values.get(change.key)
            if old == change.value:
                continue
            if change.value is None:
                self.values.pop(change.key, None)
            else:
                self.values[change.key] = change.value
            self.touches.setdefault(change.key, []).append(rev.id)
            effects.append((change.key, old, change.value))
        self.effects[rev.id] = effects
        self._apply_settings(rev)
        return True

    def _validated(self, rev: Revision) -> list[Change]:
        if rev.kind == "save":
            changes = [Change(k, v) for k, v in rev.changes]
            self.check_locks([c.key for c in changes])
            if self.conflicts(changes, rev.base):
                raise PlanError("conflict", "конфликт")
            return changes
        if rev.kind == "undo":
            target, reverts = self.undo_plan(rev.author)
            if target != rev.undoes:
                raise PlanError("stale undo", "устаревшая отмена")
            return reverts
        if rev.kind == "unlock" and not is_locked(str(rev.month), self.lock_before, self.unlocked):
            raise PlanError("not locked", "не закрыт")
        return []

    def _apply_settings(self, rev: Revision) -> None:
        if rev.kind == "undo" and rev.undoes is not None:
            self.undone.add(rev.undoes)
        elif rev.kind == "lock":
            self.lock_before, self.unlocked = rev.month, set()
        elif rev.kind == "unlock" and rev.month:
            self.unlocked.add(rev.month)
        elif rev.kind == "commission" and rev.user_id is not None and rev.month:
            self.commission[(rev.user_id, rev.month)] = list(rev.rules)

    # reading -------------------------------------------------------------------------------
    def audit(self) -> list[AuditRecord]:
        """Audit records of the applied revisions, newest first."""
        out: list[AuditRecord] = []
        for rev_id in sorted(self.applied, reverse=True):
            rev = self.applied[rev_id]
            effects = self.effects.get(rev_id, [])
            if rev.kind in ("save", "undo"):
                out.extend(
                    AuditRecord(rev_id, rev.at, rev.author, rev.kind, key, old, new, rev.comment)
                    for key, old, new in reversed(effects)
                )
            else:
                out.append(
                    AuditRecord(rev_id, rev.at, rev.author, rev.kind, None, None, None, rev.comment)
                )
        return out
