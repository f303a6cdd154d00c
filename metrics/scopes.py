"""Scopes as a director writes them, resolved to canonical ids and to deal masks.

Canonical ids: ``all``, ``dept:<id>``, ``user:<id>``, ``pipeline:<id>``, ``city:<value>``,
``source:<value>``, ``uf:<FIELD>=<value>``, ``pipeline:<id>/dept:<id>``,
``pipeline:<id>/user:<id>``. A bare name is looked up among departments, then employees
(``Имя Фамилия``, ``Фамилия Имя`` or a unique surname), pipelines, cities and sources, in that
order; the first kind with a match wins, two matches of one kind are ambiguous. Matching
ignores case and ё/е; a Latin name finds its Cyrillic original when the transliteration is
unique (``Sochi`` -> ``Сочи``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.errors import UnknownScopeError
from metrics.model import Model
from metrics.settings import match_column
from metrics.text import closest, is_latin, latin_key, norm

ALL_WORDS = {"", "all", "*", "все", "всё", "вся компания", "компания", "company"}
KIND_WORDS = {
    "dept": ("department", "отдел"),
    "user": ("employee", "сотрудник"),
    "pipeline": ("pipeline", "воронка"),
    "city": ("city", "город"),
    "source": ("source", "источник"),
    "uf": ("field value", "значение поля"),
}
BARE_ORDER = ("dept", "user", "pipeline", "city", "source")


@dataclass(frozen=True)
class Scope:
    """A resolved scope: canonical ``id``, ``kind``, ``key`` and display ``name``."""

    id: str
    kind: str
    key: str
    name: str
    pipeline: int | None = None  # set for ``pipeline:<id>/dept:<id>`` and ``/user:<id>``


ALL = Scope("all", "all", "", "Все")


def candidates(model: Model, kind: str) -> dict[str, list[str]]:
    """Display names of one kind -> canonical keys (a name may be shared)."""
    return model.cached(("candidates", kind), lambda: _candidates(model, kind))


def _candidates(model: Model, kind: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if kind == "dept":
        for dept, name in model.org.names.items():
            out.setdefault(name, []).append(str(dept))
    elif kind == "user":
        for user in model.org.user_names:
            first, last = model.org.user_first[user], model.org.user_last[user]
            for name in {f"{first} {last}".strip(), f"{last} {first}".strip(), last}:
                if name:
                    out.setdefault(name, []).append(str(user))
    elif kind == "pipeline":
        cats = model.frames["categories"]
        for cat, name in zip(cats["id"], cats["name"], strict=True):
            out.setdefault(str(name), []).append(str(cat))
    elif kind == "city" and model.settings.city_field in model.deals:
        for value in field_values(model, model.settings.city_field):
            out.setdefault(value, []).append(value)
    elif kind == "source":
        for value, name in source_names(model).items():
            out.setdefault(name, []).append(value)
            out.setdefault(value, []).append(value)
    return {name: sorted(set(keys)) for name, keys in out.items()}


def field_values(model: Model, column: str) -> list[str]:
    """Distinct non-empty text values of a deal column (one spelling per value, ignoring case
    and ё/е: the most frequent)."""
    values = model.deals[column].dropna().astype(str)
    counts = values[values.str.strip() != ""].value_counts()
    chosen: dict[str, str] = {}
    for value in counts.index:
        chosen.setdefault(norm(value), str(value))
    return sorted(chosen.values())


def source_names(model: Model) -> dict[str, str]:
    """Source id -> its name (crm.status.list ENTITY_ID SOURCE), ids without a name too."""
    statuses = model.frames["statuses"]
    named = statuses[statuses["entity_id"] == "SOURCE"]
    names = dict(zip(named["status_id"].astype(str), named["name"].astype(str), strict=True))
    column = model.settings.source_field
    for value in field_values(model, column) if column in model.deals else []:
        names.setdefault(value, value)
    return names


def resolve_scope(model: Model, text: object) -> Scope:
    """Any way of writing a scope -> :class:`Scope`, or an :class:`UnknownScopeError`."""
    raw = "" if text is None else str(text).strip()
    return model.cached(("scope", raw), lambda: _resolve(model, raw))


def _resolve(model: Model, raw: str) -> Scope:
    if norm(raw) in ALL_WORDS:
        return ALL
    if "/" in raw and norm(raw.split("/", 1)[0]).startswith("pipeline:"):
        return _compound(model, raw)
    prefix, _, rest = raw.partition(":")
    kind = norm(prefix)
    if rest and kind in ("dept", "user", "pipeline", "city", "source"):
        return lookup(model, kind, rest.strip(), raw)
    if rest and kind == "uf":
        return _uf(model, rest, raw)
    if rest and kind == "id":
        return _by_id(model, rest.strip(), raw)
    for kind in BARE_ORDER:
        found = match(model, kind, raw)
        if found is not None:
            return make(model, kind, found, raw)
    raise unknown(model, raw, BARE_ORDER)


def lookup(model: Model, kind: str, value: str, raw: str) -> Scope:
    """A value of a known kind: an id (departments, employees, pipelines) or a name."""
    if kind in ("dept", "user", "pipeline") and value.isdigit():
        keys = {k for keys in candidates(model, kind).values() for k in keys}
        if value in keys:
            return make(model, kind, value, raw)
    found = match(model, kind, value)
    if found is None:
        raise unknown(model, value, (kind,))
    return make(model, kind, found, raw)


def match(model: Model, kind: str, value: str) -> str | None:
    """The one key whose name matches ``value`` exactly, else by transliteration."""
    names = candidates(model, kind)
    typed = norm(value)
    keys = sorted({k for name, ks in names.items() if norm(name) == typed for k in ks})
    if not keys and is_latin(typed):
        loose = latin_key(typed)
        keys = sorted({k for name, ks in names.items() if latin_key(name) == loose for k in ks})
    if len(keys) > 1:
        shown = [n for n, ks in names.items() if set(ks) & set(keys)]
        en, ru = KIND_WORDS[kind]
        raise UnknownScopeError(
            f'ambiguous {en} "{value}": {"; ".join(sorted(shown))}; use {kind}:<id>',
            f'неоднозначно: {ru} "{value}" - {"; ".join(sorted(shown))}; укажите {kind}:<id>',
        )
    return keys[0] if keys else None


def make(model: Model, kind: str, key: str, raw: str) -> Scope:
    """The canonical scope of one key of ``kind``."""
    if kind == "dept":
        return Scope(f"dept:{key}", kind, key, model.org.names[int(key)])
    if kind == "user":
        return Scope(f"user:{key}", kind, key, model.org.user_names.get(int(key), f"#{key}"))
    if kind == "pipeline":
        names = {str(k[0]): n for n, k in candidates(model, "pipeline").items()}
        return Scope(f"pipeline:{key}", kind, key, names.get(key, key))
    if kind == "source":
        return Scope(f"source:{key}", kind, key, source_names(model).get(key, key))
    return Scope(f"city:{key}", kind, key, key)


def _compound(model: Model, raw: str) -> Scope:
    left, right = raw.split("/", 1)
    pipe = _resolve(model, left)
    inner = _resolve(model, right)
    if pipe.kind != "pipeline" or inner.kind not in ("dept", "user"):
        raise UnknownScopeError(
            f'"{raw}": use pipeline:<id>/dept:<id> or pipeline:<id>/user:<id>',
            f'"{raw}": пишите pipeline:<id>/dept:<id> или pipeline:<id>/user:<id>',
        )
    return Scope(
        f"{pipe.id}/{inner.id}", inner.kind, inner.key, f"{pipe.name} / {inner.name}", int(pipe.key)
    )


def _uf(model: Model, rest: str, raw: str) -> Scope:
    field, _, value = rest.partition("=")
    column = match_column([str(c) for c in model.deals.columns], field.strip())
    if column not in model.deals.columns or not value.strip():
        fields = [c for c in model.deals.columns if c.startswith("ufCrm")]
        raise UnknownScopeError(
            f'unknown custom field in "{raw}"; write uf:FIELD=value, fields: {", ".join(fields)}',
            f'неизвестное поле в "{raw}"; пишите uf:ПОЛЕ=значение, поля: {", ".join(fields)}',
        )
    values = {norm(v): v for v in field_values(model, column)}
    shown = values.get(norm(value), value.strip())
    return Scope(f"uf:{column}={shown}", "uf", f"{column}={shown}", f"{column} = {shown}")


def _by_id(model: Model, value: str, raw: str) -> Scope:
    hits = [
        kind
        for kind in ("dept", "user", "pipeline")
        if any(value in keys for keys in candidates(model, kind).values())
    ]
    if len(hits) == 1:
        return make(model, hits[0], value, raw)
    if hits:
        forms = ", ".join(f"{k}:{value}" for k in hits)
        raise UnknownScopeError(
            f"id {value} is ambiguous; write {forms}", f"id {value} неоднозначен; пишите {forms}"
        )
    raise unknown(model, value, ("dept", "user", "pipeline"))


def unknown(model: Model, value: str, kinds: tuple[str, ...]) -> UnknownScopeError:
    """The error for an unknown name, with the closest names of the kinds searched."""
    owner: dict[str, str] = {}
    for kind in kinds:
        for name in candidates(model, kind):
            owner.setdefault(name, kind)
    best = closest(value, list(owner))
    if best:
        en, ru = KIND_WORDS[owner[best[0]]]
        names = " / ".join(f'"{n}"' for n in best)
        return UnknownScopeError(
            f'unknown {en} "{value}" - did you mean {names}?',
            f'неизвестный {ru} "{value}" - может быть {names}?',
        )
    if len(kinds) == 1:
        en, ru = KIND_WORDS[kinds[0]]
        return UnknownScopeError(f'unknown {en} "{value}"', f'неизвестный {ru} "{value}"')
    return UnknownScopeError(
        f'unknown scope "{value}": no department, employee, pipeline, city or source by that name',
        f'неизвестная область "{value}": нет отдела, сотрудника, воронки, города или источника',
    )


def deal_mask(model: Model, scope: Scope) -> np.ndarray:
    """Which deals (rows of ``model.deals``) belong to the scope; cached."""
    return model.cached(("deal_mask", scope.id), lambda: _deal_mask(model, scope))


def _deal_mask(model: Model, scope: Scope) -> np.ndarray:
    deals = model.deals
    mask = np.ones(len(deals), dtype=bool)
    if scope.pipeline is not None:
        mask &= deals["category_id"].to_numpy() == scope.pipeline
    if scope.kind == "dept":
        users = model.org.dept_users(int(scope.key))
        mask &= np.isin(deals["assigned_by_id"].to_numpy(), users)
    elif scope.kind == "user":
        mask &= deals["assigned_by_id"].to_numpy() == int(scope.key)
    elif scope.kind == "pipeline":
        mask &= deals["category_id"].to_numpy() == int(scope.key)
    elif scope.kind in ("city", "source", "uf"):
        column, value = column_value(model, scope)
        mask &= text_column(model, column) == norm(value)
    return mask


def column_value(model: Model, scope: Scope) -> tuple[str, str]:
    """The deal column and value a city/source/uf scope compares."""
    if scope.kind == "city":
        return model.settings.city_field, scope.key
    if scope.kind == "source":
        return model.settings.source_field, scope.key
    column, _, value = scope.key.partition("=")
    return column, value


def text_column(model: Model, column: str) -> np.ndarray:
    """A deal column normalised for matching (cached)."""

    def build() -> np.ndarray:
        if column not in model.deals:
            return np.full(len(model.deals), "", dtype=object)
        codes, uniques = pd.factorize(model.deals[column].to_numpy(dtype=object))
        normed = np.array([norm(u) for u in uniques] + [""], dtype=object)
        return normed[codes]

    return model.cached(("text_column", column), build)


def scope_users(model: Model, scope: Scope) -> list[int] | None:
    """Employees of a scope for per-employee data (activities, tasks); None = everyone.

    Pipelines, cities, sources and field values have no employees of their own: the error
    says so.
    """
    if scope.kind == "all":
        return None
    if scope.kind == "dept" and scope.pipeline is None:
        return model.org.dept_users(int(scope.key))
    if scope.kind == "user" and scope.pipeline is None:
        return [int(scope.key)]
    raise UnknownScopeError(
        f'"{scope.name}" cannot be used here: activities and tasks belong to employees; '
        "use a department or an employee",
        f'"{scope.name}" здесь не подходит: дела и задачи считаются по сотрудникам; '
        "укажите отдел или сотрудника",
    )
