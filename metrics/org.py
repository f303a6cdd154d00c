"""The company structure: departments (a tree whose root is the company) and employees."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Org:
    """Departments, their sub-departments and employees, from the users/departments frames."""

    names: dict[int, str]
    parent: dict[int, int]
    sort: dict[int, int]
    user_names: dict[int, str]
    user_first: dict[int, str]
    user_last: dict[int, str]
    user_active: dict[int, bool]
    user_depts: dict[int, tuple[int, ...]]
    children: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def from_frames(
        cls, users: pd.DataFrame, departments: pd.DataFrame, pairs: pd.DataFrame
    ) -> Org:
        """Build the tree; a department whose parent is empty or unknown is a root."""
        ids = [int(i) for i in departments["id"]]
        known = set(ids)
        parent = {
            int(i): (int(p) if int(p) in known and int(p) != int(i) else 0)
            for i, p in zip(departments["id"], departments["parent"], strict=True)
        }
        user_depts: dict[int, list[int]] = {}
        for u, d in zip(pairs["user_id"], pairs["department_id"], strict=True):
            user_depts.setdefault(int(u), []).append(int(d))
        first = {int(i): str(n).strip() for i, n in zip(users["id"], users["name"], strict=True)}
        last = {
            int(i): str(n).strip() for i, n in zip(users["id"], users["last_name"], strict=True)
        }
        org = cls(
            names={
                int(i): str(n) for i, n in zip(departments["id"], departments["name"], strict=True)
            },
            parent=parent,
            sort={
                int(i): int(s) for i, s in zip(departments["id"], departments["sort"], strict=True)
            },
            user_names={u: f"{first[u]} {last[u]}".strip() or f"#{u}" for u in first},
            user_first=first,
            user_last=last,
            user_active={
                int(i): bool(a) for i, a in zip(users["id"], users["active"], strict=True)
            },
            user_depts={u: tuple(ds) for u, ds in user_depts.items()},
        )
        for dept in sorted(ids, key=lambda d: (org.sort[d], d)):
            org.children.setdefault(parent[dept], []).append(dept)
        return org

    @property
    def roots(self) -> list[int]:
        """Departments without a parent; the first is the company."""
        return list(self.children.get(0, []))

    def subtree(self, dept: int) -> list[int]:
        """The department and all its sub-departments, depth-first in display order."""
        out, stack = [], [dept]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return out

    def depth(self, dept: int) -> int:
        """0 for a root department, 1 for its children, ..."""
        level, current = 0, self.parent.get(dept, 0)
        while current:
            level, current = level + 1, self.parent.get(current, 0)
        return level

    def dept_users(self, dept: int) -> list[int]:
        """Employees of the department or any of its sub-departments."""
        tree = set(self.subtree(dept))
        return sorted(u for u, ds in self.user_depts.items() if tree.intersection(ds))

    def direct_users(self, dept: int) -> list[int]:
        """Employees listed in the department itself (not only in a sub-department)."""
        return sorted(u for u, ds in self.user_depts.items() if dept in ds)

    def user_department(self, user: int) -> int:
        """The employee's first department (0 when none)."""
        depts = self.user_depts.get(user, ())
        return depts[0] if depts else 0

    def membership(self, users: np.ndarray) -> tuple[list[int], np.ndarray]:
        """Departments x users 0/1 matrix: employee (column) belongs to department (row)."""
        depts = [d for root in self.roots for d in self.subtree(root)]
        column = {int(u): j for j, u in enumerate(users)}
        matrix = np.zeros((len(depts), len(users)), dtype=np.float64)
        for i, dept in enumerate(depts):
            for user in self.dept_users(dept):
                if user in column:
                    matrix[i, column[user]] = 1.0
        return depts, matrix
