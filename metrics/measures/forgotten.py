"""Forgotten deals and leads, deals without a next step or with an overdue one (state at T).

A period given with these metrics is ignored: they say what a director must act on now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from metrics.errors import ParameterError, UnknownScopeError
from metrics.model import Model
from metrics.registry import Query, Result, metric
from metrics.scopes import Scope, deal_mask
from metrics.text import norm
from metrics.timeline import NAT, NS_PER_DAY, Timeline, ns

Parts = dict[str, np.ndarray]


def bound_activities(model: Model, owner_type: int) -> pd.DataFrame:
    """Activities bound to deals (2) or leads (1), with the item's row position ``pos``."""

    def build() -> pd.DataFrame:
        acts = model.frames["activities"]
        acts = acts[acts["owner_type_id"] == owner_type]
        items = model.deals if owner_type == 2 else model.leads
        pos = pd.Index(items["id"].to_numpy()).get_indexer(acts["owner_id"].to_numpy())
        keep = pos >= 0
        return pd.DataFrame(
            {
                "pos": pos[keep],
                "created": ns(acts["created"])[keep],
                "last_updated": ns(acts["last_updated"])[keep],
                "end_time": ns(acts["end_time"])[keep],
                "deadline": ns(acts["deadline"])[keep],
                "open": ~acts["completed"].to_numpy(dtype=bool)[keep],
            }
        )

    return model.cached(("bound_activities", owner_type), build)


def touch_state(model: Model, entity: str, t: int) -> Parts:
    """Per item at T: semantic, last_touch, open activities, overdue activities (cached)."""
    return model.cached(("touch", entity, t), lambda: _touch_state(model, entity, t))


def _touch_state(model: Model, entity: str, t: int) -> Parts:
    items = model.deals if entity == "deal" else model.leads
    timeline: Timeline = model.deal_timeline if entity == "deal" else model.lead_timeline
    n = len(items)
    touch = np.where(ns(items["created_time"]) <= t, ns(items["created_time"]), NAT)
    last_activity = ns(items["last_activity_time"])
    touch = np.maximum(touch, np.where(last_activity <= t, last_activity, NAT))
    changes = timeline.time <= t
    latest_at(touch, timeline.pos[changes], timeline.time[changes])
    acts = bound_activities(model, 2 if entity == "deal" else 1)
    pos = acts["pos"].to_numpy()
    latest = np.full(len(pos), NAT, dtype=np.int64)
    for column in ("created", "last_updated", "end_time"):
        times = acts[column].to_numpy()
        latest = np.maximum(latest, np.where(times <= t, times, NAT))
    ok = latest != NAT
    latest_at(touch, pos[ok], latest[ok])
    existing = acts["created"].to_numpy() <= t
    open_acts = acts["open"].to_numpy() & existing
    deadline = acts["deadline"].to_numpy()
    has_open = np.zeros(n, dtype=bool)
    has_open[pos[open_acts]] = True
    overdue = np.zeros(n, dtype=bool)
    late = open_acts & (deadline != NAT) & (deadline < t)
    overdue[pos[late]] = True
    is_open = timeline.semantic_at(t) == 0
    return {
        "open": is_open,
        "last_touch": touch,
        "no_next_step": is_open & ~has_open,
        "overdue": is_open & overdue,
    }


def forgotten_days(model: Model, entity: str, params: dict[str, str]) -> float:
    """N: the ``days`` parameter, else the setting of the entity."""
    default = (
        model.settings.forgotten_days_deals
        if entity == "deal"
        else model.settings.forgotten_days_leads
    )
    raw = params.get("days", default)
    try:
        days = float(raw)
    except ValueError:
        days = -1.0
    if days < 0:
        raise ParameterError(
            f'days must be a number of days >= 0, not "{raw}"',
            f'days - число дней не меньше 0, а не "{raw}"',
        )
    return days


def forgotten(model: Model, entity: str, t: int, days: float) -> np.ndarray:
    """Open items whose last touch is more than ``days`` before T."""
    parts = touch_state(model, entity, t)
    touch = parts["last_touch"]
    return parts["open"] & (touch != NAT) & (touch < t - int(days * NS_PER_DAY))


def latest_at(out: np.ndarray, pos: np.ndarray, times: np.ndarray) -> None:
    """out[p] = max(out[p], latest of ``times`` at position p), grouped without a Python loop."""
    if len(pos):
        latest = pd.Series(times).groupby(pos).max()
        index = latest.index.to_numpy()
        out[index] = np.maximum(out[index], latest.to_numpy())


