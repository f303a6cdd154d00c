"""The portal plan store: plans kept in the company's own Bitrix24, shared by its directors.

The store creates (once) a smart process titled ``b24xl plans`` (``crm.type.add``) with user
fields ``UF_CRM_<id>_PLAN_KIND``, ``_VKEY``, ``_VALUE``, ``_REV``, ``_BASE``, ``_AUTHOR``,
``_DATA`` (``userfieldconfig.add``; the webhook needs the ``crm`` and ``userfieldconfig``
scopes). Items of three kinds live there:

- ``rev``: one revision, committed with ONE ``crm.item.add`` (so it is all or nothing): the
  whole change set as JSON in ``DATA``, the author, the base revision. Its item id is the
  revision number. The state is the fold of these items (:mod:`b24sync.plans.ledger`), the
  same for every reader, which is how concurrent writers are serialised without
  transactions: a save that lost a race is rejected by the fold, and its writer (who
  re-reads after committing) reports the conflicts and deletes the item.
- ``value``: the current value of each key (``VKEY`` = ``version|month|measure|scope``),
  kept up to date after each commit for people browsing the smart process in Bitrix24;
- ``audit``: one item per changed value (old -> new, who, revision), likewise.

The ``value`` and ``audit`` items are views written after the commit; the ``rev`` items are
the truth.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from b24sync.plans.ledger import Ledger, Revision
from b24sync.plans.model import Change, CommissionRule, PlanKey
from b24sync.plans.store import (
    AuditRecord,
    LockState,
    PlanError,
    PlanSnapshot,
    PlanStore,
    SaveResult,
)
from b24sync.plans.validate import check_changes

TITLE = "b24xl plans"
FIELDS = (
    ("KIND", "string"),
    ("VKEY", "string"),
    ("VALUE", "double"),
    ("REV", "double"),
    ("BASE", "double"),
    ("AUTHOR", "string"),
    ("DATA", "string"),
)
LABELS = {
    "KIND": ("Record kind", "Вид записи"),
    "VKEY": ("Plan key", "Ключ плана"),
    "VALUE": ("Value", "Значение"),
    "REV": ("Revision", "Ревизия"),
    "BASE": ("Base revision", "Базовая ревизия"),
    "AUTHOR": ("Author", "Автор"),
    "DATA": ("Data (JSON)", "Данные (JSON)"),
}


class RestClient(Protocol):
    """What the store needs of :class:`b24sync.client.Client`."""

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]: ...

    def batch(self, commands: Any, halt: bool = False) -> Any: ...

    def export(self, method: str, params: dict[str, Any] | None = None) -> Iterator[list[Any]]: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def vkey(key: PlanKey) -> str:
    """The ``VKEY`` text of a key."""
    return "|".join(key)


class PortalPlanStore(PlanStore):
    """Plans as smart-process items on the portal behind ``client`` (see the module doc)."""

    def __init__(self, client: RestClient, *, title: str = TITLE) -> None:
        self.client = client
        self.type_id, self.entity_type_id = self._ensure_type(title)
        self.names = self._ensure_fields()
        self.ledger = Ledger()
        self._seen = 0
        self._value_items: dict[str, int] | None = None

    # schema ----------------------------------------------------------------------------
    def _ensure_type(self, title: str) -> tuple[int, int]:
        found = self.client.call("crm.type.list", {"filter": {"title": title}})
        types = found["result"]["types"]
        if types:
            return int(types[0]["id"]), int(types[0]["entityTypeId"])
        made = self.client.call("crm.type.add", {"fields": {"title": title}})["result"]["type"]
        return int(made["id"]), int(made["entityTypeId"])

    def _ensure_fields(self) -> dict[str, str]:
        entity = f"CRM_{self.type_id}"
        listed = self.client.call(
            "userfieldconfig.list", {"moduleId": "crm", "filter": {"entityId": entity}}
        )
        have = {f["fieldName"] for f in listed["result"]["fields"]}
        for name, user_type in FIELDS:
            upper = f"UF_CRM_{self.type_id}_PLAN_{name}"
            if upper in have:
                continue
            en, ru = LABELS[name]
            field = {
                "entityId": entity,
                "fieldName": upper,
                "userTypeId": user_type,
                "editFormLabel": {"en": f"b24xl: {en}", "ru": f"b24xl: {ru}"},
            }
            self.client.call("userfieldconfig.add", {"moduleId": "crm", "field": field})
        described = self.client.call("crm.item.fields", {"entityTypeId": self.entity_type_id})
        by_upper = {f.get("upperName"): camel for camel, f in described["result"]["fields"].items()}
        names = {}
        for name, _type in FIELDS:
            camel = by_upper.get(f"UF_CRM_{self.type_id}_PLAN_{name}")
            if camel is None:
                raise PlanError(
                    f"the plans smart process lacks the field {name}: check the webhook's "
                    "userfieldconfig scope",
                    f"в смарт-процессе планов нет поля {name}: проверьте право вебхука "
                    "userfieldconfig",
                )
            names[name] = camel
        return names

    # reading ---------------------------------------------------------------------------
    def _items(self, kind: str, after: int = 0) -> Iterator[dict[str, Any]]:
        params = {
            "entityTypeId": self.entity_type_id,
            "filter": {self.names["KIND"]: kind, ">id": after},
            "select": ["id", "title", *self.names.values()],
        }
        for page in self.client.export("crm.item.list", params):
            yield from page

    def refresh(self) -> Ledger:
        """Fold in the revisions committed since the last refresh."""
        for item in self._items("rev", self._seen):
            rev_id = int(item["id"])
            data = json.loads(item[self.names["DATA"]] or "{}")
            self.ledger.apply(Revision.from_payload(rev_id, str(item[self.names["AUTHOR"]]), data))
            self._seen = max(self._seen, rev_id)
        return self.ledger

    def load(self, version: str | None = None) -> PlanSnapshot:
        ledger = self.refresh()
        values = {k: v for k, v in ledger.values.items() if version in (None, k.version)}
        return PlanSnapshot(values, ledger.revision, ledger.lock_before, frozenset(ledger.unlocked))

    def history(
        self, version: str | None = None, scope_id: str | None = None, limit: int | None = None
    ) -> list[AuditRecord]:
        records = [
            r
            for r in self.refresh().audit()
            if (version is None or r.key is None or r.key.version == version)
            and (scope_id is None or (r.key is not None and r.key.scope_id == scope_id))
        ]
        return records[:limit] if limit else records

    def lock_state(self) -> LockState:
        ledger = self.refresh()
        return LockState(ledger.lock_before, frozenset(ledger.unlocked))

    def commission(self, month: str | None = None) -> list[CommissionRule]:
        rules = [
            rule
            for (_user, rule_month), listed in self.refresh().commission.items()
            if month in (None, rule_month)
            for rule in listed
        ]
        return sorted(rules, key=lambda r: (r.user_id, r.month, r.threshold))

    # writing ---------------------------------------------------------------------------
    def _commit(self, rev: Revision) -> int:
        """Add the revision item (the commit point) and fold; returns its id."""
        fields = {
            self.names["KIND"]: "rev",
            self.names["AUTHOR"]: rev.author,
            self.names["BASE"]: rev.base,
            self.names["DATA"]: json.dumps(rev.payload(), ensure_ascii=False),
            "title": f"{rev.kind}: {rev.author}",
        }
        item = self.client.call(
            "crm.item.add", {"entityTypeId": self.entity_type_id, "fields": fields}
        )["result"]["item"]
        rev_id = int(item["id"])
        self.refresh()
        if rev_id in self.ledger.rejected:
            self.client.call("crm.item.delete", {"entityTypeId": self.entity_type_id, "id": rev_id})
        return rev_id

    def save(
        self,
        changes: Sequence[Change],
        base_revision: int,
        author: str,
        comment: str | None = None,
    ) -> SaveResult:
        check_changes(changes)
        ledger = self.refresh()
        ledger.check_locks([c.key for c in changes])
        conflicts = ledger.conflicts(changes, base_revision)
        if conflicts:
            return SaveResult(False, ledger.revision, conflicts=conflicts)
        effective = [c for c in changes if ledger.values.get(c.key) != c.value]
        if not effective:
            return SaveResult(True, ledger.revision, 0, len(changes))
        rev = Revision(
            0,
            "save",
            author,
            _now(),
            base_revision,
            comment,
            tuple((c.key, c.value) for c in effective),
        )
        rev_id = self._commit(rev)
        if rev_id in self.ledger.rejected:  # lost a race with another writer
            return SaveResult(
                False,
                self.ledger.revision,
                conflicts=self.ledger.conflicts(effective, base_revision),
            )
        self._write_views(rev_id)
        return SaveResult(True, rev_id, len(effective), len(changes) - len(effective))

    def undo(self, author: str) -> SaveResult:
        target, reverts = self.refresh().undo_plan(author)
        rev = Revision(
            0,
            "undo",
            author,
            _now(),
            self.ledger.revision,
            f"undo #{target}",
            tuple((c.key, c.value) for c in reverts),
            undoes=target,
        )
        rev_id = self._commit(rev)
        if rev_id in self.ledger.rejected:
            raise PlanError(
                "the undo lost a race with another save: load and try again",
                "отмена не удалась из-за одновременного сохранения: загрузите планы и повторите",
            )
        self._write_views(rev_id)
        return SaveResult(True, rev_id, len(reverts))

    def lock(self, before_month: str, author: str) -> int:
        self.refresh()
        rev = Revision(
            0, "lock", author, _now(), comment=f"lock before {before_month}", month=before_month
        )
        return self._commit(rev)

    def unlock(self, month: str, author: str, reason: str) -> int:
        ledger = self.refresh()
        if month not in ledger.unlocked and not (
            ledger.lock_before is not None and month < ledger.lock_before
        ):
            raise PlanError(
                f"month {month} is not locked", f"месяц {month} не закрыт для изменений"
            )
        rev = Revision(
            0, "unlock", author, _now(), comment=f"unlock {month}: {reason}", month=month
        )
        return self._commit(rev)

    def set_commission(
        self, user_id: int, month: str, rules: Sequence[CommissionRule], author: str
    ) -> int:
        text = "; ".join(f"{r.kind} {r.threshold:g}: {r.rate:g}" for r in rules) or "none"
        rev = Revision(
            0,
            "commission",
            author,
            _now(),
            comment=f"commission user:{user_id} {month}: {text}",
            month=month,
            user_id=user_id,
            rules=tuple(rules),
        )
        return self._commit(rev)

    # views -----------------------------------------------------------------------------
    def _write_views(self, rev_id: int) -> None:
        """Audit items and current-value items for one applied revision (batched)."""
        rev, effects = self.ledger.applied[rev_id], self.ledger.effects[rev_id]
        if self._value_items is None:
            self._value_items = {
                str(i[self.names["VKEY"]]): int(i["id"]) for i in self._items("value")
            }
        commands: dict[str, tuple[str, dict[str, Any]]] = {}
        etid, names = self.entity_type_id, self.names
        for n, (key, old, new) in enumerate(effects):
            text = vkey(key)
            audit = {
                names["KIND"]: "audit",
                names["VKEY"]: text,
                names["VALUE"]: new,
                names["REV"]: rev_id,
                names["AUTHOR"]: rev.author,
                names["DATA"]: json.dumps(
                    {"old": old, "new": new, "at": rev.at, "comment": rev.comment}
                ),
                "title": f"{key.text()}: {old} -> {new}",
            }
            commands[f"a{n}"] = ("crm.item.add", {"entityTypeId": etid, "fields": audit})
            item_id = self._value_items.get(text)
            value = {
                names["KIND"]: "value",
                names["VKEY"]: text,
                names["VALUE"]: new,
                names["REV"]: rev_id,
                "title": f"{key.text()} = {new}",
            }
            if new is None and item_id is not None:
                commands[f"v{n}"] = ("crm.item.delete", {"entityTypeId": etid, "id": item_id})
                del self._value_items[text]
            elif item_id is not None:
                update = {"entityTypeId": etid, "id": item_id, "fields": value}
                commands[f"v{n}"] = ("crm.item.update", update)
            elif new is not None:
                commands[f"v{n}"] = ("crm.item.add", {"entityTypeId": etid, "fields": value})
        self._run_batches(commands)

    def _run_batches(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> None:
        keys = list(commands)
        for start in range(0, len(keys), 50):
            chunk = {k: commands[k] for k in keys[start : start + 50]}
            result = self.client.batch(chunk)
            for key, (method, params) in chunk.items():
                if method == "crm.item.add" and params["fields"][self.names["KIND"]] == "value":
                    item = result[key]["item"]
                    assert self._value_items is not None
                    self._value_items[str(item[self.names["VKEY"]])] = int(item["id"])
