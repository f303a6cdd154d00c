"""Pipeline reports: stage view, status view, stuck deals on a key stage.

* ``pipeline``: ``pipeline_id, pipeline, stage_id, stage, semantic, sort, deals, amount,
  avg_days_on_stage`` - deals on each stage at T (count, sum in the base currency) and the
  mean days of the stays on the stage that began in the period.
* ``pipeline_status``: ``pipeline_id, pipeline, semantic, status, deals, amount`` - the same
  deals grouped by in work / won / lost.
* ``stuck_deals``: ``deal_id, title, pipeline, stage, employee, amount, days_on_stage,
  days_since_created, link`` - open deals now on the key stage (param ``stage``, else the
  setting ``key_stage``, else every in-work stage), longest on the stage first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.measures.pipeline import stage_id, stays
from metrics.model import Model
from metrics.reports.base import ReportRequest, report
from metrics.scopes import deal_mask
from metrics.timeline import NAT, NS_PER_DAY

SEMANTIC_NAMES = {
    "P": ("В работе", "In work"),
    "S": ("Успешные", "Won"),
    "F": ("Проигранные", "Lost"),
}
SEM_LETTER = np.array(["P", "S", "F"])


def now_on_stage(model: Model, t: int) -> pd.DataFrame:
    """Every existing deal at T: its stage, semantic and when it entered the stage."""

    def build() -> pd.DataFrame:
        tl = model.deal_timeline
        rec = tl.active(t)
        ok = rec >= 0
        stage = model.deals["stage_id"].to_numpy(dtype=object).copy()
        stage[ok] = tl.stage[rec[ok]]
        sem = np.full(len(rec), "P", dtype=object)
        sem[ok] = SEM_LETTER[tl.sem[rec[ok]]]
        entered = np.full(len(rec), NAT, dtype=np.int64)
        entered[ok] = tl.time[rec[ok]]
        return pd.DataFrame({"exists": ok, "stage_id": stage, "semantic": sem, "entered": entered})

    return model.cached(("now_on_stage", t), build)


def stage_table(model: Model) -> pd.DataFrame:
    """Deal stages of every pipeline with their names, sort and semantics."""
    statuses = model.frames["statuses"]
    stages = statuses[statuses["entity_id"].astype(str).str.startswith("DEAL_STAGE")]
    cats = model.frames["categories"]
    names = dict(zip(cats["id"].astype(int), cats["name"].astype(str), strict=True))
    out = pd.DataFrame(
        {
            "pipeline_id": stages["category_id"].astype(int).to_numpy(),
            "stage_id": stages["status_id"].astype(str).to_numpy(),
            "stage": stages["name"].astype(str).to_numpy(),
            "semantic": stages["semantics"].to_numpy(),
            "sort": stages["sort"].astype(int).to_numpy(),
        }
    )
    out.insert(1, "pipeline", out["pipeline_id"].map(names).fillna("").astype(object))
    return out


@report("pipeline")
def pipeline(request: ReportRequest) -> pd.DataFrame:
    """Per stage: deals now on it, their sum, mean days of the stays begun in the period."""
    key = ("pipeline", request.scope.id, request.period, request.as_of)
    return request.model.cached(key, lambda: _pipeline(request)).copy()


def _pipeline(request: ReportRequest) -> pd.DataFrame:
    model, t = request.model, request.as_of
    mask = deal_mask(model, request.scope)
    now = now_on_stage(model, t)
    on = pd.DataFrame(
        {
            "pipeline_id": model.deals["category_id"].to_numpy(),
            "stage_id": now["stage_id"].to_numpy(),
            "amount": model.amount,
        }
    )[mask & now["exists"].to_numpy()]
    counts = on.groupby(["pipeline_id", "stage_id"]).agg(
        deals=("amount", "size"), amount=("amount", "sum")
    )
    start, end = request.bounds()
    table = stays(model, t, start, end)
    keep = mask[table["pos"]]
    stay = pd.DataFrame(
        {
            "pipeline_id": model.deals["category_id"].to_numpy()[table["pos"][keep]],
            "stage_id": table["stage"][keep],
            "days": table["days"][keep],
        }
    )
    days = stay.groupby(["pipeline_id", "stage_id"])["days"].mean().rename("avg_days_on_stage")
    stages = stage_table(model).set_index(["pipeline_id", "stage_id"])
    out = stages.join(counts, how="outer").join(days, how="left").reset_index()
    out["deals"] = out["deals"].fillna(0).astype(int)
    out["amount"] = out["amount"].fillna(0.0)
    out["stage"] = out["stage"].fillna(out["stage_id"])
    out["semantic"] = out["semantic"].fillna("P")
    out["sort"] = out["sort"].fillna(0).astype(int)
    cats = model.frames["categories"]
    names = dict(zip(cats["id"].astype(int), cats["name"].astype(str), strict=True))
    out["pipeline"] = out["pipeline_id"].map(names).fillna("").astype(object)
    out["avg_days_on_stage"] = (
        out["avg_days_on_stage"].astype(object).where(out["avg_days_on_stage"].notna(), None)
    )
    columns = [
        "pipeline_id",
        "pipeline",
        "stage_id",
        "stage",
        "semantic",
        "sort",
        "deals",
        "amount",
        "avg_days_on_stage",
    ]
    return out.sort_values(["pipeline_id", "sort", "stage_id"])[columns].reset_index(drop=True)


@report("pipeline_status")
def pipeline_status(request: ReportRequest) -> pd.DataFrame:
    """Deals at T grouped by pipeline and semantic (in work / won / lost)."""
    stages = pipeline(request)
    out = stages.groupby(["pipeline_id", "pipeline", "semantic"], as_index=False)[
        ["deals", "amount"]
    ].sum()
    out["status"] = out["semantic"].map(lambda s: SEMANTIC_NAMES[s][0])
    out["status_en"] = out["semantic"].map(lambda s: SEMANTIC_NAMES[s][1])
    order = out["semantic"].map({"P": 0, "S": 1, "F": 2})
    out = out.assign(order=order).sort_values(["pipeline_id", "order"]).drop(columns="order")
    return out[
        ["pipeline_id", "pipeline", "semantic", "status", "status_en", "deals", "amount"]
    ].reset_index(drop=True)


@report("stuck_deals")
def stuck_deals(request: ReportRequest) -> pd.DataFrame:
    """Open deals on the key stage, longest on the stage first, with card links."""
    model, t = request.model, request.as_of
    now = now_on_stage(model, t)
    keep = (
        deal_mask(model, request.scope)
        & now["exists"].to_numpy()
        & (now["semantic"].to_numpy() == "P")
    )
    key = request.params.get("stage") or model.settings.key_stage
    if key:
        keep &= now["stage_id"].to_numpy() == stage_id(model, key)
    deals = model.deals[keep]
    stage_names = dict(
        zip(stage_table(model)["stage_id"], stage_table(model)["stage"], strict=True)
    )
    cats = model.frames["categories"]
    pipes = dict(zip(cats["id"].astype(int), cats["name"].astype(str), strict=True))
    out = pd.DataFrame(
        {
            "deal_id": deals["id"].to_numpy(),
            "title": deals["title"].to_numpy(),
            "pipeline": deals["category_id"].map(pipes).fillna("").to_numpy(),
            "stage": [stage_names.get(s, s) for s in now["stage_id"].to_numpy()[keep]],
            "employee": deals["assigned_by_id"].map(model.org.user_names).fillna("").to_numpy(),
            "amount": model.amount[keep],
            "days_on_stage": (t - now["entered"].to_numpy()[keep]) / NS_PER_DAY,
            "days_since_created": (t - model.deal_created[keep]) / NS_PER_DAY,
        }
    )
    out["link"] = [model.link("deal", int(i)) for i in out["deal_id"]]
    return out.sort_values(["days_on_stage", "deal_id"], ascending=[False, True]).reset_index(
        drop=True
    )
