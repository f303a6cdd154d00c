"""Frames cut down to one manager, for a workbook that manager alone may read.

Privacy is enforced on the data, before any metric is computed: the cut frames hold only
the manager's own user row, deals, leads, their stage history, the manager's tasks, and
activities that are the manager's own or bound to the manager's deals (those keep the deal's
last touch right but are stripped of their author, so they never count for anyone). No
other employee's name, id or figure reaches the report tables, hence none reaches the file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pandas as pd

from metrics.frames import PortalFrames


def active_managers(frames: PortalFrames) -> list[tuple[int, str]]:
    """Active employees responsible for at least one deal: ``(id, "Name Last")``."""
    users = frames["users"]
    owners = set(frames["deals"]["assigned_by_id"].astype("int64"))
    active = users[users["active"].astype(bool) & users["id"].isin(owners)]
    out = []
    for user_id, first, last in zip(active["id"], active["name"], active["last_name"], strict=True):
        name = " ".join(str(p) for p in (first, last) if p and str(p) != "nan")
        out.append((int(user_id), name.strip() or f"user {int(user_id)}"))
    out.sort()
    return out


def file_name(user_id: int, name: str) -> str:
    """A safe file name for the manager's workbook: ``Anna_Smirnova_7.xlsx``."""
    safe = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_") or "user"
    return f"{safe}_{user_id}.xlsx"


def _ancestors(departments: pd.DataFrame, start: set[int]) -> set[int]:
    parent = dict(
        zip(departments["id"].astype(int), departments["parent"].astype(int), strict=True)
    )
    seen: set[int] = set()
    todo = list(start)
    while todo:
        dept = todo.pop()
        if dept in seen or dept not in parent:
            continue
        seen.add(dept)
        todo.append(parent[dept])
    return seen


def frames_for(frames: PortalFrames, user_id: int) -> PortalFrames:
    """The frames as they would look on a portal where only this manager worked."""
    f = frames.frames
    deals = f["deals"][f["deals"]["assigned_by_id"] == user_id]
    leads = f["leads"][f["leads"]["assigned_by_id"] == user_id]
    history = f["stage_history"]
    owned = ((history["entity_type_id"] == 2) & history["owner_id"].isin(deals["id"])) | (
        (history["entity_type_id"] == 1) & history["owner_id"].isin(leads["id"])
    )
    acts = f["activities"]
    bound = (acts["owner_type_id"] == 2) & acts["owner_id"].isin(deals["id"])
    bound |= (acts["owner_type_id"] == 1) & acts["owner_id"].isin(leads["id"])
    acts = acts[(acts["responsible_id"] == user_id) | bound].copy()
    acts.loc[acts["responsible_id"] != user_id, "responsible_id"] = 0
    links = f["user_departments"][f["user_departments"]["user_id"] == user_id]
    depts = f["departments"]
    keep = _ancestors(depts, set(links["department_id"].astype(int)))
    depts = depts[depts["id"].isin(keep)].assign(head=0)
    cut = {
        **f,
        "users": f["users"][f["users"]["id"] == user_id],
        "user_departments": links,
        "departments": depts,
        "deals": deals,
        "leads": leads,
        "stage_history": history[owned],
        "activities": acts,
        "tasks": f["tasks"][f["tasks"]["responsible_id"] == user_id],
    }
    return replace(frames, frames=cut, revision=f"{frames.revision}/user:{user_id}", extra={})


def plans_for(plans: Any, user_id: int) -> Any:
    """The manager's own plans and commission rules out of ``(plans, commissions)``."""
    if plans is None:
        return None
    plan_frame, rules = plans
    own = plan_frame["scope_id"].astype(str).str.fullmatch(rf"(pipeline:\d+/)?user:{user_id}")
    return plan_frame[own], rules[rules["user_id"] == user_id]
