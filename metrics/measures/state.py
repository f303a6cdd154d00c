"""Per-T and per-period arrays shared by the deal metrics and the report tables (cached)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.model import Model
from metrics.timeline import NAT, NS_PER_DAY

Parts = dict[str, np.ndarray]


def deal_state(model: Model, t: int) -> Parts:
    """Deals at T: semantic (-1 not yet created), won_at, lost_at, first win of the client."""
    return model.cached(("deal_state", t), lambda: _deal_state(model, t))


def _deal_state(model: Model, t: int) -> Parts:
    sem, won_at, lost_at = model.deal_timeline.closed_at(t)
    client = model.client
    has_client = client > 0
    first_won = np.full(len(client), NAT, dtype=np.int64)
    winners = (won_at != NAT) & has_client
    if winners.any():
        order = np.lexsort((won_at[winners], client[winners]))
        keys, times = client[winners][order], won_at[winners][order]
        starts = np.r_[True, keys[1:] != keys[:-1]]
        lookup = dict(zip(keys[starts].tolist(), times[starts].tolist(), strict=True))
        first_won[has_client] = [lookup.get(k, NAT) for k in client[has_client].tolist()]
    return {"sem": sem, "won_at": won_at, "lost_at": lost_at, "client_first_won": first_won}


def within(times: np.ndarray, start: int, end: int, t: int) -> np.ndarray:
    """Times in ``[start, end)`` and not after T (empty times never are)."""
    return (times != NAT) & (times >= start) & (times < end) & (times <= t)


def sales_parts(model: Model, t: int, start: int, end: int) -> Parts:
    """Per-deal additive parts of every sales measure for one period (cached)."""
    return model.cached(("sales", t, start, end), lambda: _sales_parts(model, t, start, end))


def _sales_parts(model: Model, t: int, start: int, end: int) -> Parts:
    state = deal_state(model, t)
    created_at = model.deal_created
    created = within(created_at, start, end, t)
    won = within(state["won_at"], start, end, t)
    lost = within(state["lost_at"], start, end, t)
    t0 = min(start, t)
    open_start = (created_at != NAT) & (created_at < t0)
    open_start &= model.deal_timeline.semantic_at(t0, inclusive=True) == 0
    if t < end:  # the period is not over: the state now
        sem_end = model.deal_timeline.semantic_at(t, inclusive=True)
    else:  # the state just before the period's exclusive end
        sem_end = model.deal_timeline.semantic_at(end, inclusive=False)
    cycle = np.where(won, np.maximum(state["won_at"] - created_at, 0) / NS_PER_DAY, 0.0)
    repeat = (
        won & (state["client_first_won"] != NAT) & (state["won_at"] > state["client_first_won"])
    )
    parts = {
        "created": created,
        "won": won,
        "won_amount": np.where(won, model.amount, 0.0),
        "lost": lost,
        "open_start": open_start,
        "in_work": sem_end == 0,
        "conv_num": created & (state["sem"] == 1),
        "conv_base": open_start | created,
        "cycle_days": cycle,
        "repeat": repeat,
        "new": won & ~repeat,
    }
    gp_field = model.settings.gross_profit_field
    parts["gross_profit"] = won_measure(model, gp_field, won)
    for column in model.settings.uf_fields:
        parts[f"uf_sum:{column}"] = won_measure(model, column, won)
    return {k: v.astype(np.float64) for k, v in parts.items()}


def won_measure(model: Model, column: str, won: np.ndarray) -> np.ndarray:
    """A numeric deal field summed over won deals (0 where empty or not numeric)."""
    if not column or column not in model.deals:
        return np.zeros(len(won))
    numbers = pd.to_numeric(model.deals[column], errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    return np.where(won, np.nan_to_num(numbers), 0.0)
