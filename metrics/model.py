"""Everything derived once per frames revision: typed arrays, timelines, the org tree.

:func:`model_for` caches one :class:`Model` per (frames revision, settings) in-process, so a
warm ``metric_value`` only masks and sums arrays. Frames without a revision are cached on
the frames object itself.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from metrics.frames import PortalFrames
from metrics.org import Org
from metrics.settings import Settings
from metrics.timeline import NAT, Timeline, ns

MODEL_CACHE: OrderedDict[tuple[str, str], Model] = OrderedDict()
MODEL_CACHE_SIZE = 4


@dataclass
class Model:
    """Arrays and structures the metric functions read; ``cache`` holds per-T results."""

    frames: PortalFrames
    settings: Settings
    tz: str
    org: Org
    deals: pd.DataFrame
    deal_created: np.ndarray
    amount: np.ndarray
    client: np.ndarray
    deal_timeline: Timeline
    leads: pd.DataFrame
    lead_timeline: Timeline
    default_as_of: int
    cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return self.frames.portal.domain

    def link(self, entity: str, item_id: int) -> str:
        """The card link ``https://PORTAL/crm/deal/details/ID/`` (lead likewise)."""
        return f"https://{self.domain}/crm/{entity}/details/{item_id}/"

    def cached(self, key: Any, build: Any) -> Any:
        """A per-model memo (bounded) for per-T and per-period results."""
        if key not in self.cache:
            if len(self.cache) > 512:
                self.cache.clear()
            self.cache[key] = build()
        return self.cache[key]


def model_for(frames: PortalFrames, settings: Settings | None = None) -> Model:
    """The cached model of ``frames`` under ``settings`` (built on first use)."""
    settings = settings or Settings()
    skey = settings.cache_key
    if not frames.revision:
        own = frames.extra.setdefault("_metrics_models", {})
        assert isinstance(own, dict)
        if skey not in own:
            own[skey] = build_model(frames, settings)
        model: Model = own[skey]
        return model
    key = (frames.revision, skey)
    if key in MODEL_CACHE:  # the revision changes whenever the data does
        MODEL_CACHE.move_to_end(key)
        return MODEL_CACHE[key]
    MODEL_CACHE[key] = build_model(frames, settings)
    while len(MODEL_CACHE) > MODEL_CACHE_SIZE:
        MODEL_CACHE.popitem(last=False)
    return MODEL_CACHE[key]


def build_model(frames: PortalFrames, settings: Settings) -> Model:
    """Derive the arrays and timelines of one portal."""
    deals = frames["deals"].reset_index(drop=True)
    leads = frames["leads"].reset_index(drop=True)
    history = frames["stage_history"]
    statuses = frames["statuses"]
    org = Org.from_frames(frames["users"], frames["departments"], frames["user_departments"])
    deal_hist = history[history["entity_type_id"] == 2]
    lead_hist = history[history["entity_type_id"] == 1]
    return Model(
        frames=frames,
        settings=settings.for_columns([str(c) for c in deals.columns]),
        tz=settings.timezone or frames.portal.timezone or "UTC",
        org=org,
        deals=deals,
        deal_created=ns(deals["created_time"]),
        amount=base_amounts(deals, frames["currencies"], settings.base_currency),
        client=np.where(
            deals["company_id"].to_numpy() > 0,
            deals["company_id"].to_numpy() * 2 + 1,
            deals["contact_id"].to_numpy() * 2,
        ),
        deal_timeline=Timeline.build(deals, deal_hist, first_stages(deals, statuses)),
        leads=leads,
        lead_timeline=Timeline.build(leads, lead_hist, first_lead_stage(leads, statuses)),
        default_as_of=default_as_of(frames),
    )


def base_amounts(deals: pd.DataFrame, currencies: pd.DataFrame, base: str) -> np.ndarray:
    """``opportunity`` in the base currency (rate = AMOUNT / AMOUNT_CNT); unknown rates: as is."""
    rates = {
        str(c): float(a) / float(n) if n else 1.0
        for c, a, n in zip(
            currencies["currency"], currencies["amount"], currencies["amount_cnt"], strict=True
        )
        if a
    }
    portal_base = [
        str(c) for c, b in zip(currencies["currency"], currencies["base"], strict=True) if b
    ]
    for code in portal_base:
        rates[code] = 1.0
    divisor = rates.get(base, 1.0) if base else 1.0
    rate = deals["currency_id"].astype(str).map(rates).fillna(1.0).to_numpy(dtype=np.float64)
    money = deals["opportunity"].fillna(0.0).to_numpy(dtype=np.float64)
    return money * rate / divisor


def first_stages(deals: pd.DataFrame, statuses: pd.DataFrame) -> pd.Series:
    """Each deal's pipeline's first in-work stage (by SORT), for the synthetic opening record."""
    stages = statuses[statuses["entity_id"].astype(str).str.startswith("DEAL_STAGE")]
    stages = stages[stages["semantics"] == "P"].sort_values(["sort", "status_id"])
    first = stages.groupby("category_id")["status_id"].first()
    mapped = deals["category_id"].map(first)
    return mapped.where(mapped.notna(), deals["stage_id"]).astype(object)


def first_lead_stage(leads: pd.DataFrame, statuses: pd.DataFrame) -> pd.Series:
    """The first in-work lead status (ENTITY_ID STATUS, by SORT) for every lead."""
    stages = statuses[(statuses["entity_id"] == "STATUS") & (statuses["semantics"] == "P")]
    first = stages.sort_values(["sort", "status_id"])["status_id"].iloc[0] if len(stages) else ""
    return pd.Series([first] * len(leads), dtype=object)


def default_as_of(frames: PortalFrames) -> int:
    """T: the last successful sync; without one, the latest moment found in the data."""
    if frames.portal.last_sync is not None:
        return int(pd.Timestamp(frames.portal.last_sync).value)
    candidates = [
        ns(frames["deals"]["updated_time"]),
        ns(frames["deals"]["created_time"]),
        ns(frames["stage_history"]["created_time"]),
        ns(frames["activities"]["last_updated"]),
        ns(frames["activities"]["created"]),
        ns(frames["tasks"]["changed_date"]),
        ns(frames["leads"]["updated_time"]),
    ]
    latest = max((int(c[c != NAT].max()) for c in candidates if (c != NAT).any()), default=0)
    return latest