def lead_mask(model: Model, scope: Scope) -> np.ndarray:
    """Leads of a scope: by responsible employee, department or source."""
    leads = model.leads
    assigned = leads["assigned_by_id"].to_numpy()
    if scope.kind == "all":
        return np.ones(len(leads), dtype=bool)
    if scope.kind == "dept" and scope.pipeline is None:
        return np.isin(assigned, model.org.dept_users(int(scope.key)))
    if scope.kind == "user" and scope.pipeline is None:
        return np.asarray(assigned == int(scope.key))
    if scope.kind == "source":
        values = leads["source_id"].astype(object).map(norm).to_numpy()
        return np.asarray(values == norm(scope.key))
    raise UnknownScopeError(
        f'"{scope.name}" cannot be used for leads: use a department, an employee or a source',
        f'"{scope.name}" не подходит для лидов: укажите отдел, сотрудника или источник',
    )


def state_count(entity: str, part: str) -> Callable[[Query], Result]:
    """The compute function counting items with ``part`` at T within the scope."""

    def compute(q: Query) -> Result:
        if part == "forgotten":
            flags = forgotten(q.model, entity, q.as_of, forgotten_days(q.model, entity, q.params))
        else:
            flags = touch_state(q.model, entity, q.as_of)[part]
        mask = deal_mask(q.model, q.scope) if entity == "deal" else lead_mask(q.model, q.scope)
        value = int(flags[mask].sum())
        return Result(value, float(value), None)

    return compute


COMMON: dict[str, Any] = {"kind": "state", "needs_period": False}
metric(
    id="forgotten_deals", unit="deals", params=("days",), **COMMON,
    label_ru="Забытые сделки", label_en="Forgotten deals",
    description_ru="Открытые на момент T сделки, которых не касались дольше N дней "
    "(forgotten_days_deals, по умолчанию 14). Касание - создание, смена стадии, создание, "
    "изменение или завершение привязанного дела, lastActivityTime. Период игнорируется.",
    description_en="Deals open at T untouched for more than N days (forgotten_days_deals, "
    "14 by default). A touch is the creation, a stage change, the creation, update or end of "
    "a bound activity, lastActivityTime. The period is ignored.",
    formula_ru="число открытых сделок с last_touch < T - N дней",
    formula_en="number of open deals with last_touch < T - N days",
)(state_count("deal", "forgotten"))  # fmt: skip
metric(
    id="forgotten_leads", unit="leads", params=("days",), **COMMON,
    label_ru="Забытые лиды", label_en="Forgotten leads",
    description_ru="Лиды в работе на момент T без касаний дольше N дней (forgotten_days_leads, "
    "по умолчанию 14; 365 фактически выключает). Касания - как у сделок, по истории статусов "
    "лида и его делам. Период игнорируется.",
    description_en="Leads in work at T untouched for more than N days (forgotten_days_leads, "
    "14 by default; 365 practically switches it off). Touches as for deals, from the lead's "
    "status history and activities. The period is ignored.",
    formula_ru="число лидов в работе с last_touch < T - N дней",
    formula_en="number of leads in work with last_touch < T - N days",
)(state_count("lead", "forgotten"))  # fmt: skip
metric(
    id="no_next_step_deals", unit="deals", **COMMON,
    label_ru="Сделки без следующего шага", label_en="Deals without a next step",
    description_ru="Открытые на момент T сделки без единого незавершённого дела. "
    "Период игнорируется.",
    description_en="Deals open at T without a single uncompleted activity. The period is ignored.",
    formula_ru="число открытых сделок без незавершённых дел",
    formula_en="number of open deals with no uncompleted activity",
)(state_count("deal", "no_next_step"))  # fmt: skip
metric(
    id="overdue_deals", unit="deals", **COMMON,
    label_ru="Сделки с просроченным делом", label_en="Deals with an overdue step",
    description_ru="Открытые на момент T сделки, у которых есть незавершённое дело со сроком "
    "(DEADLINE) раньше T. Период игнорируется.",
    description_en="Deals open at T with an uncompleted activity whose DEADLINE is before T. "
    "The period is ignored.",
    formula_ru="число открытых сделок с незавершённым делом, DEADLINE < T",
    formula_en="number of open deals with an uncompleted activity, DEADLINE < T",
)(state_count("deal", "overdue"))  # fmt: skip
