"""Team productivity from tasks (metrics-spec "Team productivity").

A task's planned start is ``startDatePlan``, or ``createdDate`` plus the start grace (24 h by
default). Tasks belong to ``responsibleId`` (and that employee's departments) and their
project (``groupId``). A task in status 5 (completed) without ``closedDate`` is closed at its
``changedDate``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from metrics.errors import ParameterError
from metrics.model import Model
from metrics.registry import Query, Result, metric
from metrics.scopes import scope_users
from metrics.text import norm
from metrics.timeline import NAT, ns

Parts = dict[str, np.ndarray]
HOUR = 3600 * 10**9


def task_table(model: Model) -> Parts:
    """Typed task arrays (cached)."""
    return model.cached("task_table", lambda: _task_table(model))


def _task_table(model: Model) -> Parts:
    tasks = model.frames["tasks"]
    created = ns(tasks["created_date"])
    planned = ns(tasks["start_date_plan"])
    grace = int(model.settings.task_start_grace_hours * HOUR)
    planned = np.where((planned == NAT) & (created != NAT), created + grace, planned)
    closed = ns(tasks["closed_date"])
    done = tasks["status"].to_numpy() == 5
    closed = np.where((closed == NAT) & done, ns(tasks["changed_date"]), closed)
    return {
        "user": tasks["responsible_id"].to_numpy(),
        "group": tasks["group_id"].to_numpy(),
        "created": created,
        "planned": planned,
        "started": ns(tasks["date_start"]),
        "deadline": ns(tasks["deadline"]),
        "closed": closed,
    }


def task_mask(q: Query) -> np.ndarray:
    """Tasks of the scope's employees, and of the project given by the ``project`` param."""
    table = task_table(q.model)
    mask = np.ones(len(table["user"]), dtype=bool)
    users = scope_users(q.model, q.scope)
    if users is not None:
        mask &= np.isin(table["user"], users)
    if "project" in q.params:
        mask &= table["group"] == project_id(q.model, q.params["project"])
    return mask


def project_id(model: Model, value: str) -> int:
    """A project (workgroup) by id or name."""
    groups = model.frames["groups"]
    for gid, name in zip(groups["id"], groups["name"], strict=True):
        if str(gid) == value.strip() or norm(name) == norm(value):
            return int(gid)
    names = ", ".join(str(n) for n in groups["name"])
    raise ParameterError(
        f'unknown project "{value}"; projects: {names}',
        f'неизвестный проект "{value}"; есть: {names}',
    )


def on_time(
    table: Parts, mask: np.ndarray, start: int, end: int, t: int, kind: str
) -> tuple[int, int]:
    """(on time, due) for started (planned start) or finished (deadline) in the period."""
    due_at = table["planned"] if kind == "start" else table["deadline"]
    done_at = table["started"] if kind == "start" else table["closed"]
    due = mask & (due_at != NAT) & (due_at >= start) & (due_at < end) & (due_at < t)
    good = due & (done_at != NAT) & (done_at <= due_at)
    return int(good.sum()), int(due.sum())


