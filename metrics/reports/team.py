"""Team productivity from tasks.

* ``team_productivity``: ``scope_level, scope_id, scope, tasks_set, done, in_progress,
  overdue`` for the company, departments, employees and projects: tasks created in the
  period, closed in it, open and overdue at min(end, T).
* ``task_discipline``: ``period_kind, period, started_on_time, finished_on_time,
  discipline`` for the 12 weeks, 12 months and 4 quarters ending with the period.
* ``task_buildup``: ``period, open_tasks, overdue_tasks`` at the end of each of the 12 months
  ending with the period (the build-up trend).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.tasks import on_time, open_at, task_table
from metrics.periods import Period, month_of, quarter, week_of
from metrics.reports.base import ReportRequest, report
from metrics.reports.groups import departments, employees
from metrics.scopes import scope_users


def scope_tasks(request: ReportRequest) -> np.ndarray:
    """Tasks of the request scope's employees."""
    table = task_table(request.model)
    users = scope_users(request.model, request.scope)
    return (
        np.ones(len(table["user"]), dtype=bool) if users is None else np.isin(table["user"], users)
    )


@report("team_productivity")
def team_productivity(request: ReportRequest) -> pd.DataFrame:
    """Tasks set, done, in progress and overdue by department, employee and project."""
    model = request.model
    table, mask = task_table(model), scope_tasks(request)
    start, end = request.bounds()
    t = request.as_of
    created = (
        mask & (table["created"] >= start) & (table["created"] < end) & (table["created"] <= t)
    )
    closed = table["closed"]
    done = mask & (closed >= start) & (closed < end) & (closed <= t)
    is_open, overdue = open_at(table, mask, end, t)
    flags = {"tasks_set": created, "done": done, "in_progress": is_open, "overdue": overdue}
    rows = [
        (
            "company" if request.scope.kind == "all" else request.scope.kind,
            request.scope.id,
            request.scope.name,
            mask,
        )
    ]
    for dept in departments(model, request.scope):
        rows.append(
            (
                "department",
                f"dept:{dept}",
                model.org.names[dept],
                np.isin(table["user"], model.org.dept_users(dept)),
            )
        )
    for user in employees(model, request.scope, table["user"][mask]):
        rows.append(
            (
                "employee",
                f"user:{user}",
                model.org.user_names.get(user, f"#{user}"),
                table["user"] == user,
            )
        )
    groups = model.frames["groups"]
    for gid, name in zip(groups["id"], groups["name"], strict=True):
        rows.append(("project", f"project:{gid}", str(name), table["group"] == gid))
    records = [
        {
            "scope_level": lvl,
            "scope_id": sid,
            "scope": name,
            **{k: int((v & m).sum()) for k, v in flags.items()},
        }
        for lvl, sid, name, m in rows
    ]
    return pd.DataFrame(records, columns=["scope_level", "scope_id", "scope", *flags])


def series(period: Period) -> list[tuple[str, Period]]:
    """12 weeks, 12 months and 4 quarters ending with the period's last day."""
    last = period.end - pd.Timedelta(days=1)
    out = [("week", week_of(last).shift(-i)) for i in range(11, -1, -1)]
    out += [("month", month_of(last).shift(-i)) for i in range(11, -1, -1)]
    q = quarter(last.year, (last.month - 1) // 3 + 1)
    return out + [("quarter", q.shift(-i)) for i in range(3, -1, -1)]


@report("task_discipline")
def task_discipline(request: ReportRequest) -> pd.DataFrame:
    """Started/finished on time and discipline by week, month and quarter."""
    table, mask = task_table(request.model), scope_tasks(request)
    records = []
    for kind, period in series(request.period):
        start, end = request.bounds(period)
        s_good, s_due = on_time(table, mask, start, end, request.as_of, "start")
        f_good, f_due = on_time(table, mask, start, end, request.as_of, "finish")
        started = s_good / s_due if s_due else None
        finished = f_good / f_due if f_due else None
        both = started * finished if started is not None and finished is not None else None
        records.append((kind, period.label, started, finished, both))
    columns = ["period_kind", "period", "started_on_time", "finished_on_time", "discipline"]
    return pd.DataFrame(records, columns=columns).astype(object)


@report("task_buildup")
def task_buildup(request: ReportRequest) -> pd.DataFrame:
    """Open and overdue tasks at each of the 12 month ends up to the period."""
    table, mask = task_table(request.model), scope_tasks(request)
    last = month_of(request.period.end - pd.Timedelta(days=1))
    records = []
    for month in [last.shift(-i) for i in range(11, -1, -1)]:
        _, end = request.bounds(month)
        is_open, overdue = open_at(table, mask, end, request.as_of)
        records.append((month.label, int(is_open.sum()), int(overdue.sum())))
    return pd.DataFrame(records, columns=["period", "open_tasks", "overdue_tasks"])
