"""Activity points and the activity index (metrics-spec "Activity index").

Kinds: call (TYPE_ID 2), chat (provider IMOPENLINES_SESSION; counted as a call unless the
setting ``chats_with_calls`` is off), meeting (TYPE_ID 1), e-mail (TYPE_ID 4, outgoing),
to-do (provider CRM_TODO). CRM_TASKS_TASK mirrors of tasks never count. An activity counts
for its RESPONSIBLE_ID when it is completed and its END_TIME (else LAST_UPDATED, else
CREATED) is in the period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.errors import ParameterError
from metrics.model import Model
from metrics.registry import Query, Result, metric
from metrics.scopes import resolve_scope, scope_users
from metrics.settings import ACTIVITY_KINDS
from metrics.timeline import NAT, ns

KIND_CODE = {kind: i for i, kind in enumerate(ACTIVITY_KINDS)}


def activity_table(model: Model) -> dict[str, np.ndarray]:
    """Per completed, counted activity: user, kind code, counting time (cached)."""
    return model.cached("activity_table", lambda: _activity_table(model))


def _activity_table(model: Model) -> dict[str, np.ndarray]:
    acts = model.frames["activities"]
    codes, uniques = pd.factorize(acts["provider_id"].to_numpy(dtype=object))
    names = np.array([str(u).upper() for u in uniques] + [""], dtype=object)
    provider = names[codes]
    type_id = acts["type_id"].to_numpy()
    kind = np.full(len(acts), -1, dtype=np.int64)
    kind[type_id == 2] = KIND_CODE["call"]
    kind[type_id == 1] = KIND_CODE["meeting"]
    kind[(type_id == 4) & (acts["direction"].to_numpy() == 2)] = KIND_CODE["email"]
    kind[provider == "CRM_TODO"] = KIND_CODE["todo"]
    kind[provider == "IMOPENLINES_SESSION"] = KIND_CODE["chat"]
    kind[provider == "CRM_TASKS_TASK"] = -1
    when = ns(acts["end_time"])
    for column in ("last_updated", "created"):
        when = np.where(when == NAT, ns(acts[column]), when)
    keep = (kind >= 0) & acts["completed"].to_numpy(dtype=bool) & (when != NAT)
    return {
        "user": acts["responsible_id"].to_numpy()[keep],
        "kind": kind[keep],
        "time": when[keep],
    }


def kind_counts(model: Model, start: int, end: int, t: int) -> pd.DataFrame:
    """Users x kinds: counted activities in the period (cached)."""

    def build() -> pd.DataFrame:
        table = activity_table(model)
        ok = (table["time"] >= start) & (table["time"] < end) & (table["time"] <= t)
        frame = pd.DataFrame({"user": table["user"][ok], "kind": table["kind"][ok]})
        counts = frame.groupby(["user", "kind"]).size().unstack(fill_value=0)
        counts = counts.reindex(columns=range(len(ACTIVITY_KINDS)), fill_value=0)
        counts.columns = list(ACTIVITY_KINDS)
        return counts

    return model.cached(("kind_counts", start, end, t), build)


def weights(model: Model, params: dict[str, str]) -> pd.Series:
    """Weight of each kind: settings, then ``weight_<kind>=`` params; uncounted kinds 0."""
    out = {kind: model.settings.activity_weight(kind) for kind in ACTIVITY_KINDS}
    for kind in ACTIVITY_KINDS:
        raw = params.get(f"weight_{kind}")
        if raw is not None:
            try:
                out[kind] = float(raw)
            except ValueError:
                raise ParameterError(
                    f'weight_{kind} must be a number, not "{raw}"',
                    f'weight_{kind} - число, а не "{raw}"',
                ) from None
    if model.settings.chats_with_calls and "weight_chat" not in params:
        out["chat"] = out["call"]
    counted = set(model.settings.activity_kinds)
    if "kind" in params:
        counted = {k.strip() for k in params["kind"].split(",")}
        unknown = counted - set(ACTIVITY_KINDS)
        if unknown:
            kinds = ", ".join(ACTIVITY_KINDS)
            raise ParameterError(
                f"unknown activity kind {', '.join(sorted(unknown))}; use {kinds}",
                f"неизвестный вид дела {', '.join(sorted(unknown))}; есть {kinds}",
            )
    return pd.Series({k: (w if k in counted else 0.0) for k, w in out.items()})


def user_points(model: Model, start: int, end: int, t: int, params: dict[str, str]) -> pd.Series:
    """Points per employee in the period (employees without activities are absent)."""
    weight = weights(model, params)
    key = ("user_points", start, end, t, tuple(weight.tolist()))
    return model.cached(
        key, lambda: kind_counts(model, start, end, t).mul(weight, axis=1).sum(axis=1)
    )


def active_users(model: Model, users: list[int] | None) -> list[int]:
    """Active employees among ``users`` (None: all active employees)."""
    pool = users if users is not None else list(model.org.user_names)
    return [u for u in pool if model.org.user_active.get(u, False)]


def activity_points(q: Query) -> Result:
    start, end = q.bounds()
    points = user_points(q.model, start, end, q.as_of, q.params)
    users = scope_users(q.model, q.scope)
    total = float(points.sum() if users is None else points.reindex(users, fill_value=0).sum())
    return Result(total, total, None)


def mean_points(points: pd.Series, users: list[int]) -> float | None:
    """Mean points over a group of employees (None for an empty group)."""
    return float(points.reindex(users, fill_value=0).mean()) if users else None


def activity_index(q: Query) -> Result:
    start, end = q.bounds()
    points = user_points(q.model, start, end, q.as_of, q.params)
    group = resolve_scope(q.model, q.params.get("group", "all"))
    group_users = active_users(q.model, scope_users(q.model, group))
    users = scope_users(q.model, q.scope)
    members = [int(q.scope.key)] if q.scope.kind == "user" else active_users(q.model, users)
    mine, base = mean_points(points, members), mean_points(points, group_users)
    if mine is None or not base:
        return Result(None, mine, base)
    return Result.ratio(mine, base, 100.0)


metric(
    id="activity_points", kind="sum", unit="points", additive=True, per_employee=True,
    params=("kind", *(f"weight_{k}" for k in ACTIVITY_KINDS)),
    label_ru="Баллы активности", label_en="Activity points",
    description_ru="Сумма весов завершённых в периоде дел сотрудников: звонок 1, чат 1 (считается "
    "со звонками), встреча 3, исходящее письмо 1, дело CRM_TODO 1. Задачи не считаются. Веса и "
    "учитываемые виды - в настройках и параметрах weight_<вид>, kind.",
    description_en="Sum of the weights of the employees' activities completed in the period: "
    "call 1, chat 1 (counted with calls), meeting 3, outgoing e-mail 1, CRM_TODO to-do 1. Tasks "
    "never count. Weights and counted kinds: settings and params weight_<kind>, kind.",
    formula_ru="сумма (вес вида x число дел вида) по RESPONSIBLE_ID, END_TIME в периоде",
    formula_en="sum of (kind weight x activities of the kind) by RESPONSIBLE_ID, END_TIME in "
    "the period",
)(activity_points)  # fmt: skip
metric(
    id="activity_index", kind="index", unit="index", per_employee=True,
    params=("group", "kind", *(f"weight_{k}" for k in ACTIVITY_KINDS)),
    label_ru="Индекс активности", label_en="Activity index",
    description_ru="Баллы сотрудника относительно среднего по выбранной группе (параметр group, "
    "по умолчанию все активные сотрудники), x100. Для отдела - средние баллы его активных "
    "сотрудников. Если среднее группы 0 - пусто.",
    description_en="An employee's points against the mean of the selected group (param group, "
    "all active employees by default), x100. For a department: the mean points of its active "
    "employees. Empty when the group's mean is 0.",
    formula_ru="100 x баллы / среднее баллов группы",
    formula_en="100 x points / mean points of the group",
)(activity_index)  # fmt: skip
