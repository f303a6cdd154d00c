"""The scope tree of the plans: which scopes exist, their labels, and roll-up.

Roll-up (``metrics-spec.md``, "Plan and fact"): a scope without a plan of its own takes the
sum of the plans just below it; its own plan overrides that sum. Just below:

- the company (``all``): the top departments (children of the root department, which IS the
  company) and the employees of the root department;
- a department: its sub-departments and its employees;
- a pipeline: the same tree inside the pipeline (``pipeline:<p>/dept:<d>``,
  ``pipeline:<p>/user:<u>``).

Employees have nothing below them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScopeRow:
    """One row of the Plans grid: scope id, label and outline depth."""

    scope_id: str
    label: str
    depth: int


@dataclass
class ScopeTree:
    """Scopes in grid order (``rows``) and the children of each for roll-up."""

    rows: list[ScopeRow] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=dict)
    # used when nothing below a scope is planned: the company falls back to its pipelines
    fallback: dict[str, list[str]] = field(default_factory=dict)

    def labels(self) -> dict[str, str]:
        """scope id -> label."""
        return {row.scope_id: row.label for row in self.rows}

    def add(self, scope_id: str, label: str, depth: int, parent: str | None) -> None:
        """Append a row and register it under ``parent``."""
        self.rows.append(ScopeRow(scope_id, label, depth))
        self.children.setdefault(scope_id, [])
        if parent is not None:
            self.children.setdefault(parent, []).append(scope_id)


def build_tree(
    departments: Iterable[tuple[int, str, int]],
    users: Iterable[tuple[int, str]],
    memberships: Iterable[tuple[int, int]],
    pipelines: Iterable[tuple[int, str]],
    *,
    company_label: str = "Company / Компания",
    pipeline_detail: bool = True,
) -> ScopeTree:
    """The tree from departments ``(id, name, parent)`` (in display order), users
    ``(id, name)``, memberships ``(user_id, department_id)`` and pipelines ``(id, name)``."""
    depts = list(departments)
    names = {d[0]: d[1] for d in depts}
    root = next((d[0] for d in depts if not d[2]), None)
    sub: dict[int, list[int]] = {}
    for dept_id, _name, parent in depts:
        if parent and dept_id != root:
            sub.setdefault(parent, []).append(dept_id)
    user_names = dict(users)
    members: dict[int, list[int]] = {}
    for user_id, dept_id in memberships:
        if user_id in user_names:
            members.setdefault(dept_id, []).append(user_id)
    tree = ScopeTree()
    tree.add("all", names.get(root, company_label) if root else company_label, 0, None)

    def walk(prefix: str, parent_scope: str, dept_ids: list[int], depth: int, tag: str) -> None:
        for dept_id in dept_ids:
            scope = f"{prefix}dept:{dept_id}"
            tree.add(scope, f"{tag}{names[dept_id]}", depth, parent_scope)
            walk(prefix, scope, sub.get(dept_id, []), depth + 1, tag)
            add_users(prefix, scope, members.get(dept_id, []), depth + 1, tag)

    def add_users(prefix: str, parent_scope: str, ids: list[int], depth: int, tag: str) -> None:
        for user_id in sorted(set(ids), key=lambda u: (user_names[u], u)):
            tree.add(f"{prefix}user:{user_id}", f"{tag}{user_names[user_id]}", depth, parent_scope)

    top = sub.get(root, []) if root is not None else [d[0] for d in depts if not d[2]]
    walk("", "all", top, 1, "")
    add_users("", "all", members.get(root, []) if root is not None else [], 1, "")
    for pipe_id, pipe_name in pipelines:
        scope = f"pipeline:{pipe_id}"
        tree.add(scope, pipe_name, 1, None)
        tree.fallback.setdefault("all", []).append(scope)
        if pipeline_detail:
            tag = f"{pipe_name} / "
            walk(f"{scope}/", scope, top, 2, tag)
            root_users = members.get(root, []) if root is not None else []
            add_users(f"{scope}/", scope, root_users, 2, tag)
    return tree


def tree_from_frames(frames: Any, *, pipeline_detail: bool = True) -> ScopeTree:
    """The tree of a :class:`metrics.frames.PortalFrames` (active employees only)."""
    deps = frames["departments"].sort_values(["sort", "id"])
    users = frames["users"]
    users = users[users["active"].astype(bool)]
    pipes = frames["categories"].sort_values(["sort", "id"])
    return build_tree(
        [(int(r.id), str(r.name), int(r.parent or 0)) for r in deps.itertuples()],
        [(int(r.id), f"{r.name} {r.last_name}".strip()) for r in users.itertuples()],
        [(int(r.user_id), int(r.department_id)) for r in frames["user_departments"].itertuples()],
        [(int(r.id), str(r.name)) for r in pipes.itertuples()],
        pipeline_detail=pipeline_detail,
    )


def rolled_up(
    own: Mapping[tuple[str, str], float],
    children: Mapping[str, list[str]],
    fallback: Mapping[str, list[str]] | None = None,
) -> dict[tuple[str, str], float]:
    """Effective plans ``(month, scope_id) -> value`` for every scope in ``children``.

    ``own`` holds the plans of their own (one version and measure). A scope with neither
    its own plan nor any child with a plan takes the sum of its ``fallback`` scopes (the
    company: its pipelines, as the ``plan`` metric does), else gets no entry.
    """
    months = sorted({m for m, _ in own})
    result: dict[tuple[str, str], float] = {}
    for month in months:
        cache: dict[str, float | None] = {}

        def value(scope: str, month: str = month, cache: dict = cache) -> float | None:
            if scope in cache:
                return cache[scope]
            cache[scope] = None  # guards against cycles
            mine = own.get((month, scope))
            for group in (children.get(scope, []), (fallback or {}).get(scope, [])):
                if mine is not None:
                    break
                parts = [v for v in (value(c) for c in group) if v is not None]
                mine = sum(parts) if parts else None
            cache[scope] = mine
            return mine

        for scope in children:
            total = value(scope)
            if total is not None:
                result[(month, scope)] = total
    return result
