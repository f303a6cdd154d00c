"""Item lists: forgotten deals and leads (Незабудка) and the deal list behind every number.

Moments are shown as naive local times of the portal's time zone (Excel has no zones).

* ``forgotten_deals`` / ``forgotten_leads``: ``id, title, employee, stage, last_touch,
  days_idle, reason, reason_ru, link`` - open items that are forgotten (and for deals: without
  a next step, or with an overdue one); ``reason`` lists the codes ``forgotten``,
  ``no_next_step``, ``overdue``. Longest idle first.
* ``deals``: ``id, title, pipeline, stage, status, employee, department, amount, currency,
  created, closed, days_on_stage, days_since_created, last_touch, forgotten, link`` plus the
  configured custom fields. Param ``metric`` (a deal metric id) keeps the deals behind that
  number in the period; without it, every deal in work, created or closed in the period.
  ``status`` is the semantic at T: P in work, S won, F lost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.errors import ParameterError
from metrics.measures.forgotten import forgotten, forgotten_days, lead_mask, touch_state
from metrics.measures.sales import DEAL_PARTS
from metrics.measures.state import deal_state, sales_parts
from metrics.model import Model
from metrics.periods import zone
from metrics.reports.base import ReportRequest, report
from metrics.reports.pipeline import now_on_stage, stage_table
from metrics.scopes import deal_mask
from metrics.timeline import NAT, NS_PER_DAY

REASONS_RU = {
    "forgotten": "забыта",
    "no_next_step": "нет следующего шага",
    "overdue": "просрочено дело",
}
STATE_METRICS = {
    "forgotten_deals": "forgotten",
    "no_next_step_deals": "no_next_step",
    "overdue_deals": "overdue",
}


def local(model: Model, times: np.ndarray) -> pd.Series:
    """ns UTC -> naive local timestamps of the portal (NaT for empty)."""
    series = pd.Series(pd.to_datetime(np.where(times == NAT, 0, times), utc=True))
    series = series.dt.tz_convert(zone(model.tz)).dt.tz_localize(None)
    return series.where(times != NAT)


def idle_list(request: ReportRequest, entity: str) -> pd.DataFrame:
    """Open items that need action now, with why and since when."""
    model, t = request.model, request.as_of
    parts = touch_state(model, entity, t)
    flags = {
        "forgotten": forgotten(model, entity, t, forgotten_days(model, entity, request.params))
    }
    if entity == "deal":
        flags |= {"no_next_step": parts["no_next_step"], "overdue": parts["overdue"]}
        mask = deal_mask(model, request.scope)
    else:
        mask = lead_mask(model, request.scope)
    keep = mask & np.logical_or.reduce(list(flags.values()))
    items = (model.deals if entity == "deal" else model.leads)[keep]
    codes = [", ".join(k for k, v in flags.items() if v[i]) for i in np.flatnonzero(keep)]
    stages = dict(zip(stage_table(model)["stage_id"], stage_table(model)["stage"], strict=True))
    statuses = model.frames["statuses"]
    stages |= (
        dict(zip(statuses["status_id"].astype(str), statuses["name"].astype(str), strict=True))
        if entity == "lead"
        else {}
    )
    touch = parts["last_touch"][keep]
    out = pd.DataFrame(
        {
            "id": items["id"].to_numpy(),
            "title": items["title"].to_numpy(),
            "employee": items["assigned_by_id"].map(model.org.user_names).fillna("").to_numpy(),
            "stage": [stages.get(s, s) for s in items["stage_id"]],
            "last_touch": local(model, touch).to_numpy(),
            "days_idle": np.where(touch != NAT, (t - touch) / NS_PER_DAY, np.nan),
            "reason": codes,
        }
    )
    out["reason_ru"] = ["; ".join(REASONS_RU[c] for c in r.split(", ") if c) for r in codes]
    out["link"] = [model.link(entity, int(i)) for i in out["id"]]
    return out.sort_values(["days_idle", "id"], ascending=[False, True]).reset_index(drop=True)


@report("forgotten_deals")
def forgotten_deals(request: ReportRequest) -> pd.DataFrame:
    """Open deals forgotten, without a next step or with an overdue one."""
    return idle_list(request, "deal")


@report("forgotten_leads")
def forgotten_leads(request: ReportRequest) -> pd.DataFrame:
    """Leads in work untouched for longer than N days."""
    return idle_list(request, "lead")


def behind(request: ReportRequest) -> np.ndarray:
    """Deals behind the number of param ``metric`` (default: alive in the period)."""
    model, t = request.model, request.as_of
    start, end = request.bounds()
    parts = sales_parts(model, t, start, end)
    name = request.params.get("metric", "")
    if name in DEAL_PARTS:
        num, den, _ = DEAL_PARTS[name]
        chosen = parts[num] > 0
        return chosen | (parts[den] > 0) if den else chosen
    if name in STATE_METRICS:
        flags = touch_state(model, "deal", t)
        if name == "forgotten_deals":
            return forgotten(model, "deal", t, forgotten_days(model, "deal", request.params))
        return flags[STATE_METRICS[name]]
    if name:
        known = ", ".join([*DEAL_PARTS, *STATE_METRICS])
        raise ParameterError(
            f'no deal list behind "{name}"; use one of {known}',
            f'нет списка сделок для "{name}"; есть {known}',
        )
    return (parts["conv_base"] + parts["won"] + parts["lost"] + parts["in_work"]) > 0


@report("deals")
def deals(request: ReportRequest) -> pd.DataFrame:
    """The deal list behind a number (see the module doc)."""
    model, t = request.model, request.as_of
    keep = deal_mask(model, request.scope) & behind(request)
    items = model.deals[keep]
    now = now_on_stage(model, t)[keep]
    state = deal_state(model, t)
    closed = np.maximum(state["won_at"], state["lost_at"])[keep]
    stages = dict(zip(stage_table(model)["stage_id"], stage_table(model)["stage"], strict=True))
    cats = model.frames["categories"]
    pipes = dict(zip(cats["id"].astype(int), cats["name"].astype(str), strict=True))
    touch = touch_state(model, "deal", t)["last_touch"][keep]
    org = model.org
    days = forgotten_days(model, "deal", {})
    out = pd.DataFrame(
        {
            "id": items["id"].to_numpy(),
            "title": items["title"].to_numpy(),
            "pipeline": items["category_id"].map(pipes).fillna("").to_numpy(),
            "stage": [stages.get(s, s) for s in now["stage_id"]],
            "status": now["semantic"].to_numpy(),
            "employee": items["assigned_by_id"].map(org.user_names).fillna("").to_numpy(),
            "department": [
                org.names.get(org.user_department(int(u)), "") for u in items["assigned_by_id"]
            ],
            "amount": model.amount[keep],
            "currency": items["currency_id"].to_numpy(),
            "created": local(model, model.deal_created[keep]).to_numpy(),
            "closed": local(model, closed).to_numpy(),
            "days_on_stage": (t - now["entered"].to_numpy()) / NS_PER_DAY,
            "days_since_created": (t - model.deal_created[keep]) / NS_PER_DAY,
            "last_touch": local(model, touch).to_numpy(),
            "forgotten": forgotten(model, "deal", t, days)[keep],
        }
    )
    out["link"] = [model.link("deal", int(i)) for i in out["id"]]
    settings = model.settings
    for column in dict.fromkeys(
        [settings.gross_profit_field, settings.city_field, *settings.uf_fields]
    ):
        if column and column in items:
            out[column] = items[column].to_numpy()
    return out.sort_values("id").reset_index(drop=True)
