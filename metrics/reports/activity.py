"""Activity index of any group: ``user_id, employee, department, call, chat, meeting, email,
todo, points, index``.

The report's scope is the group (all active employees by default; param ``group`` sets it
apart from the scope): each employee's index is 100 x points / mean points of the group, so
any group compares each with each. A single employee's scope shows that employee against all
active employees. Counts are
completed activities in the period by kind; points use the weights (chats take the call
weight while they are counted with calls).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.activity import active_users, kind_counts, weights
from metrics.reports.base import ReportRequest, report
from metrics.scopes import resolve_scope, scope_users
from metrics.settings import ACTIVITY_KINDS


@report("activity_index")
def activity_index(request: ReportRequest) -> pd.DataFrame:
    """Points and index of every active employee of the selected group."""
    model = request.model
    start, end = request.bounds()
    group = request.scope
    if "group" in request.params:
        group = resolve_scope(model, request.params["group"])
    elif group.kind == "user":  # one employee (a personal workbook): against everyone
        group = resolve_scope(model, "all")
    members = active_users(model, scope_users(model, group))
    counts = kind_counts(model, start, end, request.as_of).reindex(members, fill_value=0)
    points = counts.mul(weights(model, request.params), axis=1).sum(axis=1)
    mean = float(points.mean()) if len(points) else 0.0
    if request.scope.kind == "user":
        users = [int(request.scope.key)]
        counts = kind_counts(model, start, end, request.as_of).reindex(users, fill_value=0)
        points = counts.mul(weights(model, request.params), axis=1).sum(axis=1)
    else:
        users = members
    out = counts.reset_index(names="user_id")
    out.insert(1, "employee", [model.org.user_names.get(u, f"#{u}") for u in users])
    out.insert(
        2, "department", [model.org.names.get(model.org.user_department(u), "") for u in users]
    )
    out["points"] = points.to_numpy(dtype=np.float64)
    out["index"] = pd.Series(
        [100.0 * p / mean if mean else None for p in out["points"]], dtype=object
    )
    columns = ["user_id", "employee", "department", *ACTIVITY_KINDS, "points", "index"]
    return (
        out[columns]
        .sort_values(["points", "employee"], ascending=[False, True])
        .reset_index(drop=True)
    )