def open_at(table: Parts, mask: np.ndarray, end: int, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Open and overdue tasks at min(end, T): just before the period's end, or at T."""
    if t < end:
        moment, created, closed = (
            t,
            table["created"] <= t,
            (table["closed"] != NAT) & (table["closed"] <= t),
        )
    else:
        moment, created, closed = (
            end,
            table["created"] < end,
            (table["closed"] != NAT) & (table["closed"] < end),
        )
    is_open = mask & (table["created"] != NAT) & created & ~closed
    overdue = is_open & (table["deadline"] != NAT) & (table["deadline"] < moment)
    return is_open, overdue


def share(kind: str) -> Callable[[Query], Result]:
    """The compute function of a started/finished on-time share."""

    def compute(q: Query) -> Result:
        start, end = q.bounds()
        good, due = on_time(task_table(q.model), task_mask(q), start, end, q.as_of, kind)
        return Result.ratio(good, due)

    return compute


def discipline(q: Query) -> Result:
    start, end = q.bounds()
    table, mask = task_table(q.model), task_mask(q)
    s_good, s_due = on_time(table, mask, start, end, q.as_of, "start")
    f_good, f_due = on_time(table, mask, start, end, q.as_of, "finish")
    if not s_due or not f_due:
        return Result(None)
    return Result((s_good / s_due) * (f_good / f_due))


def state(which: int) -> Callable[[Query], Result]:
    """The compute function of open (0) or overdue (1) tasks at min(end, T)."""

    def compute(q: Query) -> Result:
        _, end = q.bounds()
        value = int(open_at(task_table(q.model), task_mask(q), end, q.as_of)[which].sum())
        return Result(value, float(value), None)

    return compute


TASK: dict[str, Any] = {"per_employee": True, "params": ("project",)}
metric(
    id="started_on_time", kind="share", unit="share", **TASK,
    label_ru="Начаты вовремя", label_en="Started on time",
    description_ru="Из задач с плановым началом в периоде и до T - доля начатых (dateStart) не "
    "позже планового начала. Плановое начало - startDatePlan, иначе createdDate + 24 ч "
    "(task_start_grace_hours). Не начатая задача - не вовремя.",
    description_en="Of the tasks whose planned start is in the period and before T, the share "
    "started (dateStart) no later than planned. Planned start: startDatePlan, else createdDate "
    "+ 24 h (task_start_grace_hours). A task never started is not on time.",
    formula_ru="начаты вовремя / задач с плановым началом в периоде",
    formula_en="started on time / tasks with a planned start in the period",
)(share("start"))  # fmt: skip
metric(
    id="finished_on_time", kind="share", unit="share", **TASK,
    label_ru="Завершены вовремя", label_en="Finished on time",
    description_ru="Из задач со сроком (deadline) в периоде и до T - доля закрытых (closedDate) не "
    "позже срока. Задачи без срока не учитываются.",
    description_en="Of the tasks whose deadline is in the period and before T, the share closed "
    "(closedDate) by the deadline. Tasks without a deadline are left out.",
    formula_ru="закрыты вовремя / задач со сроком в периоде",
    formula_en="closed on time / tasks with a deadline in the period",
)(share("finish"))  # fmt: skip
metric(
    id="discipline", kind="share", unit="share", **TASK,
    label_ru="Исполнительская дисциплина", label_en="Execution discipline",
    description_ru="Доля начатых вовремя, умноженная на долю завершённых вовремя "
    "(80 % x 80 % = 64 %). Пусто, если пуста любая из долей.",
    description_en="Share started on time times share finished on time (80 % x 80 % = 64 %). "
    "Empty when either share is empty.",
    formula_ru="started_on_time x finished_on_time",
    formula_en="started_on_time x finished_on_time",
)(discipline)  # fmt: skip
metric(
    id="open_tasks", kind="state", unit="tasks", **TASK,
    label_ru="Незакрытые задачи", label_en="Open tasks",
    description_ru="Задачи, созданные и не закрытые на конец периода (или на T, если период ещё "
    "идёт). Значения на конец каждого периода дают тренд накопления.",
    description_en="Tasks created and not closed at the end of the period (or at T when the "
    "period is not over). Their values at each period end give the build-up trend.",
    formula_ru="созданы к моменту min(конец, T) и не закрыты к нему",
    formula_en="created by min(end, T) and not closed by then",
)(state(0))  # fmt: skip
metric(
    id="overdue_tasks", kind="state", unit="tasks", **TASK,
    label_ru="Просроченные задачи", label_en="Overdue tasks",
    description_ru="Незакрытые на момент min(конец периода, T) задачи со сроком раньше этого "
    "момента.",
    description_en="Tasks open at min(period end, T) whose deadline is before that moment.",
    formula_ru="незакрытые с deadline < min(конец, T)",
    formula_en="open with deadline < min(end, T)",
)(state(1))  # fmt: skip
