"""Scope levels of the hierarchical reports and fast per-level sums of per-deal values.

Rows are ordered company -> departments (tree, depth-first) -> employees -> pipelines ->
cities -> sources -> custom fields. Per-employee sums come from one ``bincount``; a
department's sum is the membership matrix times the employees' sums (an employee counts once
in every department above him), so no per-row Python loop runs over deals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.model import Model
from metrics.scopes import Scope, deal_mask, source_names, text_column


@dataclass
class Levels:
    """The report rows of one scope and how to sum a per-deal array into them."""

    rows: pd.DataFrame  # scope_level, scope_id, scope, parent_id, depth
    mask: np.ndarray  # deals inside the report's scope
    user_codes: np.ndarray  # deal -> column of the users' table
    user_ids: np.ndarray
    dept_matrix: np.ndarray  # shown departments x users
    dim_codes: list[tuple[np.ndarray, int]]  # pipeline/city/source/uf codes and their sizes
    n_users_shown: int
    everything: bool = False  # the scope holds every deal (no masking needed)

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Sum a per-deal array into every row (the report's scope applied)."""
        x = values if self.everything else np.where(self.mask, values, 0.0)
        per_user = np.bincount(self.user_codes, weights=x, minlength=len(self.user_ids))
        out = [np.array([x.sum()]), self.dept_matrix @ per_user, per_user[: self.n_users_shown]]
        for codes, size in self.dim_codes:
            out.append(np.bincount(codes, weights=x, minlength=size)[:size])
        return np.concatenate(out)


def levels(
    model: Model, scope: Scope, dims: tuple[str, ...] = ("pipeline", "city", "source", "uf")
) -> Levels:
    """The rows of a hierarchical report over ``scope`` (cached per scope and dims)."""
    return model.cached(("levels", scope.id, dims), lambda: _levels(model, scope, dims))


def _levels(model: Model, scope: Scope, dims: tuple[str, ...]) -> Levels:
    org = model.org
    mask = deal_mask(model, scope)
    assigned = model.deals["assigned_by_id"].to_numpy()
    shown_users = employees(model, scope, assigned[mask])
    extra = sorted(set(np.unique(assigned).tolist()) - set(shown_users))
    user_ids = np.array(shown_users + extra, dtype=np.int64)
    user_codes = pd.Index(user_ids).get_indexer(pd.Index(assigned))
    rows = [("company" if scope.kind == "all" else scope.kind, scope.id, scope.name, "", 0)]
    depts = departments(model, scope)
    matrix = np.zeros((len(depts), len(user_ids)))
    column = {int(u): j for j, u in enumerate(user_ids)}
    base = org.depth(depts[0]) - 1 if depts else 0
    for i, dept in enumerate(depts):
        for user in org.dept_users(dept):
            if user in column:
                matrix[i, column[user]] = 1.0
        parent = org.parent.get(dept, 0)
        parent_id = f"dept:{parent}" if parent in depts else scope.id
        rows.append(
            ("department", f"dept:{dept}", org.names[dept], parent_id, org.depth(dept) - base)
        )
    for user in shown_users:
        home = next((d for d in org.user_depts.get(user, ()) if d in depts), None)
        parent_id = f"dept:{home}" if home is not None else scope.id
        depth = (org.depth(home) - base + 1) if home is not None else 1
        name = org.user_names.get(user, f"#{user}")
        rows.append(("employee", f"user:{user}", name, parent_id, depth))
    dim_codes = []
    for dim in dims:
        for level, ids, names, codes in dimension(model, dim):
            dim_codes.append((codes, len(ids)))
            rows += [(level, i, n, scope.id, 1) for i, n in zip(ids, names, strict=True)]
    frame = pd.DataFrame(rows, columns=["scope_level", "scope_id", "scope", "parent_id", "depth"])
    everything = bool(mask.all())
    return Levels(
        frame, mask, user_codes, user_ids, matrix, dim_codes, len(shown_users), everything
    )


def departments(model: Model, scope: Scope) -> list[int]:
    """Departments shown under the scope's own row: a department's sub-departments, or the
    whole tree without the root (the root department is the company row); none for other
    scopes. The scope's department itself is the first row, never repeated below it."""
    org = model.org
    if scope.kind == "dept":
        return org.subtree(int(scope.key))[1:]
    if scope.kind != "all":
        return []
    roots = org.roots
    if len(roots) == 1:
        return org.subtree(roots[0])[1:]
    return [d for r in roots for d in org.subtree(r)]


def employees(model: Model, scope: Scope, assigned_in_scope: np.ndarray) -> list[int]:
    """Employees shown: the scope's employees (active, or with deals in the scope)."""
    org = model.org
    with_deals = set(np.unique(assigned_in_scope).tolist())
    if scope.kind == "user":
        return [int(scope.key)]
    if scope.kind == "dept":
        pool = org.dept_users(int(scope.key))
    elif scope.kind == "all":
        pool = sorted(set(org.user_names) | with_deals)
    else:
        pool = sorted(with_deals)
    keep = [u for u in pool if org.user_active.get(u, False) or u in with_deals]
    return sorted(keep, key=lambda u: (org.user_names.get(u, ""), u))


def dimension(model: Model, dim: str) -> list[tuple[str, list[str], list[str], np.ndarray]]:
    """(level, scope ids, names, per-deal codes) of one flat dimension."""
    deals = model.deals
    if dim == "pipeline":
        cats = model.frames["categories"].sort_values(["sort", "id"])
        ids = [int(c) for c in cats["id"]]
        extra = sorted(set(deals["category_id"].unique().tolist()) - set(ids))
        ids += extra
        names = [str(n) for n in cats["name"]] + [f"#{c}" for c in extra]
        codes = pd.Index(ids).get_indexer(pd.Index(deals["category_id"].to_numpy()))
        return [("pipeline", [f"pipeline:{i}" for i in ids], names, codes)]
    columns: list[tuple[str, str]] = []
    if dim == "city" and model.settings.city_field in deals:
        columns.append(("city", model.settings.city_field))
    if dim == "source" and model.settings.source_field in deals:
        columns.append(("source", model.settings.source_field))
    if dim == "uf":
        columns += [
            ("uf", f) for f in model.settings.uf_fields if f in deals and deals[f].dtype == object
        ]
    return [flat(model, level, column) for level, column in columns]


def flat(model: Model, level: str, column: str) -> tuple[str, list[str], list[str], np.ndarray]:
    """Distinct values of a text column as a level (empty values are left out)."""
    normed = text_column(model, column)
    raw = model.deals[column].astype(object).to_numpy()
    codes, uniques = pd.factorize(normed)
    _, first = np.unique(codes, return_index=True)
    display = {int(codes[i]): str(raw[i]) for i in first}
    keep = [i for i, u in enumerate(uniques) if u != ""]
    order = sorted(keep, key=lambda i: display[i])
    remap = np.full(len(uniques) + 1, len(order), dtype=np.int64)
    remap[order] = np.arange(len(order))
    codes = remap[np.where(codes < 0, len(uniques), codes)]
    names = [display[i] for i in order]
    if level == "source":
        labels = source_names(model)
        ids = [f"source:{n}" for n in names]
        names = [labels.get(n, n) for n in names]
    elif level == "city":
        ids = [f"city:{n}" for n in names]
    else:
        ids = [f"uf:{column}={n}" for n in names]
    return level, ids, names, codes
